import type { Text } from '../../common/text';
import { randomUUID } from 'node:crypto';
import type { Context, TxContext } from '../../context';
import { BusinessError, declaredRefusal, runMutation } from '../../common/mutation';
import type { FieldProblem } from '../../common/validation';
import { userImportService } from '../auth/user-import.service';
import { usernameKey } from '../auth/user-account.rules';
import { cadreWriteService, type CadreRowPlan } from '../cadre/cadre-write.service';
import { normalizeIdNumber } from '../cadre/cadre.rules';
import { unitWriteService } from '../unit/unit-write.service';
import { normalizeUnitCode } from '../unit/unit.rules';
import type { ImportSource } from './file-bytes';
import type { RowError, RowErrorCode } from './file-errors';
import { tableOf, type ImportKind, type ImportKinds } from './import-kinds';
import { readImportFile, type RowCheck } from './import-reader';
import type { ImportLimits } from './limits';

/** What one row did, or would have done (a dry run), or every reason it was refused. */
type RowOutcome =
  | {
      outcome: 'created' | 'updated' | 'unchanged';
      password?: { username: string; password: string };
    }
  | {
      outcome: 'refused';
      problems: readonly { field: string | null; code: string; message: Text }[];
    };

/** A row's plan as a batch writer makes it: what writing it will do, or why it is refused. */
type PlannedRow =
  { outcome: 'created' | 'updated' | 'unchanged' } | { outcome: 'refused'; error: unknown };

/**
 * How a kind writes its rows a chunk at a time: `plan` finds and checks a chunk's rows with a few
 * queries and writes nothing; `write` writes the plans (refused and unchanged ones write nothing)
 * with a few statements. Called with one plan, `write` writes that row alone.
 */
interface KindBatch<V, P extends PlannedRow> {
  plan(ctx: TxContext, rows: readonly { row: V; reason: string }[]): Promise<P[]>;
  write(ctx: TxContext, plans: readonly P[]): Promise<void>;
}

/** How one kind's rows are checked, keyed and written, by its concept's own service. */
interface KindRows<V> {
  check: (values: V) => readonly FieldProblem[];
  /** The natural key an upsert matches on, normalised by its service's own normaliser. */
  key: (values: V) => { field: keyof V & string; value: string };
  /** Row by row, in file order: for kinds whose rows refer to rows before them (units). */
  upsert?: (ctx: TxContext, values: V, reason: string) => Promise<RowOutcome>;
  /** A chunk at a time: for kinds whose rows are independent of each other (cadres). */
  batch?: KindBatch<V, PlannedRow>;
}

/** Rows per chunk of a batch import: one lookup and one INSERT per chunk, and a bounded savepoint. */
export const IMPORT_CHUNK_ROWS = 1000;

const KIND_ROWS: { readonly [K in ImportKind]: KindRows<ImportKinds[K]> } = {
  units: {
    check: (row) => unitWriteService.rowProblems(row),
    key: (row) => ({ field: 'code', value: normalizeUnitCode(row.code) }),
    upsert: async (ctx, row, reason) => ({
      outcome: (await unitWriteService.upsertRow(ctx, row, { reason })).outcome,
    }),
  },
  cadres: {
    check: (row) => cadreWriteService.rowProblems(row),
    key: (row) => ({ field: 'idNumber', value: normalizeIdNumber(row.idNumber) }),
    batch: {
      plan: (ctx, rows) => cadreWriteService.planRows(ctx, rows),
      write: (ctx, plans: readonly CadreRowPlan[]) => cadreWriteService.writeRows(ctx, plans),
    },
  },
  users: {
    check: (row) => userImportService.rowProblems(row),
    key: (row) => ({ field: 'username', value: usernameKey(row.username) }),
    upsert: async (ctx, row, reason) => {
      const result = await userImportService.upsertRow(ctx, row, { reason });
      if (result.outcome === 'refused') {
        return {
          outcome: 'refused',
          problems: result.userErrors.map((e) => ({
            field: e.field?.[0] ?? null,
            code: e.code,
            message: e.text,
          })),
        };
      }
      const { user, oneTimePassword } = result;
      return oneTimePassword && user
        ? {
            outcome: result.outcome,
            password: { username: user.username, password: oneTimePassword },
          }
        : { outcome: result.outcome };
    },
  },
};

/**
 * A service's row rules as the reader's hook. The services name the fields of the row they were
 * given, which are the table's; a field that is not (none today) gets no column, not a crash.
 */
function rowCheck<V>(check: KindRows<V>['check']): RowCheck<V> {
  return (values) => check(values).map((p) => ({ ...p, field: p.field as keyof V & string }));
}

export interface ImportRequest<K extends ImportKind> {
  kind: K;
  source: ImportSource;
  dryRun: boolean;
  limits?: Partial<ImportLimits>;
}

/** The answer of `POST /import/<kind>` and of `npm run import`. */
export interface ImportSummary {
  importId: string;
  dryRun: boolean;
  kind: ImportKind;
  /**
   * Whether the rows were written: false for a dry run and whenever any row is refused. The counts
   * then say what a run without errors would do, not what happened.
   */
  written: boolean;
  /** Data rows in the file, refused ones included. */
  rows: number;
  created: number;
  updated: number;
  unchanged: number;
  /** Every refused cell or row, in file order; any at all means nothing was written. */
  errors: RowError[];
  /** A real users import only: each new account's one-time password, shown this once. */
  oneTimePasswords?: { line: number; username: string; password: string }[];
}

/** Thrown at the end of a dry run or a refused import so that the transaction rolls back. */
class RolledBack extends Error {
  constructor(readonly summary: ImportSummary) {
    super('import rolled back');
  }
}

export class ImportService {
  /**
   * Reads the whole file (throws `ImportFileError` when it is refused as a whole), then upserts
   * every row in one transaction, in file order. Units and users go row by row (a unit earlier
   * in the file is a parent found by a later row), each under its own savepoint; cadres go a
   * chunk of IMPORT_CHUNK_ROWS at a time (`writeChunk`: a few statements per chunk, not per row).
   * Either way a refused row is undone alone and the rows after it are still checked, so the
   * answer lists every bad row. Any bad row, or a dry run, rolls the whole transaction back:
   * nothing is written.
   */
  async run<K extends ImportKind>(ctx: Context, request: ImportRequest<K>): Promise<ImportSummary> {
    const rowsOf = KIND_ROWS[request.kind] as KindRows<ImportKinds[K]>;
    const table = tableOf(request.kind);
    const check = rowCheck(rowsOf.check);
    const reading = await readImportFile(request.source, table, { limits: request.limits, check });
    const columnOf = (field: string | null): string | null =>
      field !== null && Object.hasOwn(reading.columnOf, field)
        ? reading.columnOf[field as keyof ImportKinds[K] & string]
        : null;
    const importId = randomUUID();
    const summary: ImportSummary = {
      importId,
      dryRun: request.dryRun,
      kind: request.kind,
      written: false,
      rows: reading.rows.length + new Set(reading.errors.map((e) => e.line)).size,
      created: 0,
      updated: 0,
      unchanged: 0,
      errors: [],
    };
    const readerErrors = reading.errors.map((e) => ({ ...e, column: e.column ?? null }));
    const passwords: NonNullable<ImportSummary['oneTimePasswords']> = [];
    try {
      await runMutation(ctx, async (ctx) => {
        // runMutation runs this again after a serialization failure: each attempt counts afresh.
        Object.assign(summary, { created: 0, updated: 0, unchanged: 0 });
        summary.errors = [...readerErrors];
        passwords.length = 0;
        const seen = new Map<string, number>();
        const keyed: typeof reading.rows = [];
        for (const row of reading.rows) {
          const key = rowsOf.key(row.values);
          const first = seen.get(key.value);
          if (first === undefined) {
            seen.set(key.value, row.line);
            keyed.push(row);
            continue;
          }
          summary.errors.push({
            line: row.line,
            column: columnOf(key.field),
            code: 'DUPLICATE_IN_FILE' satisfies RowErrorCode,
            message: {
              en: `The same ${reading.columnOf[key.field]} as line ${first}: one row per record`,
              zh: `与第 ${first} 行的“${reading.columnOf[key.field]}”相同：每条记录只能占一行`,
            },
          });
        }
        const report = (line: number, outcome: RowOutcome) => {
          if (outcome.outcome === 'refused') {
            summary.errors.push(
              ...outcome.problems.map((p) => ({
                line,
                column: columnOf(p.field),
                code: p.code,
                message: p.message,
              })),
            );
            return;
          }
          summary[outcome.outcome] += 1;
          if (outcome.password) passwords.push({ line, ...outcome.password });
        };
        const reason = (line: number) => `import ${importId} line ${line}`;
        if (rowsOf.batch) {
          for (let at = 0; at < keyed.length; at += IMPORT_CHUNK_ROWS) {
            const chunk = keyed.slice(at, at + IMPORT_CHUNK_ROWS);
            const outcomes = await this.writeChunk(
              ctx,
              rowsOf.batch,
              chunk.map(({ line, values }) => ({ row: values, reason: reason(line) })),
            );
            outcomes.forEach((outcome, i) => report(chunk[i].line, outcome));
          }
        } else if (rowsOf.upsert) {
          for (const { line, values } of keyed) {
            const upsert = rowsOf.upsert;
            report(line, await this.underSavepoint(ctx, () => upsert(ctx, values, reason(line))));
          }
        }
        if (request.dryRun || summary.errors.length > 0) throw new RolledBack(summary);
      });
    } catch (error) {
      if (!(error instanceof RolledBack)) throw error;
    }
    summary.written = !request.dryRun && summary.errors.length === 0;
    summary.errors.sort((a, b) => a.line - b.line);
    if (request.kind === 'users' && !request.dryRun && summary.errors.length === 0) {
      summary.oneTimePasswords = passwords;
    }
    return summary;
  }

  /**
   * One chunk of a batch kind: planned (every row checked, nothing written), then written under
   * one savepoint. When the database refuses the chunk's writes (a concurrent admin took a key
   * the plan saw free), the chunk is undone and its rows are written one at a time, each under
   * its own savepoint, so that the answer names every row refused and only those.
   */
  private async writeChunk<V>(
    ctx: TxContext,
    batch: KindBatch<V, PlannedRow>,
    rows: readonly { row: V; reason: string }[],
  ): Promise<RowOutcome[]> {
    const plans = await batch.plan(ctx, rows);
    const writing = plans.filter((p) => p.outcome !== 'refused' && p.outcome !== 'unchanged');
    const refused = new Map<PlannedRow, RowOutcome>();
    await ctx.tx.query('SAVEPOINT import_chunk');
    try {
      await batch.write(ctx, writing);
      await ctx.tx.query('RELEASE SAVEPOINT import_chunk');
    } catch (error) {
      await ctx.tx.query('ROLLBACK TO SAVEPOINT import_chunk');
      if (!this.refusalOf(ctx, error)) throw error;
      for (const plan of writing) {
        const outcome = await this.underSavepoint(ctx, async () => {
          await batch.write(ctx, [plan]);
          return { outcome: plan.outcome as 'created' | 'updated' };
        });
        if (outcome.outcome === 'refused') refused.set(plan, outcome);
      }
      await ctx.tx.query('RELEASE SAVEPOINT import_chunk');
    }
    return plans.map((plan): RowOutcome => {
      if (plan.outcome !== 'refused') return refused.get(plan) ?? { outcome: plan.outcome };
      const refusal = this.refusalOf(ctx, plan.error);
      if (!refusal) throw plan.error;
      return { outcome: 'refused', problems: [refusal] };
    });
  }

  /** Work under a savepoint: a refusal (thrown or returned) undoes it alone, the transaction goes on. */
  private async underSavepoint(
    ctx: TxContext,
    work: () => Promise<RowOutcome>,
  ): Promise<RowOutcome> {
    await ctx.tx.query('SAVEPOINT import_row');
    try {
      const outcome = await work();
      await ctx.tx.query(
        outcome.outcome === 'refused'
          ? 'ROLLBACK TO SAVEPOINT import_row'
          : 'RELEASE SAVEPOINT import_row',
      );
      return outcome;
    } catch (error) {
      await ctx.tx.query('ROLLBACK TO SAVEPOINT import_row');
      const refusal = this.refusalOf(ctx, error);
      if (!refusal) throw error;
      return { outcome: 'refused', problems: [refusal] };
    }
  }

  /** A service's refusal, or a constraint its module declared as one (a race past the checks). */
  private refusalOf(
    ctx: TxContext,
    error: unknown,
  ): { field: string | null; code: string; message: Text } | null {
    if (error instanceof BusinessError) {
      return { field: error.field?.[0] ?? null, code: error.code, message: error.text };
    }
    const declared = declaredRefusal(ctx.registry, error);
    return declared
      ? { field: declared.field?.[0] ?? null, code: declared.code, message: declared.text }
      : null;
  }
}

export const importService = new ImportService();
