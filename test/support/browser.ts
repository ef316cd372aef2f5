import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';

/** Debian's Chromium, which the browser tests drive (playwright-core downloads no browser). */
export const CHROMIUM = '/usr/bin/chromium';
/** Where the browser tests save their screenshots (gitignored), for a person to look at. */
export const SCREENSHOTS = path.join(__dirname, '..', 'screenshots');

/** Launches Chromium, or fails at once saying how to install it; makes the screenshots folder. */
export async function launchChromium(what: string): Promise<Browser> {
  if (!fs.existsSync(CHROMIUM)) {
    throw new Error(
      `No browser at ${CHROMIUM}: the ${what} browser test drives Debian's Chromium. ` +
        'Install it with `apt-get install -y chromium fonts-noto-cjk` (README, "Browser tests").',
    );
  }
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  return chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
}
