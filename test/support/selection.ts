import { fromGlobalId } from '../../server/common/global-id';
import { PostingType } from '../../server/modules/posting/posting-type';
import {
  Candidate,
  CandidateStatus,
  InspectionResult,
} from '../../server/modules/selection/candidate.entity';
import {
  SelectionRound,
  SelectionRoundStatus,
} from '../../server/modules/selection/selection-round.entity';
import type { TestEnv, TypedDocument } from './env';
import { mutate, type Payload } from './mutations';
import { cadre, gid, insert, type World } from './world';

export const rowId = (globalId: string) => fromGlobalId(globalId)!.id;

export const ref = (c: Candidate) => ({ candidateId: gid('Candidate', c.id) });

/**
 * Selection (选派) steps and rows for a test file; `ctx` gives that file's database and world once
 * its beforeAll has run. The org department acts unless a token is given.
 */
export function selectionSteps(ctx: { readonly env: TestEnv; readonly world: World }) {
  /** A candidate or round mutation, e.g. `onCandidate(SelectCandidateDocument, { candidateId })`. */
  const onCandidate = <TResult extends Record<string, Payload>, TInput>(
    document: TypedDocument<TResult, { input: TInput }>,
    input: TInput,
    token = ctx.world.tokens.admin,
  ) => mutate(ctx.env, document, input, token);

  /** The same mutation's whole response, for answers that are GraphQL errors rather than payloads. */
  const raw = <TResult, TInput>(
    document: TypedDocument<TResult, { input: TInput }>,
    input: TInput,
    token: string | null = ctx.world.tokens.admin,
  ) => ctx.env.graphql(document, { input }, token ?? undefined);

  let cadreCount = 0;
  function freshCadre(homeUnitId = ctx.world.units.unitA.id) {
    cadreCount++;
    return cadre(ctx.env.dataSource, { name: `候选干部${cadreCount}`, homeUnitId });
  }

  function round(values: Partial<SelectionRound> = {}): Promise<SelectionRound> {
    return insert<SelectionRound>(ctx.env.dataSource, SelectionRound, {
      name: '2026年高挂公开选派',
      postingType: PostingType.HIGHER_ASSISTANT,
      year: 2026,
      quota: 3,
      status: SelectionRoundStatus.OPEN,
      ...values,
    });
  }

  /** A candidate of a fresh cadre of unit A; by default SHORTLISTED with scores and a PASS. */
  async function candidate(
    values: Partial<Candidate> = {},
    roundRow?: SelectionRound,
  ): Promise<Candidate> {
    const r = roundRow ?? (await round());
    const c = await freshCadre();
    return insert<Candidate>(ctx.env.dataSource, Candidate, {
      roundId: r.id,
      cadreId: c.id,
      nominatingUnitId: ctx.world.units.unitA.id,
      status: CandidateStatus.SHORTLISTED,
      writtenExamScore: 86.5,
      interviewScore: 90,
      inspectionResult: InspectionResult.PASS,
      inspectionNotes: '考察合格',
      ...values,
    });
  }

  async function auditActions(entity: string, id: number): Promise<string[]> {
    const rows: { action: string }[] = await ctx.env.dataSource.query(
      'SELECT action FROM audit_entry WHERE entity = $1 AND entity_id = $2 ORDER BY id',
      [entity, id],
    );
    return rows.map((r) => r.action);
  }

  return { onCandidate, onRound: onCandidate, raw, freshCadre, round, candidate, auditActions };
}
