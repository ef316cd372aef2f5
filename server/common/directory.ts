import fs from 'node:fs';
import path from 'node:path';

/**
 * Creates `dir` and its missing parents one at a time, or says in one line why it cannot, naming
 * the setting that chose it. Not `mkdirSync(…, { recursive: true })`: on a pseudo file system
 * (`/proc/x`) Node's recursive mkdir retries ENOENT forever, and its errors name no setting.
 */
export function ensureDirectory(dir: string, setting: string): void {
  const target = path.resolve(dir);
  const missing: string[] = [];
  for (let current = target; !fs.existsSync(current); current = path.dirname(current)) {
    missing.unshift(current);
    if (path.dirname(current) === current) break;
  }
  for (const folder of missing) {
    try {
      fs.mkdirSync(folder);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EEXIST') continue;
      throw new Error(
        `${setting}=${dir} cannot be created (${code ?? 'error'} at ${folder}): set ${setting} to a folder this user can write`,
      );
    }
  }
  if (!fs.statSync(target).isDirectory()) {
    throw new Error(`${setting}=${dir} is a file, not a folder: set ${setting} to a folder`);
  }
}
