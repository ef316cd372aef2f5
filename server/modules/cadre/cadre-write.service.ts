import type { Context, TxContext } from '../../context';
import { today } from '../../common/dates';
import { BusinessError, refuse, runMutation, type MutationResult } from '../../common/mutation';
import { referencedId } from '../../common/referenced-id';
import { records } from '../../common/records';
import { refuseProblems, type FieldProblem } from '../../common/validation';
import { UnitErrorCode } from '../unit/unit.errors';
import type { Unit } from '../unit/unit.entity';
import { unitWriteService, type UpsertOutcome, type WriteNote } from '../unit/unit-write.service';
import { normalizeUnitCode, unknownUnitCode } from '../unit/unit.rules';
import type { CadreImportValues } from '../import/cadres.table';
import { Cadre } from './cadre.entity';
import { CadreErrorCode } from './cadre.errors';
import {
  CADRE_PROFILE_KEYS,
  cadreProblems,
  idNumberAgreement,
  normalizeCadre,
  normalizeIdNumber,
  withIdNumberFacts,
  type CadreFields,
  type CadreProfile,
} from './cadre.rules';
import { cadreTeamService } from './cadre-team.service';
import type { CreateCadreInput, UpdateCadreInput } from './dto/cadre-mutation.inputs';

/** A whole cadre whose birth date and gender may be left to the ID number. */
export type NewCadreFields = Omit<CadreFields, 'gender' | 'birthDate'> &
  Partial<Pick<CadreFields, 'gender' | 'birthDate'>>;

/**
 * A cadre as an import row gives it (the import layer's table is the one definition): the home
 * unit by its code; null is an empty cell, which leaves an existing cadre's value as it is and
 * gives a new cadre the default (not on the team, no flags, no specialties, no phone).
 */
export type CadreRow = CadreImportValues;

const ROW_DEFAULTS = {
  isLeadership: false,
  isReserve: false,
  isTrainee: false,
  isRecruitedGraduate: false,
  specialties: [] as string[],
  phone: null as string | null,
};

/** An import row and the reason its audit entries keep (`import 3f2a…, line 17`). */
export interface CadreRowWrite {
  row: CadreRow;
  reason: string;
}

/**
 * What a chunk of an import does with one row, decided by `planRows` (every rule checked, nothing
 * written) and carried out by `writeRows`; `cadre` is the record written, once it is.
 */
export type CadreRowPlan =
  | { outcome: 'refused'; error: BusinessError }
  | { outcome: 'unchanged'; cadre: Cadre }
  | { outcome: 'created'; fields: CadreFields; reason: string; cadre?: Cadre }
  | {
      outcome: 'updated';
      cadre: Cadre;
      changes: Partial<CadreProfile>;
      team: boolean;
      isLeadership: boolean;
      reason: string;
    };

/** What an upsert does with a cadre found by the row's ID number, every rule checked. */
type Comparison =
  { outcome: 'unchanged' } | { outcome: 'updated'; changes: Partial<CadreProfile>; team: boolean };

/** The input's fields that were sent (null means "leave it", except a phone's empty string). */
function sentProfile(input: UpdateCadreInput): Partial<CadreProfile> {
  const changes: Partial<CadreProfile> = {};
  for (const key of CADRE_PROFILE_KEYS) {
    const value = input[key];
    if (value != null) Object.assign(changes, { [key]: value });
  }
  return changes;
}

/**
 * Keeping cadre records (issue #8): create, correct, and the upsert an import calls per row, all
 * with the rules of `cadre.rules.ts` and through the write kernel. The team place and departures
 * are `cadreTeamService`'s; the home unit moves only by a career event.
 */
export class CadreWriteService {
  create(ctx: Context, input: CreateCadreInput): Promise<MutationResult<Cadre>> {
    return runMutation(ctx, (ctx) =>
      this.insert(ctx, {
        ...input,
        homeUnitId: referencedId(input.homeUnitId, 'Unit', 'homeUnitId'),
        gender: input.gender ?? undefined,
        birthDate: input.birthDate ?? undefined,
        phone: input.phone ?? null,
      }),
    );
  }

  update(ctx: Context, input: UpdateCadreInput): Promise<MutationResult<Cadre>> {
    const changes = sentProfile(input);
    const ref = { globalId: input.cadreId, field: 'cadreId' };
    return runMutation(ctx, async (ctx) => {
      const cadre = await records.lock(ctx, 'Cadre', ref);
      return this.change(ctx, cadre, changes, input.version);
    });
  }

  /**
   * An import row by ID number, with its home unit's code resolved in the transaction:
   * UNKNOWN_UNIT_CODE when no unit has it. Empty cells keep what the cadre has.
   */
  async upsertRow(
    ctx: TxContext,
    row: CadreRow,
    note: WriteNote = {},
  ): Promise<{ outcome: UpsertOutcome; cadre: Cadre }> {
    const unit = (await unitWriteService.byCodes(ctx, [row.homeUnitCode])).values().next().value;
    const existing = await ctx.tx.findOne(Cadre, {
      where: { idNumber: normalizeIdNumber(row.idNumber) },
    });
    return this.upsert(ctx, this.rowFields(row, unit, existing), note);
  }

  /**
   * A chunk of an import's rows, planned (issue #8): the home units and the cadres of the chunk
   * found with one query each (the cadres locked FOR UPDATE, the units of new cadres FOR SHARE),
   * then each row judged by the rules `upsertRow` applies, nothing written. A refused row's plan
   * holds the refusal; the other rows go on.
   */
  async planRows(ctx: TxContext, rows: readonly CadreRowWrite[]): Promise<CadreRowPlan[]> {
    const units = await unitWriteService.byCodes(
      ctx,
      rows.map((r) => r.row.homeUnitCode),
    );
    const idNumbers = [...new Set(rows.map((r) => normalizeIdNumber(r.row.idNumber)))];
    const found: { id: number }[] = await ctx.tx.query(
      'SELECT id FROM cadre WHERE id_number = ANY($1)',
      [idNumbers],
    );
    const locked = await records.lockMany(
      ctx,
      'Cadre',
      found.map((f) => f.id),
    );
    const existing = new Map(locked.map((c) => [c.idNumber, c]));
    const newUnitIds = rows
      .filter((r) => !existing.has(normalizeIdNumber(r.row.idNumber)))
      .map((r) => units.get(normalizeUnitCode(r.row.homeUnitCode))?.id)
      .filter((id): id is number => id !== undefined);
    const shared = await records.lockMany(ctx, 'Unit', newUnitIds, 'share');
    const homeUnits = new Map(shared.map((u) => [u.id, u]));
    const plans: CadreRowPlan[] = [];
    for (const { row, reason } of rows) {
      try {
        plans.push(await this.planRow(ctx, row, reason, units, existing, homeUnits));
      } catch (error) {
        if (!(error instanceof BusinessError)) throw error;
        plans.push({ outcome: 'refused', error });
      }
    }
    return plans;
  }

  /**
   * Writes what `planRows` planned: the new cadres with one INSERT, the corrected ones with one
   * UPDATE, the team places with another, and an audit entry per change, through the write
   * kernel's batch writes. Refused and unchanged rows write nothing. The database may still
   * refuse (a concurrent admin took an ID number): the caller's savepoint undoes the call whole.
   */
  async writeRows(ctx: TxContext, plans: readonly CadreRowPlan[]): Promise<void> {
    const creates = plans.filter((p) => p.outcome === 'created');
    const made = await records.createMany(
      ctx,
      'Cadre',
      creates.map((p) => ({ values: { ...p.fields, version: 1 }, reason: p.reason })),
      { action: 'cadre.create' },
    );
    creates.forEach((plan, i) => (plan.cadre = made[i]));
    const updates = plans.filter((p) => p.outcome === 'updated');
    const corrected = updates.filter((p) => Object.keys(p.changes).length > 0);
    await records.changeMany(
      ctx,
      'Cadre',
      corrected.map((p) => ({
        record: p.cadre,
        reason: p.reason,
        apply: () => this.applyProfile(ctx, p.cadre, normalizeCadre(p.changes)),
      })),
      { action: 'cadre.update' },
    );
    const moved = updates.filter((p) => p.team);
    await cadreTeamService.changeTeams(
      ctx,
      moved.map((p) => ({ cadre: p.cadre, isLeadership: p.isLeadership, reason: p.reason })),
    );
  }

  /** One row of `planRows`: the checks of `upsertRow` and `upsert`, in their order. */
  private async planRow(
    ctx: TxContext,
    row: CadreRow,
    reason: string,
    units: ReadonlyMap<string, Unit>,
    existing: ReadonlyMap<string, Cadre>,
    homeUnits: ReadonlyMap<number, Unit>,
  ): Promise<CadreRowPlan> {
    const cadre = existing.get(normalizeIdNumber(row.idNumber)) ?? null;
    const unit = units.get(normalizeUnitCode(row.homeUnitCode));
    const fields = this.checkedFields(this.rowFields(row, unit, cadre));
    if (!cadre) {
      // Locked FOR SHARE with the chunk's other new cadres' units, as `createRecord` locks it.
      const home = homeUnits.get(fields.homeUnitId);
      if (!home) throw new Error(`unit ${fields.homeUnitId} was not locked for its new cadre`);
      this.expectOpenUnit(home);
      return { outcome: 'created', fields, reason };
    }
    const comparison = await this.compare(ctx, cadre, fields);
    if (comparison.outcome === 'unchanged') return { outcome: 'unchanged', cadre };
    return { ...comparison, cadre, isLeadership: fields.isLeadership, reason };
  }

  /**
   * The fields an import row gives, with its home unit's code resolved (UNKNOWN_UNIT_CODE when no
   * unit has it): an empty cell keeps what the cadre found has, or gives a new one the default.
   */
  private rowFields(row: CadreRow, unit: Unit | undefined, existing: Cadre | null): NewCadreFields {
    if (!unit) {
      const problem = unknownUnitCode('homeUnitCode', row.homeUnitCode);
      refuse(problem.code, problem.message, problem.field);
    }
    const { homeUnitCode: _code, ...given } = row;
    const fields = { ...given, homeUnitId: unit.id } as NewCadreFields;
    for (const key of Object.keys(ROW_DEFAULTS) as (keyof typeof ROW_DEFAULTS)[]) {
      if (row[key] === null) Object.assign(fields, { [key]: (existing ?? ROW_DEFAULTS)[key] });
    }
    return fields;
  }

  /** Every problem of an import row that needs no database (empty cells are not checked). */
  rowProblems(row: CadreRow, on = today()): FieldProblem[] {
    const { homeUnitCode: _code, ...given } = row;
    const cells = Object.entries(given).filter(([, value]) => value !== null);
    return this.problems(Object.fromEntries(cells) as Partial<CadreProfile>, on);
  }

  /**
   * Every problem of a cadre row that needs no database, for an import's dry run; birth date and
   * gender left out are taken from the ID number, as `createCadre` does.
   */
  problems(fields: Partial<CadreProfile>, on = today()): FieldProblem[] {
    return cadreProblems(withIdNumberFacts(normalizeCadre(fields), on), on);
  }

  /**
   * Creates a cadre inside the caller's mutation (`createCadre`'s, or an import's transaction).
   * Refuses (BusinessError) before any write. Birth date and gender default to the ID number's.
   */
  async insert(ctx: TxContext, raw: NewCadreFields, note: WriteNote = {}): Promise<Cadre> {
    return this.createRecord(ctx, raw, note, true);
  }

  /**
   * An import row, matched on the ID number: the cadre is created, or corrected to these fields
   * (and put on or off the team), or left alone when nothing differs. Another home unit is refused
   * (TRANSFER_REQUIRED): a move is a career event. Every check runs before the first write.
   */
  async upsert(
    ctx: TxContext,
    raw: NewCadreFields,
    note: WriteNote = {},
  ): Promise<{ outcome: UpsertOutcome; cadre: Cadre }> {
    const fields = this.checkedFields(raw);
    const found = await ctx.tx.findOne(Cadre, {
      where: { idNumber: fields.idNumber },
      select: { id: true },
    });
    // Just looked up in this transaction: the unique index covers a concurrent insert.
    if (!found) return { outcome: 'created', cadre: await this.createRecord(ctx, fields, note) };
    const cadre = await records.lock(ctx, 'Cadre', found.id);
    const comparison = await this.compare(ctx, cadre, fields);
    if (comparison.outcome === 'unchanged') return { outcome: 'unchanged', cadre };
    const { changes, team } = comparison;
    if (Object.keys(changes).length > 0) await this.change(ctx, cadre, changes, null, note);
    if (team) await cadreTeamService.changeTeam(ctx, cadre, fields.isLeadership, note);
    return { outcome: 'updated', cadre };
  }

  /** A whole cadre's fields as stored (facts of the ID number filled in), refused at the first problem. */
  private checkedFields(raw: NewCadreFields): CadreFields {
    const fields = withIdNumberFacts(normalizeCadre(raw), today()) as CadreFields;
    refuseProblems(cadreProblems(fields, today()));
    return fields;
  }

  /**
   * What an upsert changes of a locked cadre: another home unit is refused (TRANSFER_REQUIRED: a
   * move is a career event), and so is a team change the team rules refuse.
   */
  private async compare(ctx: TxContext, cadre: Cadre, fields: CadreFields): Promise<Comparison> {
    if (cadre.homeUnitId !== fields.homeUnitId) {
      refuse(
        CadreErrorCode.TRANSFER_REQUIRED,
        {
          en: `${cadre.name} belongs to another unit: record a TRANSFERRED career event to move them`,
          zh: `${cadre.name}属于其他单位，调动须登记一条“调动”（TRANSFERRED）任职记录`,
        },
        'homeUnitId',
      );
    }
    const changes = Object.fromEntries(
      CADRE_PROFILE_KEYS.filter((k) => !sameValue(cadre[k], fields[k])).map((k) => [k, fields[k]]),
    ) as Partial<CadreProfile>;
    const team = cadre.isLeadership !== fields.isLeadership;
    if (team) await cadreTeamService.expectTeamChange(ctx, cadre, fields.isLeadership);
    if (Object.keys(changes).length === 0 && !team) return { outcome: 'unchanged' };
    return { outcome: 'updated', changes, team };
  }

  /** An archived unit gets no new cadres. */
  private expectOpenUnit(unit: Unit): void {
    if (unit.archivedOn) {
      refuse(
        UnitErrorCode.UNIT_ARCHIVED,
        {
          en: `${unit.name} is archived: it gets no new cadres`,
          zh: `${unit.name}已撤销归档，不再接收新干部`,
        },
        'homeUnitId',
      );
    }
  }

  private async createRecord(
    ctx: TxContext,
    raw: NewCadreFields,
    note: WriteNote,
    checkIdNumber = false,
  ): Promise<Cadre> {
    const fields = this.checkedFields(raw);
    this.expectOpenUnit(await records.lock(ctx, 'Unit', raw.homeUnitId, 'share'));
    if (checkIdNumber) await this.expectIdNumberFree(ctx, fields.idNumber, null);
    return records.create(
      ctx,
      'Cadre',
      { ...fields, version: 1 },
      { action: 'cadre.create', ...note },
    );
  }

  /** Corrects a locked cadre's profile: each field by its rule, the ID number with its facts. */
  private change(
    ctx: TxContext,
    cadre: Cadre,
    raw: Partial<CadreProfile>,
    expectedVersion: number | null,
    note: WriteNote = {},
  ): Promise<Cadre> {
    const changes = normalizeCadre(raw);
    const step = { action: 'cadre.update', expectedVersion, ...note } as const;
    return records.change(ctx, 'Cadre', cadre, step, () => this.applyProfile(ctx, cadre, changes));
  }

  /** Puts normalised profile changes on a locked cadre: each field by its rule, the ID number with its facts. */
  private async applyProfile(
    ctx: TxContext,
    cadre: Cadre,
    changes: Partial<CadreProfile>,
  ): Promise<void> {
    refuseProblems(cadreProblems(changes, today()));
    const merged = { ...cadre, ...changes };
    if (changes.idNumber || changes.birthDate || changes.gender) {
      refuseProblems(idNumberAgreement(merged.idNumber, merged, today()));
    }
    if (changes.idNumber !== undefined && changes.idNumber !== cadre.idNumber) {
      await this.expectIdNumberFree(ctx, changes.idNumber, cadre.id);
    }
    Object.assign(cadre, changes);
  }

  /** The unique index catches the race this check cannot (cadre_id_number_key). */
  private async expectIdNumberFree(ctx: TxContext, idNumber: string, cadreId: number | null) {
    const [taken] = await ctx.tx.query(
      'SELECT id FROM cadre WHERE id_number = $1 AND id IS DISTINCT FROM $2',
      [idNumber, cadreId],
    );
    if (taken) {
      refuse(
        CadreErrorCode.DUPLICATE_ID_NUMBER,
        {
          en: 'Another cadre already has this ID number (身份证号)',
          zh: '该身份证号已被其他干部使用',
        },
        'idNumber',
      );
    }
  }
}

function sameValue(a: unknown, b: unknown): boolean {
  return Array.isArray(a) && Array.isArray(b)
    ? a.length === b.length && a.every((x, i) => x === b[i])
    : a === b;
}

export const cadreWriteService = new CadreWriteService();
