import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const root = path.resolve(__dirname, '..');

// exceljs and zxcvbn's dictionaries are about 25 MiB of heap together; a server answering only
// GraphQL never needs them, so they are loaded on first use (issue #12's memory goal).
describe('modules loaded on first use', () => {
  it('loads neither exceljs nor the password dictionaries with the server, and both when used', async () => {
    const { stdout } = await run(
      process.execPath,
      [path.join(root, 'test/support/run-ts.cjs'), path.join(root, 'test/support/print-loaded.ts')],
      { cwd: root, timeout: 60_000 },
    );
    const report = JSON.parse(stdout.trim().split('\n').pop()!) as {
      atStart: string[];
      afterUse: string[];
      workbook: string;
      score: number;
    };
    expect(report.atStart).toEqual([]);
    expect(report.afterUse).toEqual([
      'exceljs',
      '@zxcvbn-ts/language-common',
      '@zxcvbn-ts/language-en',
    ]);
    expect(report.workbook).toBe('function');
    // Four common words: zxcvbn's own example of a strong password.
    expect(report.score).toBeGreaterThanOrEqual(3);
  });
});
