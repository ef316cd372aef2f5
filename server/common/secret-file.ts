import { randomBytes } from 'node:crypto';
import fs from 'node:fs';

/**
 * A random secret kept in `file` (mode 0600), created on first use: the embedded development
 * database's JWT key and PostgreSQL password live beside its data, never in the source. Hex, so
 * it fits a connection URL as it is. A file someone widened is narrowed back to 0600.
 */
export function readOrCreateSecret(file: string, bytes = 32): string {
  // Its folder is the caller's to make (`ensureDirectory`), with the setting that names it.
  try {
    fs.writeFileSync(file, randomBytes(bytes).toString('hex'), { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  if ((fs.statSync(file).mode & 0o077) !== 0) fs.chmodSync(file, 0o600);
  const secret = fs.readFileSync(file, 'utf8').trim();
  if (secret.length < 32) throw new Error(`${file} holds a secret shorter than 32 characters`);
  return secret;
}
