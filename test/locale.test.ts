import express from 'express';
import { addDays, today } from '../server/common/dates';
import { declaredRefusal } from '../server/common/mutation';
import { negotiateLocale } from '../server/common/text';
import { REGISTRY } from '../server/modules';
import { alertDetailText, type AlertFacts } from '../server/modules/alert/alert-detail';
import { AlertKind } from '../server/modules/alert/alert.entity';
import {
  AlertsDocument,
  CreatePostingDocument,
  createGuazhiClient,
  isGuazhiError,
  MeDocument,
  UpdatePostingDocument,
  type CreatePostingInput,
} from '../sdk/src';
import { buildAlertWorld } from './support/alert-world';
import { createTestEnv, type TestEnv } from './support/env';
import { postWith } from './support/http';
import { csvText } from './support/import-files';
import { cadre, completedPosting, gid } from './support/world';

/**
 * Issue #10 item 10: messages for people follow `Accept-Language` (English by default, Simplified
 * Chinese for any Chinese range); codes and fields never do.
 */
let env: TestEnv;
let world: Awaited<ReturnType<typeof buildAlertWorld>>;

beforeAll(async () => {
  env = await createTestEnv();
  world = await buildAlertWorld(env);
});
afterAll(() => env.close());

const CJK = /\p{Script=Han}/u;
const ZH = { 'accept-language': 'zh-CN' };

/** A cadre of unit A, not posted. */
const freshCadre = () =>
  cadre(env.dataSource, { name: '语言干部', homeUnitId: world.units.unitA.id });

/** A cadre back from a COMPLETED posting 2020-08-30 → 2022-06-01. */
async function returnedCadre() {
  const c = await freshCadre();
  await completedPosting(env.dataSource, c.id, world.units.unitA.id, world.units.unitB.id);
  return c;
}

function postingInput(cadreId: number, receivingUnitId: number): CreatePostingInput {
  return {
    cadreId: gid('Cadre', cadreId),
    receivingUnitId: gid('Unit', receivingUnitId),
    type: 'DOWNWARD',
    positionRank: 'SECTION_CHIEF',
    positionTitle: '镇长助理',
    responsibilities: ['协助分管招商引资'],
    trainingPlan: '熟悉基层治理',
    startDate: addDays(today(), -10),
    plannedEndDate: addDays(today(), 355),
  };
}

/** createPosting's userErrors, asked with the given headers. */
async function createRefusal(input: CreatePostingInput, headers: Record<string, string> = {}) {
  const res = await postWith(
    env,
    CreatePostingDocument,
    { input },
    { token: world.tokens.admin, headers },
  );
  expect(res.errors).toBeUndefined();
  return res.data!.createPosting.userErrors;
}

describe('userErrors', () => {
  it('answers the same refusal with the same code and field, in Chinese when Accept-Language asks for it', async () => {
    const c = await freshCadre();
    const input = postingInput(c.id, world.units.unitA.id); // the home unit: SAME_UNIT
    const [english] = await createRefusal(input);
    const [chinese] = await createRefusal(input, ZH);
    expect(english).toEqual({
      code: 'SAME_UNIT',
      field: ['receivingUnitId'],
      message: 'The receiving unit must differ from the cadre’s home unit',
    });
    expect(chinese).toEqual({
      code: 'SAME_UNIT',
      field: ['receivingUnitId'],
      message: '接收单位不能是干部的派出单位',
    });
  });

  it('puts interpolated facts into the Chinese sentence too', async () => {
    const c = await returnedCadre();
    const input = {
      ...postingInput(c.id, world.units.unitB.id),
      startDate: '2021-07-16',
      plannedEndDate: '2022-06-01',
    };
    const [chinese] = await createRefusal(input, ZH);
    expect(chinese).toEqual({
      code: 'POSTINGS_OVERLAP',
      field: ['startDate'],
      message: '该干部在 2020-08-30 至 2022-06-01 已有挂职，与所填日期重叠',
    });
  });

  it('answers a refusal mapped from a database constraint (posting_no_overlap) in Chinese', async () => {
    const c = await returnedCadre();
    const created = await postWith(
      env,
      CreatePostingDocument,
      { input: { ...postingInput(c.id, world.units.unitB.id), startDate: '2022-06-01' } },
      { token: world.tokens.admin },
    );
    const postingId = created.data!.createPosting.posting!.id;
    // An edit is checked by the exclusion constraint alone: its refusal is the module's declared one.
    const res = await postWith(
      env,
      UpdatePostingDocument,
      { input: { postingId, version: 1, startDate: '2022-05-01' } },
      { token: world.tokens.admin, headers: ZH },
    );
    expect(res.data!.updatePosting.userErrors).toEqual([
      { code: 'POSTINGS_OVERLAP', field: null, message: '该干部在这段日期内已有其他挂职' },
    ]);
  });

  it('declares every constraint refusal in both languages, the Chinese in Chinese', () => {
    const refusals = [...REGISTRY.constraintErrors.entries()];
    expect(refusals.length).toBeGreaterThan(0);
    for (const [constraint, refusal] of refusals) {
      expect({ constraint, zh: CJK.test(refusal.message.zh) }).toEqual({ constraint, zh: true });
      expect(refusal.message.en).not.toBe(refusal.message.zh);
    }
    const overlap = declaredRefusal(REGISTRY, { code: '23P01', constraint: 'posting_no_overlap' });
    expect(overlap).toMatchObject({
      code: 'POSTINGS_OVERLAP',
      message: 'The cadre has another posting in these dates',
    });
  });
});

describe('coded GraphQL errors', () => {
  it('answers FORBIDDEN in Chinese with the same code', async () => {
    const c = await freshCadre();
    const input = postingInput(c.id, world.units.unitB.id);
    const ask = (headers: Record<string, string>) =>
      postWith(env, CreatePostingDocument, { input }, { token: world.tokens.cadre, headers });
    const [english, chinese] = [await ask({}), await ask(ZH)];
    expect(english.errors?.map((e) => [e.extensions?.code, e.message])).toEqual([
      ['FORBIDDEN', 'Not allowed for your role'],
    ]);
    expect(chinese.errors?.map((e) => [e.extensions?.code, e.message])).toEqual([
      ['FORBIDDEN', '您的角色无权执行此操作'],
    ]);
  });

  it('answers UNAUTHENTICATED for a bad token in Chinese, still HTTP 401', async () => {
    const res = await postWith(
      env,
      MeDocument,
      {},
      {
        headers: { ...ZH, authorization: 'Bearer not-a-token' },
      },
    );
    expect(res.status).toBe(401);
    expect(res.errors?.map((e) => [e.extensions?.code, e.message])).toEqual([
      ['UNAUTHENTICATED', '登录令牌无效或已过期'],
    ]);
  });
});

describe('input validation and the import route', () => {
  it('puts our own validation messages in Chinese after a Chinese “Invalid input”', async () => {
    const c = await freshCadre();
    const input = { ...postingInput(c.id, world.units.unitB.id), positionTitle: '   ' };
    const ask = (headers: Record<string, string>) =>
      postWith(env, CreatePostingDocument, { input }, { token: world.tokens.admin, headers });
    const [english, chinese] = [await ask({}), await ask(ZH)];
    expect(english.errors?.map((e) => [e.extensions?.code, e.message])).toEqual([
      ['BAD_USER_INPUT', 'Invalid input: positionTitle must not be blank'],
    ]);
    expect(chinese.errors?.map((e) => [e.extensions?.code, e.message])).toEqual([
      ['BAD_USER_INPUT', '输入无效：positionTitle 不能为空'],
    ]);
  });

  it('answers a refused import file and its rows in Chinese, with the same codes', async () => {
    const file = csvText([
      ['单位代码', '单位名称', '单位类型', '行政级别', '地区', '上级单位代码', '备注栏'],
      ['LOC001', '语言测试县委', 'GOVERNMENT_DEPARTMENT', 'COUNTY', '语言县', '', ''],
    ]);
    const post = async (headers: Record<string, string>) => {
      const res = await fetch(`${env.baseUrl}/import/units?dryRun=true`, {
        method: 'POST',
        headers: { authorization: `Bearer ${world.tokens.admin}`, ...headers },
        body: new Uint8Array(Buffer.from(file)),
      });
      type Refusal = {
        errors: {
          message: string;
          extensions: { code: string; rows: { code: string; message: string }[] };
        }[];
      };
      return { status: res.status, body: (await res.json()) as Refusal };
    };
    const [english, chinese] = [await post({}), await post(ZH)];
    expect([english.status, chinese.status]).toEqual([400, 400]);
    const [en] = english.body.errors;
    const [zh] = chinese.body.errors;
    expect(zh.extensions.code).toBe(en.extensions.code);
    expect(zh.extensions.rows.map((r) => r.code)).toEqual(en.extensions.rows.map((r) => r.code));
    expect(en.message).toBe('The header row (row 1) has problems.');
    expect(zh.message).toBe('表头行（第 1 行）有误。');
    expect(en.extensions.rows.map((r) => r.message)).toContain(
      '“备注栏” is not a column of this import.',
    );
    expect(zh.extensions.rows.map((r) => r.message)).toContain('“备注栏”不是本导入的列。');
  });
});

describe('the SDK', () => {
  it('sends its locale as Accept-Language: userErrors and coded errors in Chinese', async () => {
    const c = await freshCadre();
    const input = postingInput(c.id, world.units.unitA.id);
    const admin = createGuazhiClient({ url: env.url, token: world.tokens.admin, locale: 'zh-CN' });
    const { createPosting } = await admin.createPosting({ input });
    expect(createPosting.userErrors).toEqual([
      { code: 'SAME_UNIT', field: ['receivingUnitId'], message: '接收单位不能是干部的派出单位' },
    ]);
    const cadreClient = admin.withToken(world.tokens.cadre);
    const denied = await cadreClient.createPosting({ input }).catch((e: unknown) => e);
    expect(isGuazhiError(denied) && [denied.code, denied.message]).toEqual([
      'FORBIDDEN',
      '您的角色无权执行此操作',
    ]);
    const english = createGuazhiClient({ url: env.url, token: world.tokens.admin });
    expect((await english.createPosting({ input })).createPosting.userErrors[0].message).toBe(
      'The receiving unit must differ from the cadre’s home unit',
    );
  });
});

describe('negotiating Accept-Language', () => {
  const forbiddenIn = async (header: string) => {
    const c = await freshCadre();
    const res = await postWith(
      env,
      CreatePostingDocument,
      { input: postingInput(c.id, world.units.unitB.id) },
      { token: world.tokens.cadre, headers: { 'accept-language': header } },
    );
    return res.errors![0].message;
  };

  it.each([
    'zh',
    'zh-CN',
    'zh-Hans',
    'zh-SG',
    'zh-Hans-CN',
    'fr, zh;q=0.8',
    'en;q=0.5, zh-CN;q=0.9',
  ])('answers in Chinese for %s', async (header) => {
    expect(await forbiddenIn(header)).toBe('您的角色无权执行此操作');
  });

  it.each(['en', 'en-US,zh;q=0.9', 'fr', '*', ';;;=q,,', 'zh;q=0'])(
    'answers in English for %s',
    async (header) => {
      expect(await forbiddenIn(header)).toBe('Not allowed for your role');
    },
  );

  it('reads the header with Express’s own negotiator, a range matching by its language', () => {
    const request = (header: string) =>
      Object.assign(Object.create(express.request) as express.Request, {
        headers: { 'accept-language': header },
      });
    expect(negotiateLocale(request('zh-TW'))).toBe('zh-CN');
    expect(negotiateLocale(request('zh-Hant-HK, en;q=0.1'))).toBe('zh-CN');
    expect(negotiateLocale(request('de-DE, en-GB;q=0.3'))).toBe('en');
    expect(negotiateLocale(request(''))).toBe('en');
  });
});

describe('alert details', () => {
  const alertsIn = async (kind: AlertKind, headers: Record<string, string>) => {
    const res = await postWith(
      env,
      AlertsDocument,
      { first: 100, filter: { kinds: [kind] } },
      { token: world.tokens.admin, headers },
    );
    expect(res.errors).toBeUndefined();
    return res.data!.alerts.edges.map((e) => e.node);
  };
  const detailOf = async (kind: AlertKind, postingId: number, headers: Record<string, string>) =>
    (await alertsIn(kind, headers)).find((a) => a.posting?.id === gid('Posting', postingId))
      ?.detail;

  it('words PASSIVE_CADRE in Chinese, and in English by default', async () => {
    const id = world.cases.partialPassive.id;
    expect(await detailOf(AlertKind.PASSIVE_CADRE, id, {})).toBe(
      'On site 4 of 7 working days in 2026-Q3 (2026-09-21 – 2026-09-30)',
    );
    expect(await detailOf(AlertKind.PASSIVE_CADRE, id, ZH)).toBe(
      '2026-Q3 在岗 4 天，应在岗工作日 7 天（2026-09-21 至 2026-09-30）',
    );
  });

  it('words OVERDUE_RETURN in Chinese with the days overdue', async () => {
    const id = world.expected.OVERDUE_RETURN;
    const plannedEnd = addDays(today(), -3);
    expect(await detailOf(AlertKind.OVERDUE_RETURN, id, {})).toBe(
      `Planned end ${plannedEnd} has passed`,
    );
    expect(await detailOf(AlertKind.OVERDUE_RETURN, id, ZH)).toBe(
      `计划结束日期 ${plannedEnd} 已过，逾期 3 天仍未返回`,
    );
  });

  it('gives every standing alert a Chinese detail', async () => {
    for (const kind of Object.values(AlertKind)) {
      const details = (await alertsIn(kind, ZH)).map((a) => a.detail);
      expect(details.length).toBeGreaterThan(0);
      for (const detail of details)
        expect({ kind, detail, zh: CJK.test(detail) }).toMatchObject({ zh: true });
    }
  });

  it('words every reason of every kind in both languages', () => {
    const samples: { [K in AlertKind]: AlertFacts[K][] } = {
      UNMANAGED_POSTING: [
        { reason: 'NO_MENTOR', deadlineDays: 30, activatedOn: '2026-03-01' },
        { reason: 'NO_CONTACT', intervalDays: 90, since: '2026-03-01', sinceLastContact: true },
        { reason: 'NO_CONTACT', intervalDays: 90, since: '2026-03-01', sinceLastContact: false },
      ],
      PASSIVE_CADRE: [
        {
          reason: 'DAYS_ON_SITE',
          daysOnSite: 12,
          workingDays: 17,
          period: '2026-10',
          from: null,
          to: null,
        },
        { reason: 'LOW_SCORES', initiative: 50, discipline: null },
      ],
      NOMINAL_ROLE: [{ reason: 'NOMINAL_POST' }, { reason: 'THREE_DEFINITIONS_MISSING' }],
      UNUSED_TALENT: [{ windowMonths: 12, returnedOn: '2025-01-01' }],
      OVERDUE_RETURN: [{ plannedEnd: '2026-01-01' }],
      MISSING_FINAL_EVALUATION: [{ deadlineDays: 30, returnedOn: '2026-01-01' }],
    };
    for (const kind of Object.values(AlertKind)) {
      for (const facts of samples[kind]) {
        const text = alertDetailText(kind, facts as AlertFacts[typeof kind], '2026-01-06');
        expect({
          kind,
          facts,
          zh: CJK.test(text.zh),
          en: /^[\x20-\x7E–（）虚职三定()]+$/u.test(text.en),
        }).toMatchObject({
          zh: true,
          en: true,
        });
      }
    }
    expect(
      alertDetailText(AlertKind.PASSIVE_CADRE, samples.PASSIVE_CADRE[0], '2026-11-01').en,
    ).toBe('On site 12 of 17 working days in 2026-10');
  });
});
