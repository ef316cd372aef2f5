import type { Context, TxContext } from '../../context';
import { today } from '../../common/dates';
import { referencedId } from '../../common/referenced-id';
import { refuse, runMutation, type MutationResult } from '../../common/mutation';
import { records } from '../../common/records';
import { refuseProblems, type FieldProblem } from '../../common/validation';
import { UnitErrorCode } from '../unit/unit.errors';
import { unitWriteService, type UpsertOutcome, type WriteNote } from '../unit/unit-write.service';
import { unknownUnitCode } from '../unit/unit.rules';
import type { CadreImportValues } from '../import/cadres.table';
import { Cadre } from './cadre.entity';
import { CadreErrorCode } from './cadre.errors';
import {
  CADRE_PROFILE_KEYS,
  cadreProblems,
  idNumberAgreement,
  normalizeCadre,
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
    if (!unit) {
      const problem = unknownUnitCode('homeUnitCode', row.homeUnitCode);
      refuse(problem.code, problem.message, problem.field);
    }
    const existing = await ctx.tx.findOne(Cadre, {
      where: { idNumber: row.idNumber.trim().toUpperCase() },
    });
    const { homeUnitCode: _code, ...given } = row;
    const fields = { ...given, homeUnitId: unit.id } as NewCadreFields;
    for (const key of Object.keys(ROW_DEFAULTS) as (keyof typeof ROW_DEFAULTS)[]) {
      if (row[key] === null) Object.assign(fields, { [key]: (existing ?? ROW_DEFAULTS)[key] });
    }
    return this.upsert(ctx, fields, note);
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
    const fields = withIdNumberFacts(normalizeCadre(raw), today()) as CadreFields;
    refuseProblems(cadreProblems(fields, today()));
    const found = await ctx.tx.findOne(Cadre, {
      where: { idNumber: fields.idNumber },
      select: { id: true },
    });
    // Just looked up in this transaction: the unique index covers a concurrent insert.
    if (!found) return { outcome: 'created', cadre: await this.createRecord(ctx, fields, note) };
    const cadre = await records.lock(ctx, 'Cadre', found.id);
    if (cadre.homeUnitId !== fields.homeUnitId) {
      refuse(
        CadreErrorCode.TRANSFER_REQUIRED,
        `${cadre.name} belongs to another unit: record a TRANSFERRED career event to move them`,
        'homeUnitId',
      );
    }
    const changes = Object.fromEntries(
      CADRE_PROFILE_KEYS.filter((k) => !sameValue(cadre[k], fields[k])).map((k) => [k, fields[k]]),
    ) as Partial<CadreProfile>;
    const team = cadre.isLeadership !== fields.isLeadership;
    if (team) await cadreTeamService.expectTeamChange(ctx, cadre, fields.isLeadership);
    if (Object.keys(changes).length === 0 && !team) return { outcome: 'unchanged', cadre };
    if (Object.keys(changes).length > 0) await this.change(ctx, cadre, changes, null, note);
    if (team) await cadreTeamService.changeTeam(ctx, cadre, fields.isLeadership, note);
    return { outcome: 'updated', cadre };
  }

  private async createRecord(
    ctx: TxContext,
    raw: NewCadreFields,
    note: WriteNote,
    checkIdNumber = false,
  ): Promise<Cadre> {
    const fields = withIdNumberFacts(normalizeCadre(raw), today()) as CadreFields;
    refuseProblems(cadreProblems(fields, today()));
    const unit = await records.lock(ctx, 'Unit', raw.homeUnitId, 'share');
    if (unit.archivedOn) {
      refuse(
        UnitErrorCode.UNIT_ARCHIVED,
        `${unit.name} is archived: it gets no new cadres`,
        'homeUnitId',
      );
    }
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
    return records.change(ctx, 'Cadre', cadre, step, async () => {
      refuseProblems(cadreProblems(changes, today()));
      const merged = { ...cadre, ...changes };
      if (changes.idNumber || changes.birthDate || changes.gender) {
        refuseProblems(idNumberAgreement(merged.idNumber, merged, today()));
      }
      if (changes.idNumber !== undefined && changes.idNumber !== cadre.idNumber) {
        await this.expectIdNumberFree(ctx, changes.idNumber, cadre.id);
      }
      Object.assign(cadre, changes);
    });
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
        'Another cadre already has this ID number (身份证号)',
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
