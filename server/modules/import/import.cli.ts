import { createReadStream, existsSync } from 'node:fs';
import { contextFor, type ContextDeps } from '../../context';
import { ImportFileError } from './file-errors';
import { IMPORT_KINDS, isImportKind, type ImportKind } from './import-kinds';
import { importPolicy } from './import.policy';
import { importService, type ImportSummary } from './import.service';

export const IMPORT_USAGE = `usage: npm run import -- <${IMPORT_KINDS.join('|')}> FILE [--dry-run]`;

/** A mistake on the command line: reported with the usage, without a stack trace. */
export class UsageError extends Error {}

interface ImportArgs {
  kind: ImportKind;
  file: string;
  dryRun: boolean;
}

export function parseImportArgs(argv: readonly string[]): ImportArgs {
  const dryRun = argv.includes('--dry-run');
  const rest = argv.filter((arg) => arg !== '--dry-run');
  const unknown = rest.find((arg) => arg.startsWith('--'));
  if (unknown) throw new UsageError(`unknown option "${unknown}"`);
  if (rest.length !== 2) throw new UsageError('expected a kind and a file');
  const [kind, file] = rest;
  if (!isImportKind(kind)) throw new UsageError(`unknown kind "${kind}"`);
  if (!existsSync(file)) throw new UsageError(`no file ${file}`);
  return { kind, file, dryRun };
}

export function formatSummary(summary: ImportSummary): string[] {
  const lines = [
    `import ${summary.importId}: ${summary.kind}${summary.dryRun ? ' (dry run)' : ''}, ` +
      `${summary.rows} rows: ${summary.created} created, ${summary.updated} updated, ` +
      `${summary.unchanged} unchanged, ${summary.errors.length} errors`,
  ];
  for (const e of summary.errors) {
    lines.push(`  line ${e.line}${e.column ? ` [${e.column}]` : ''} ${e.code}: ${e.message.en}`);
  }
  if (summary.errors.length > 0) lines.push('nothing was written');
  else if (summary.dryRun) lines.push('dry run: nothing was written');
  for (const p of summary.oneTimePasswords ?? []) {
    lines.push(`  line ${p.line} ${p.username}: one-time password ${p.password}`);
  }
  return lines;
}

/**
 * `npm run import -- <kind> FILE [--dry-run]` on an open database: the same import as
 * `POST /import/<kind>`, its summary printed. 0 when the file was accepted, 1 when refused.
 */
export async function runImportCommand(
  argv: readonly string[],
  deps: ContextDeps,
  print: (line: string) => void,
): Promise<number> {
  const args = parseImportArgs(argv);
  const ctx = contextFor(deps, importPolicy.systemViewer, 'cli');
  try {
    const summary = await importService.run(ctx, {
      kind: args.kind,
      source: createReadStream(args.file),
      dryRun: args.dryRun,
    });
    formatSummary(summary).forEach((line) => print(line));
    return summary.errors.length > 0 ? 1 : 0;
  } catch (error) {
    if (!(error instanceof ImportFileError)) throw error;
    print(`${args.file}: ${error.code}: ${error.message}`);
    for (const e of error.errors) print(`  ${e.column ?? ''} ${e.code}: ${e.message.en}`);
    return 1;
  }
}
