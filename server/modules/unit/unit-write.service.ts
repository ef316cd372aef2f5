import type { Context, TxContext } from '../../context';
import type { Text } from '../../common/text';
import { today } from '../../common/dates';
import { expectGlobalId } from '../../common/global-id';
import { referencedId } from '../../common/referenced-id';
import { refuse, runMutation, type MutationResult } from '../../common/mutation';
import { records } from '../../common/records';
import { CommonErrorCode } from '../../common/user-error';
import { refuseProblems, textProblem, type FieldProblem } from '../../common/validation';
import type {
  ArchiveUnitInput,
  CreateUnitInput,
  UpdateUnitInput,
} from './dto/unit-mutation.inputs';
import type { UnitImportValues } from '../import/units.table';
import { Unit } from './unit.entity';
import { UnitErrorCode } from './unit.errors';
import {
  normalizeUnitCode,
  normalizeUnitFields,
  unitFieldProblems,
  unknownUnitCode,
  type UnitFields,
} from './unit.rules';
import { accountClosureService } from '../auth/account-closure.service';

/**
 * A unit as an import row gives it (the import layer's table is the one definition): the parent
 * by its code; null is an empty cell, which leaves an existing unit's value as it is and gives a
 * new unit the default (no parent, not a developed region, no front-line area).
 */
export type UnitRow = UnitImportValues;

/** What an upsert did with a row: an import reports it per row. */
export type UpsertOutcome = 'created' | 'updated' | 'unchanged';

export interface WriteNote {
  /** Kept with the audit entry, e.g. `import 3f2a…, line 17`. */
  reason?: string | null;
}

const FIELDS = [
  'code',
  'name',
  'kind',
  'adminLevel',
  'region',
  'isDevelopedRegion',
  'frontlineArea',
  'parentId',
] as const satisfies readonly (keyof UnitFields)[];

/**
 * Changes of the hierarchy queue behind one transaction-level lock, the same the database's
 * trigger (`unit_parent_acyclic`) takes: taken before any unit row is locked, so that the walk up
 * from the new parent sees every move committed before it, and no two moves deadlock.
 */
async function lockHierarchy(ctx: TxContext): Promise<void> {
  await ctx.tx.query(`SELECT pg_advisory_xact_lock(hashtext('guazhi.unit.hierarchy'))`);
}

/**
 * Keeping the directory of units (issue #8): create, edit, archive, and the upsert an import
 * calls per row. Every write goes through the write kernel (lock, lifecycle, version, audit).
 */
export class UnitWriteService {
  create(ctx: Context, input: CreateUnitInput): Promise<MutationResult<Unit>> {
    return runMutation(ctx, (ctx) => {
      const parentId = input.parentId ? referencedId(input.parentId, 'Unit', 'parentId') : null;
      return this.insert(ctx, { ...input, frontlineArea: input.frontlineArea ?? null, parentId });
    });
  }

  update(ctx: Context, input: UpdateUnitInput): Promise<MutationResult<Unit>> {
    const unitId = expectGlobalId(input.unitId, 'Unit', 'unitId');
    const changes: Partial<UnitFields> = {};
    for (const key of ['code', 'name', 'kind', 'adminLevel', 'region'] as const) {
      if (input[key] != null) Object.assign(changes, { [key]: input[key] });
    }
    if (input.isDevelopedRegion != null) changes.isDevelopedRegion = input.isDevelopedRegion;
    // Unlike the other fields, null clears it: an ordinary unit has no area.
    if (input.frontlineArea !== undefined) changes.frontlineArea = input.frontlineArea;
    return runMutation(ctx, async (ctx) => {
      if (input.parentId !== undefined) {
        changes.parentId = input.parentId ? referencedId(input.parentId, 'Unit', 'parentId') : null;
      }
      if (changes.parentId !== undefined) await lockHierarchy(ctx);
      const unit = await records.lock(ctx, 'Unit', unitId);
      return this.change(ctx, unit, changes, input.version);
    });
  }

  archive(ctx: Context, input: ArchiveUnitInput): Promise<MutationResult<Unit>> {
    return runMutation(ctx, async (ctx) => {
      if (input.reason != null)
        refuseProblems([textProblem('reason', input.reason, { max: 2000, optional: true })]);
      const step = {
        action: 'unit.archive',
        expectedVersion: input.version,
        reason: input.reason?.trim() || null,
      } as const;
      const ref = { globalId: input.unitId, field: 'unitId' };
      return records.update(ctx, 'Unit', ref, step, async (unit) => {
        if (input.archivedOn > today() || input.archivedOn < today(unit.createdAt)) {
          refuse(
            CommonErrorCode.INVALID_DATES,
            {
              en: 'The archive date lies between the unit’s creation and today',
              zh: '撤销归档日期须在单位创建日期与今天之间',
            },
            'archivedOn',
          );
        }
        await this.expectUnused(ctx, unit);
        unit.archivedOn = input.archivedOn;
        // The unit's managers had their access for the unit alone.
        await accountClosureService.closeForUnit(ctx, unit.id, `单位撤销 ${input.archivedOn}`);
      });
    });
  }

  /** Every problem of an import row that needs no database (the parent code aside). */
  rowProblems(row: UnitRow): FieldProblem[] {
    const { parentCode: _code, isDevelopedRegion: _flag, frontlineArea: _area, ...fields } = row;
    return this.problems(fields);
  }

  /** Every problem of a unit's fields that needs no database: for an import's dry run. */
  problems(fields: Partial<UnitFields>): FieldProblem[] {
    return unitFieldProblems(normalizeUnitFields(fields));
  }

  /** Units by code (normalised), for an import resolving `单位代码` / parent codes to ids. */
  async byCodes(ctx: Context | TxContext, codes: readonly string[]): Promise<Map<string, Unit>> {
    const manager = 'tx' in ctx ? ctx.tx : ctx.dataSource.manager;
    const wanted = [...new Set(codes.map(normalizeUnitCode))];
    const units = await manager
      .getRepository(Unit)
      .createQueryBuilder('unit')
      .where('unit.code = ANY(:wanted)', { wanted })
      .getMany();
    return new Map(units.map((u) => [u.code, u]));
  }

  /**
   * Creates a unit from validated fields inside the caller's mutation (an import's transaction
   * or `createUnit`'s). Refuses (BusinessError) before any write, so a caller may go on.
   */
  async insert(ctx: TxContext, raw: UnitFields, note: WriteNote = {}): Promise<Unit> {
    const fields = normalizeUnitFields(raw);
    refuseProblems(unitFieldProblems(fields));
    if (fields.parentId !== null) await this.expectParent(ctx, fields.parentId, null);
    await this.expectCodeFree(ctx, fields.code, null);
    await this.expectNameFree(ctx, fields.name, fields.parentId, null);
    return records.create(
      ctx,
      'Unit',
      { ...fields, version: 1 },
      { action: 'unit.create', ...note },
    );
  }

  /**
   * An import row: the unit of this code is created, or changed to these fields, or left alone
   * when it already has them (no write, no audit entry). Same rules as the mutations.
   */
  async upsert(
    ctx: TxContext,
    raw: UnitFields,
    note: WriteNote = {},
  ): Promise<{ outcome: UpsertOutcome; unit: Unit }> {
    const fields = normalizeUnitFields(raw);
    refuseProblems(unitFieldProblems(fields));
    if (fields.parentId !== null) await lockHierarchy(ctx);
    const found = await ctx.tx.findOne(Unit, {
      where: { code: fields.code },
      select: { id: true },
    });
    if (!found) return { outcome: 'created', unit: await this.insert(ctx, fields, note) };
    const unit = await records.lock(ctx, 'Unit', found.id);
    const changes = Object.fromEntries(
      FIELDS.filter((k) => unit[k] !== fields[k]).map((k) => [k, fields[k]]),
    );
    if (Object.keys(changes).length === 0) return { outcome: 'unchanged', unit };
    return { outcome: 'updated', unit: await this.change(ctx, unit, changes, null, note) };
  }

  /**
   * An import row by unit code, with its parent's code resolved in the transaction (so a parent
   * earlier in the same file is found): UNKNOWN_UNIT_CODE when no unit has it.
   */
  async upsertRow(
    ctx: TxContext,
    row: UnitRow,
    note: WriteNote = {},
  ): Promise<{ outcome: UpsertOutcome; unit: Unit }> {
    const code = normalizeUnitCode(row.code);
    const existing = await ctx.tx.findOne(Unit, { where: { code } });
    let parentId = existing ? existing.parentId : null;
    if (row.parentCode !== null) {
      const parent = (await this.byCodes(ctx, [row.parentCode])).values().next().value;
      if (!parent) {
        const problem = unknownUnitCode('parentCode', row.parentCode);
        refuse(problem.code, problem.message, problem.field);
      }
      parentId = parent.id;
    }
    const isDevelopedRegion = row.isDevelopedRegion ?? existing?.isDevelopedRegion ?? false;
    const frontlineArea = row.frontlineArea ?? existing?.frontlineArea ?? null;
    const { parentCode: _code, ...fields } = row;
    return this.upsert(ctx, { ...fields, isDevelopedRegion, frontlineArea, parentId }, note);
  }

  /** Changes a locked unit (hierarchy lock already held where the parent changes). */
  private change(
    ctx: TxContext,
    unit: Unit,
    raw: Partial<UnitFields>,
    expectedVersion: number | null,
    note: WriteNote = {},
  ): Promise<Unit> {
    const changes = normalizeUnitFields(raw);
    const step = { action: 'unit.update', expectedVersion, ...note } as const;
    return records.change(ctx, 'Unit', unit, step, async () => {
      refuseProblems(unitFieldProblems(changes));
      const parentId = changes.parentId === undefined ? unit.parentId : changes.parentId;
      if (parentId !== null && parentId !== unit.parentId) {
        await this.expectParent(ctx, parentId, unit.id);
      }
      if (changes.code !== undefined && changes.code !== unit.code) {
        await this.expectCodeFree(ctx, changes.code, unit.id);
      }
      const name = changes.name ?? unit.name;
      if (name !== unit.name || parentId !== unit.parentId) {
        await this.expectNameFree(ctx, name, parentId, unit.id);
      }
      Object.assign(unit, changes);
    });
  }

  /** The parent exists, is active, and is not the unit or one of its descendants. */
  private async expectParent(
    ctx: TxContext,
    parentId: number,
    unitId: number | null,
  ): Promise<void> {
    const parent = await records.lock(ctx, 'Unit', parentId, 'share');
    if (parent.archivedOn) {
      refuse(
        UnitErrorCode.UNIT_ARCHIVED,
        {
          en: `${parent.name} is archived: it takes no sub-units`,
          zh: `${parent.name}已撤销归档，不能再设下级单位`,
        },
        'parentId',
      );
    }
    if (unitId === null) return;
    const [cycle] = await ctx.tx.query(
      `WITH RECURSIVE up(id, parent_id) AS (
         SELECT id, parent_id FROM unit WHERE id = $1
         UNION
         SELECT u.id, u.parent_id FROM unit u JOIN up ON u.id = up.parent_id
       ) SELECT 1 AS found FROM up WHERE id = $2`,
      [parentId, unitId],
    );
    if (cycle) {
      refuse(
        UnitErrorCode.UNIT_HIERARCHY_CYCLE,
        {
          en: `${parent.name} lies under this unit (or is it): it cannot become its parent`,
          zh: `${parent.name}是本单位或其下级单位，不能作为本单位的上级单位`,
        },
        'parentId',
      );
    }
  }

  private async expectCodeFree(ctx: TxContext, code: string, unitId: number | null): Promise<void> {
    const [taken] = await ctx.tx.query(
      'SELECT id FROM unit WHERE code = $1 AND id IS DISTINCT FROM $2',
      [code, unitId],
    );
    if (taken)
      refuse(
        UnitErrorCode.DUPLICATE_UNIT_CODE,
        { en: `Unit code ${code} is taken`, zh: `单位代码 ${code} 已被使用` },
        'code',
      );
  }

  private async expectNameFree(
    ctx: TxContext,
    name: string,
    parentId: number | null,
    unitId: number | null,
  ): Promise<void> {
    const [taken] = await ctx.tx.query(
      `SELECT id FROM unit WHERE coalesce(parent_id, 0) = coalesce($1::int, 0) AND name = $2
         AND archived_on IS NULL AND id IS DISTINCT FROM $3`,
      [parentId, name, unitId],
    );
    if (taken) {
      refuse(
        UnitErrorCode.DUPLICATE_UNIT_NAME,
        {
          en: `An active unit named ${name} has the same parent`,
          zh: `同一上级单位下已有名为${name}的单位`,
        },
        'name',
      );
    }
  }

  /** DESIGN §2 read with issue #8: a unit leaves the programme once nothing live depends on it. */
  private async expectUnused(ctx: TxContext, unit: Unit): Promise<void> {
    const [use] = await ctx.tx.query(
      `SELECT (SELECT count(*) FROM cadre WHERE home_unit_id = $1 AND status = 'ACTIVE')::int AS cadres,
              (SELECT count(*) FROM posting WHERE receiving_unit_id = $1
                 AND status IN ('PLANNED', 'ACTIVE'))::int AS postings,
              (SELECT count(*) FROM unit WHERE parent_id = $1 AND archived_on IS NULL)::int AS children`,
      [unit.id],
    );
    const parts: Text[] = [];
    if (use.cadres)
      parts.push({
        en: `${use.cadres} active cadres (transfer them or record their departure)`,
        zh: `在职干部 ${use.cadres} 名（请先办理调动或登记离岗）`,
      });
    if (use.postings)
      parts.push({
        en: `${use.postings} PLANNED or ACTIVE postings it receives`,
        zh: `接收的拟派或在岗挂职 ${use.postings} 项`,
      });
    if (use.children)
      parts.push({ en: `${use.children} active sub-units`, zh: `下级单位 ${use.children} 个` });
    if (parts.length > 0) {
      refuse(
        UnitErrorCode.UNIT_IN_USE,
        {
          en: `${unit.name} still has ${parts.map((p) => p.en).join(', ')}`,
          zh: `${unit.name}仍有${parts.map((p) => p.zh).join('、')}`,
        },
        'unitId',
      );
    }
  }
}

export const unitWriteService = new UnitWriteService();
