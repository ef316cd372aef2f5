import fs from 'node:fs';

export default async function globalTeardown(): Promise<void> {
  await globalThis.__GUAZHI_EMBEDDED__?.stop();
  const dir = globalThis.__GUAZHI_EMBEDDED_DIR__;
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
}
