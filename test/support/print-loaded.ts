// Run by test/lazy-modules.test.ts in a plain Node process (`node test/support/run-ts.cjs …`):
// Jest's module registry is not Node's require.cache. Prints, as one JSON line, the packages of
// interest that are loaded after the whole server's module graph is, then after a spreadsheet and
// a password check have been asked for.
import path from 'node:path';
// The whole server's module graph, statically, as `npm start` loads it.
import '../../server/app';
import { loadExcelJS } from '../../server/common/exceljs';
import { judgePassword } from '../../server/modules/auth/password-strength';

const WATCHED = ['exceljs', '@zxcvbn-ts/language-common', '@zxcvbn-ts/language-en'];

const loaded = () =>
  WATCHED.filter((name) =>
    Object.keys(require.cache).some((file) =>
      file.includes(`${path.sep}node_modules${path.sep}${name.replace('/', path.sep)}${path.sep}`),
    ),
  );

async function main() {
  const atStart = loaded();
  const ExcelJS = await loadExcelJS();
  const verdict = await judgePassword('correct horse battery staple', []);
  process.stdout.write(
    `${JSON.stringify({ atStart, afterUse: loaded(), workbook: typeof ExcelJS.Workbook, score: verdict.score })}\n`,
  );
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
