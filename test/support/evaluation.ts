import { expect } from '@jest/globals';
import { addDays, today } from '../../server/common/dates';
import { EvaluationDimension } from '../../server/modules/evaluation/evaluation-enums';
import {
  CreateApiKeyDocument,
  CreateEvaluationDocument,
  FinalizeEvaluationDocument,
  SubmitEvaluationDocument,
  UpdateEvaluationDocument,
  type CreateEvaluationInput,
  type FinalizeEvaluationInput,
  type SubmitEvaluationInput,
  type UpdateEvaluationInput,
} from '../../sdk/src';
import { fingerprint } from './db-state';
import type { TestEnv, TypedDocument } from './env';
import { mutate } from './mutations';
import { cadre, gid, posting, type World } from './world';

const DIMENSIONS = Object.values(EvaluationDimension);

/** Score columns for a direct insert, one value per dimension in enum order. */
export function scoreColumns(values: number[]) {
  const [p, m, l, w, ml, i, d] = values;
  return {
    politicalConductScore: p,
    moralCharacterScore: m,
    leadershipScore: l,
    workAbilityScore: w,
    massLineScore: ml,
    initiativeScore: i,
    disciplineScore: d,
  };
}

export const rowId = (globalId: string) =>
  Number(Buffer.from(globalId, 'base64url').toString().split(':')[1]);

export const allScores = (score: number) => DIMENSIONS.map((dimension) => ({ dimension, score }));

/**
 * The evaluation workflow's steps and fixtures for a test file; `ctx` gives that file's database
 * and world once its beforeAll has run. Unit B's manager drafts, the org department finalizes.
 */
export function evaluationSteps(ctx: { readonly env: TestEnv; readonly world: World }) {
  const create = (input: CreateEvaluationInput, token = ctx.world.tokens.managerB) =>
    mutate(ctx.env, CreateEvaluationDocument, input, token);
  const update = (input: UpdateEvaluationInput, token = ctx.world.tokens.managerB) =>
    mutate(ctx.env, UpdateEvaluationDocument, input, token);
  const submit = (input: SubmitEvaluationInput, token = ctx.world.tokens.managerB) =>
    mutate(ctx.env, SubmitEvaluationDocument, input, token);
  const finalize = (input: FinalizeEvaluationInput, token = ctx.world.tokens.admin) =>
    mutate(ctx.env, FinalizeEvaluationDocument, input, token);

  /** The whole response, for answers that are GraphQL errors (denials) rather than payloads. */
  const raw = <TResult, TInput>(
    document: TypedDocument<TResult, { input: TInput }>,
    input: TInput,
    token: string,
  ) => ctx.env.graphql(document, { input }, token);

  /** An ACTIVE posting from unit A to township B that began 200 days ago. */
  async function activePosting(values: Record<string, unknown> = {}) {
    const c = await cadre(ctx.env.dataSource, {
      name: '考核干部',
      homeUnitId: ctx.world.units.unitA.id,
    });
    return posting(ctx.env.dataSource, {
      cadreId: c.id,
      sendingUnitId: ctx.world.units.unitA.id,
      receivingUnitId: ctx.world.units.unitB.id,
      startDate: addDays(today(), -200),
      plannedEndDate: addDays(today(), 200),
      ...values,
    });
  }

  function draftInput(
    postingId: number,
    kind: CreateEvaluationInput['kind'] = 'ROUTINE',
    values: Partial<CreateEvaluationInput> = {},
  ): CreateEvaluationInput {
    return {
      postingId: gid('Posting', postingId),
      kind,
      date: addDays(today(), -5),
      scores: allScores(80),
      grade: 'COMPETENT',
      comments: '工作扎实',
      ...values,
    };
  }

  /** A ROUTINE draft written by the receiving unit's manager on a fresh posting. */
  async function ownDraft(values: Partial<CreateEvaluationInput> = {}) {
    const p = await activePosting();
    const payload = await create(draftInput(p.id, 'ROUTINE', values));
    expect(payload.userErrors).toEqual([]);
    return payload.evaluation!;
  }

  async function submitted() {
    const draft = await ownDraft();
    const payload = await submit({ evaluationId: draft.id });
    expect(payload.userErrors).toEqual([]);
    return payload.evaluation!;
  }

  /** The secret of a new UNIT_MANAGER API key of unit B, created by the org department. */
  async function unitBKey(): Promise<string> {
    const payload = await mutate(
      ctx.env,
      CreateApiKeyDocument,
      { name: '乡镇考核系统', role: 'UNIT_MANAGER', unitId: gid('Unit', ctx.world.units.unitB.id) },
      ctx.world.tokens.admin,
    );
    expect(payload.userErrors).toEqual([]);
    return payload.secret!;
  }

  /** Every table but api_key, whose last-use stamp moves with each request made with a key. */
  async function stateBesidesKeyUse(): Promise<Record<string, string>> {
    const state = await fingerprint(ctx.env.dataSource);
    delete state.api_key;
    return state;
  }

  async function userId(username: string): Promise<number> {
    const [row] = await ctx.env.dataSource.query('SELECT id FROM app_user WHERE username = $1', [
      username,
    ]);
    return row.id;
  }

  return {
    create,
    update,
    submit,
    finalize,
    raw,
    activePosting,
    draftInput,
    ownDraft,
    submitted,
    unitBKey,
    stateBesidesKeyUse,
    userId,
  };
}
