import fs from 'node:fs';
import path from 'node:path';

/** The repository root (where package.json is), whether running from server/ or dist/server/. */
export function projectRoot(from = __dirname): string {
  let dir = from;
  while (!fs.existsSync(path.join(dir, 'package.json'))) {
    const up = path.dirname(dir);
    if (up === dir) throw new Error(`No package.json above ${from}`);
    dir = up;
  }
  return dir;
}
