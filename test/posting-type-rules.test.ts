import { addDays, today } from '../server/common/dates';
import { type Cadre, CadreRank, Education } from '../server/modules/cadre/cadre.entity';
import { PostingPositionRank1765700000100 } from '../server/modules/posting/migrations/1765700000100-posting-position-rank';
import { PostingStatus, PostingType } from '../server/modules/posting/posting-type';
import { CandidateStatus } from '../server/modules/selection/candidate.entity';
import { AdminLevel, FrontlineArea, UnitKind } from '../server/modules/unit/unit.entity';
import {
  ActivatePostingDocument,
  CreatePostingDocument,
  CreateUnitDocument,
  UpdateCadreDocument,
  UpdatePostingDocument,
  UpdateUnitDocument,
  type CreatePostingInput,
} from '../sdk/src';
import { PostingFrontlineDocument } from './generated/graphql';
import { createTestEnv, type TestEnv } from './support/env';
import { expectRefused, mutate } from './support/mutations';
import { selectionSteps } from './support/selection';
import { buildWorld, cadre, gid, posting, unit, type World } from './support/world';

/**
 * DESIGN §2's table of posting types, rank by rank (issue #10 item 6): each rule's allowed case
 * and each refusal with its own code and field, through the API.
 */
let env: TestEnv;
let world: World;
let admin: string;
const steps = selectionSteps({
  get env() {
    return env;
  },
  get world() {
    return world;
  },
});

/** Receiving units beside the small world's (A: city department, B: township, C: school). */
let units: {
  bureau: number;
  petitions: number;
  institute: number;
  school: number;
  province: number;
  developed: number;
};

beforeAll(async () => {
  env = await createTestEnv();
  world = await buildWorld(env);
  admin = world.tokens.admin;
  const ds = env.dataSource;
  const u = (values: Parameters<typeof unit>[1]) => unit(ds, values).then((x) => x.id);
  units = {
    bureau: await u({ name: '市财政局' }),
    petitions: await u({ name: '市信访局', frontlineArea: FrontlineArea.PETITIONS }),
    institute: await u({ name: '市农业科学研究院', kind: UnitKind.PUBLIC_INSTITUTION }),
    school: await u({ name: '市第二中学', kind: UnitKind.SCHOOL }),
    province: await u({ name: '省发展和改革委员会', adminLevel: AdminLevel.PROVINCE }),
    developed: await u({ name: '深圳市南山区人民政府', isDevelopedRegion: true, region: '深圳市' }),
  };
});
afterAll(() => env.close());

let count = 0;
function freshCadre(values: Partial<Cadre> = {}) {
  count++;
  return cadre(env.dataSource, {
    name: `规则干部${count}`,
    homeUnitId: world.units.unitA.id,
    ...values,
  });
}

function input(
  cadreId: number,
  receivingUnitId: number,
  type: PostingType,
  positionRank: CadreRank,
  more: Partial<CreatePostingInput> = {},
): CreatePostingInput {
  return {
    cadreId: gid('Cadre', cadreId),
    receivingUnitId: gid('Unit', receivingUnitId),
    type,
    positionRank,
    positionTitle: '挂职岗位',
    responsibilities: ['协助分管工作'],
    trainingPlan: '提升能力',
    startDate: addDays(today(), 10),
    plannedEndDate: addDays(today(), 375),
    ...more,
  };
}

/** The posting's rank and areas as read back. */
async function read(postingId: string) {
  const res = await env.graphql(PostingFrontlineDocument, { id: postingId }, admin);
  expect(res.errors).toBeUndefined();
  return res.data!.node;
}

const create = (values: CreatePostingInput) => mutate(env, CreatePostingDocument, values, admin);

async function accepted(values: CreatePostingInput) {
  const payload = await create(values);
  expect(payload.userErrors).toEqual([]);
  expect(payload.posting).toMatchObject({ positionRank: values.positionRank });
  return payload.posting!;
}

async function refused(values: CreatePostingInput, code: string, field: string) {
  const payload = await expectRefused(env, code, () => create(values));
  expect(payload.userErrors[0].field).toEqual([field]);
  return payload.userErrors[0];
}

/** A SELECTED candidate of a 高挂 round who finished training: what HIGHER_ASSISTANT needs. */
async function higherCandidate() {
  const c = await steps.candidate({
    status: CandidateStatus.SELECTED,
    trainingCompletedAt: new Date(),
  });
  return { cadreId: c.cadreId, candidateId: gid('Candidate', c.id) };
}

const { STAFF, SECTION_DEPUTY, SECTION_CHIEF, DIVISION_DEPUTY, DIVISION_CHIEF, BUREAU_CHIEF } =
  CadreRank;

describe('every non-assistant type: at most one step above the cadre’s rank', () => {
  it('refuses POSITION_RANK_TOO_HIGH on positionRank for a STAFF cadre as a FRONTLINE 局长 (the issue’s example)', async () => {
    const c = await freshCadre({ rank: STAFF });
    const values = input(c.id, units.petitions, PostingType.FRONTLINE, DIVISION_CHIEF, {
      positionTitle: '信访局局长',
    });
    const error = await refused(values, 'POSITION_RANK_TOO_HIGH', 'positionRank');
    expect(error.message).toContain('STAFF');
  });

  it.each([PostingType.DOWNWARD, PostingType.UPWARD, PostingType.OUTWARD])(
    'refuses POSITION_RANK_TOO_HIGH two steps up on %s and accepts one step up',
    async (type) => {
      const to: Record<string, number> = {
        [PostingType.DOWNWARD]: world.units.unitB.id,
        [PostingType.UPWARD]: units.province,
        [PostingType.OUTWARD]: units.developed,
      };
      const c = await freshCadre({ rank: STAFF });
      await refused(
        input(c.id, to[type], type, SECTION_CHIEF),
        'POSITION_RANK_TOO_HIGH',
        'positionRank',
      );
      await accepted(input(c.id, to[type], type, SECTION_DEPUTY));
    },
  );

  it('accepts a post below the cadre’s rank', async () => {
    const c = await freshCadre({ rank: DIVISION_CHIEF });
    await accepted(input(c.id, world.units.unitB.id, PostingType.DOWNWARD, SECTION_CHIEF));
  });
});

describe('CROSS_DEPUTY: a middle-level chief takes the deputy post of the same level', () => {
  it.each([
    [SECTION_CHIEF, SECTION_DEPUTY],
    [DIVISION_CHIEF, DIVISION_DEPUTY],
  ])('accepts a %s trainee as %s', async (rank, deputy) => {
    const c = await freshCadre({ rank, isTrainee: true });
    await accepted(input(c.id, units.bureau, PostingType.CROSS_DEPUTY, deputy));
  });

  it('refuses CROSS_DEPUTY_RANK on cadreId for a trainee who is not a chief', async () => {
    const c = await freshCadre({ rank: SECTION_DEPUTY, isTrainee: true });
    await refused(
      input(c.id, units.bureau, PostingType.CROSS_DEPUTY, SECTION_DEPUTY),
      'CROSS_DEPUTY_RANK',
      'cadreId',
    );
  });

  it.each([SECTION_CHIEF, DIVISION_DEPUTY, STAFF])(
    'refuses CROSS_DEPUTY_RANK on positionRank for a SECTION_CHIEF as %s',
    async (positionRank) => {
      const c = await freshCadre({ rank: SECTION_CHIEF, isTrainee: true });
      await refused(
        input(c.id, units.bureau, PostingType.CROSS_DEPUTY, positionRank),
        'CROSS_DEPUTY_RANK',
        'positionRank',
      );
    },
  );

  it('keeps POSTING_TYPE_RULE for a chief who is not a trainee', async () => {
    const c = await freshCadre({ rank: SECTION_CHIEF });
    await refused(
      input(c.id, units.bureau, PostingType.CROSS_DEPUTY, SECTION_DEPUTY),
      'POSTING_TYPE_RULE',
      'type',
    );
  });
});

describe('HIGHER_ASSISTANT: assistant to a leader exactly one step above', () => {
  it('accepts a SECTION_CHIEF as assistant to a DIVISION_DEPUTY', async () => {
    const { cadreId, candidateId } = await higherCandidate();
    const values = input(
      cadreId,
      world.units.unitB.id,
      PostingType.HIGHER_ASSISTANT,
      DIVISION_DEPUTY,
    );
    await accepted({ ...values, candidateId });
  });

  it.each([SECTION_CHIEF, DIVISION_CHIEF, SECTION_DEPUTY])(
    'refuses HIGHER_ASSISTANT_RANK on positionRank for a SECTION_CHIEF assisting a %s',
    async (positionRank) => {
      const { cadreId, candidateId } = await higherCandidate();
      const values = input(
        cadreId,
        world.units.unitB.id,
        PostingType.HIGHER_ASSISTANT,
        positionRank,
      );
      await refused({ ...values, candidateId }, 'HIGHER_ASSISTANT_RANK', 'positionRank');
    },
  );
});

describe('GRADUATE_ASSISTANT: by degree', () => {
  const graduate = (education: Education) =>
    freshCadre({ rank: STAFF, isRecruitedGraduate: true, education });

  it('accepts a bachelor as a section chief’s assistant (科长助理), two steps above STAFF', async () => {
    const c = await graduate(Education.BACHELOR);
    await accepted(input(c.id, units.institute, PostingType.GRADUATE_ASSISTANT, SECTION_CHIEF));
  });

  it.each([DIVISION_DEPUTY, SECTION_DEPUTY])(
    'refuses GRADUATE_ASSISTANT_POST on positionRank for a bachelor assisting a %s',
    async (positionRank) => {
      const c = await graduate(Education.BACHELOR);
      await refused(
        input(c.id, units.bureau, PostingType.GRADUATE_ASSISTANT, positionRank),
        'GRADUATE_ASSISTANT_POST',
        'positionRank',
      );
    },
  );

  it.each<[Education, 'bureau' | 'unitB', CadreRank]>([
    [Education.MASTER, 'bureau', DIVISION_CHIEF],
    [Education.DOCTORATE, 'unitB', SECTION_CHIEF],
    [Education.MASTER, 'bureau', BUREAU_CHIEF],
  ])('accepts a %s graduate assisting the head of %s, a %s', async (education, to, rank) => {
    const c = await graduate(education);
    const receiving = to === 'unitB' ? world.units.unitB.id : units.bureau;
    await accepted(input(c.id, receiving, PostingType.GRADUATE_ASSISTANT, rank));
  });

  it('refuses GRADUATE_ASSISTANT_POST on receivingUnitId for a master sent to a public institution', async () => {
    const c = await graduate(Education.MASTER);
    await refused(
      input(c.id, units.institute, PostingType.GRADUATE_ASSISTANT, DIVISION_CHIEF),
      'GRADUATE_ASSISTANT_POST',
      'receivingUnitId',
    );
  });

  it('refuses GRADUATE_ASSISTANT_POST on positionRank for a doctor assisting a SECTION_DEPUTY', async () => {
    const c = await graduate(Education.DOCTORATE);
    await refused(
      input(c.id, world.units.unitB.id, PostingType.GRADUATE_ASSISTANT, SECTION_DEPUTY),
      'GRADUATE_ASSISTANT_POST',
      'positionRank',
    );
  });

  it('keeps POSTING_TYPE_RULE for a college graduate', async () => {
    const c = await graduate(Education.COLLEGE);
    await refused(
      input(c.id, units.bureau, PostingType.GRADUATE_ASSISTANT, SECTION_CHIEF),
      'POSTING_TYPE_RULE',
      'type',
    );
  });
});

describe('SCHOOL_ASSISTANT: the principal’s rank, at most one step above the cadre', () => {
  const teacher = (rank: CadreRank) => freshCadre({ rank, homeUnitId: world.units.unitC.id });

  it('accepts a SECTION_DEPUTY teacher as assistant to a SECTION_CHIEF principal', async () => {
    const c = await teacher(SECTION_DEPUTY);
    await accepted(input(c.id, units.school, PostingType.SCHOOL_ASSISTANT, SECTION_CHIEF));
  });

  it.each<[CadreRank, CadreRank]>([
    [STAFF, BUREAU_CHIEF],
    [SECTION_DEPUTY, DIVISION_DEPUTY],
  ])(
    'refuses POSITION_RANK_TOO_HIGH on positionRank for a %s teacher assisting a %s principal',
    async (rank, positionRank) => {
      const c = await teacher(rank);
      await refused(
        input(c.id, units.school, PostingType.SCHOOL_ASSISTANT, positionRank),
        'POSITION_RANK_TOO_HIGH',
        'positionRank',
      );
    },
  );
});

describe('a posting’s own frontlineArea: FRONTLINE postings only', () => {
  it('refuses INVALID_VALUE on frontlineArea for a DOWNWARD posting that names one', async () => {
    const c = await freshCadre({ rank: SECTION_DEPUTY });
    const error = await refused(
      input(c.id, world.units.unitB.id, PostingType.DOWNWARD, SECTION_DEPUTY, {
        frontlineArea: 'PETITIONS',
      }),
      'INVALID_VALUE',
      'frontlineArea',
    );
    expect(error.message).toContain('FRONTLINE');
  });

  it('refuses INVALID_VALUE on frontlineArea when an update gives a DOWNWARD posting one', async () => {
    const c = await freshCadre({ rank: SECTION_DEPUTY });
    const p = await accepted(
      input(c.id, world.units.unitB.id, PostingType.DOWNWARD, SECTION_DEPUTY),
    );
    const payload = await expectRefused(env, 'INVALID_VALUE', () =>
      mutate(
        env,
        UpdatePostingDocument,
        { postingId: p.id, version: 1, frontlineArea: 'MAJOR_PROJECTS' },
        admin,
      ),
    );
    expect(payload.userErrors[0].field).toEqual(['frontlineArea']);
    expect(await read(p.id)).toMatchObject({ frontlineArea: null });
  });
});

describe('FRONTLINE: front-line work', () => {
  it('accepts a front-line unit (信访局) without an area of the posting', async () => {
    const c = await freshCadre({ rank: SECTION_DEPUTY });
    const p = await accepted(input(c.id, units.petitions, PostingType.FRONTLINE, SECTION_DEPUTY));
    expect(await read(p.id)).toEqual({
      positionRank: SECTION_DEPUTY,
      frontlineArea: null,
      receivingUnit: { frontlineArea: 'PETITIONS' },
    });
  });

  it('accepts an ordinary unit when the posting names the area of its post', async () => {
    const c = await freshCadre({ rank: SECTION_DEPUTY });
    const values = input(c.id, units.bureau, PostingType.FRONTLINE, SECTION_CHIEF, {
      frontlineArea: 'CITY_CONSTRUCTION',
      positionTitle: '征迁工作组副组长',
    });
    const p = await accepted(values);
    expect(await read(p.id)).toEqual({
      positionRank: SECTION_CHIEF,
      frontlineArea: 'CITY_CONSTRUCTION',
      receivingUnit: { frontlineArea: null },
    });
  });

  it('refuses FRONTLINE_AREA_REQUIRED on frontlineArea for an ordinary unit and no area', async () => {
    const c = await freshCadre({ rank: SECTION_DEPUTY });
    await refused(
      input(c.id, units.bureau, PostingType.FRONTLINE, SECTION_DEPUTY),
      'FRONTLINE_AREA_REQUIRED',
      'frontlineArea',
    );
  });
});

describe('updatePosting checks the rules again', () => {
  it('refuses a rank raised too high, then takes an allowed one', async () => {
    const c = await freshCadre({ rank: STAFF });
    const p = await accepted(input(c.id, world.units.unitB.id, PostingType.DOWNWARD, STAFF));
    const update = (positionRank: CadreRank) =>
      mutate(env, UpdatePostingDocument, { postingId: p.id, version: 1, positionRank }, admin);
    const payload = await expectRefused(env, 'POSITION_RANK_TOO_HIGH', () =>
      update(DIVISION_DEPUTY),
    );
    expect(payload.userErrors[0].field).toEqual(['positionRank']);
    const ok = await update(SECTION_DEPUTY);
    expect(ok.userErrors).toEqual([]);
    expect(ok.posting).toMatchObject({ positionRank: SECTION_DEPUTY, version: 2 });
  });

  it('refuses clearing the area of a front-line post in an ordinary unit, unless it moves to a front-line unit', async () => {
    const c = await freshCadre({ rank: SECTION_DEPUTY });
    const p = await accepted(
      input(c.id, units.bureau, PostingType.FRONTLINE, SECTION_DEPUTY, {
        frontlineArea: 'MAJOR_PROJECTS',
      }),
    );
    const update = (more: Record<string, unknown>) =>
      mutate(env, UpdatePostingDocument, { postingId: p.id, version: 1, ...more }, admin);
    const payload = await expectRefused(env, 'FRONTLINE_AREA_REQUIRED', () =>
      update({ frontlineArea: null }),
    );
    expect(payload.userErrors[0].field).toEqual(['frontlineArea']);
    const moved = await update({
      frontlineArea: null,
      receivingUnitId: gid('Unit', units.petitions),
    });
    expect(moved.userErrors).toEqual([]);
    expect(moved.posting).toMatchObject({ version: 2 });
    expect(await read(p.id)).toMatchObject({
      frontlineArea: null,
      receivingUnit: { frontlineArea: 'PETITIONS' },
    });
  });

  it('refuses moving a master’s graduate-assistant posting to a public institution', async () => {
    const c = await freshCadre({
      rank: STAFF,
      isRecruitedGraduate: true,
      education: Education.MASTER,
    });
    const p = await accepted(
      input(c.id, units.bureau, PostingType.GRADUATE_ASSISTANT, DIVISION_CHIEF),
    );
    const payload = await expectRefused(env, 'GRADUATE_ASSISTANT_POST', () =>
      mutate(
        env,
        UpdatePostingDocument,
        { postingId: p.id, version: 1, receivingUnitId: gid('Unit', units.institute) },
        admin,
      ),
    );
    expect(payload.userErrors[0].field).toEqual(['receivingUnitId']);
  });
});

describe('activatePosting checks the rules again, against the cadre and units as they are now', () => {
  /** Starts today, so that only the rules can stop its activation. */
  const startingToday = (more: Partial<CreatePostingInput> = {}) => ({
    startDate: today(),
    plannedEndDate: addDays(today(), 365),
    ...more,
  });
  const activate = (postingId: string) =>
    mutate(env, ActivatePostingDocument, { postingId }, admin);
  async function stored(postingId: string) {
    const id = Number(Buffer.from(postingId, 'base64url').toString().split(':')[1]);
    const [row] = await env.dataSource.query(
      'SELECT status, version, activated_at AS "activatedAt" FROM posting WHERE id = $1',
      [id],
    );
    return row;
  }

  it('refuses POSITION_RANK_TOO_HIGH once updateCadre lowered the cadre’s rank, writing nothing', async () => {
    const c = await freshCadre({ rank: SECTION_DEPUTY });
    const p = await accepted(
      input(c.id, world.units.unitB.id, PostingType.DOWNWARD, SECTION_CHIEF, startingToday()),
    );
    // updateCadre itself does not look at the posting.
    const lowered = await mutate(
      env,
      UpdateCadreDocument,
      { cadreId: gid('Cadre', c.id), version: c.version, rank: STAFF },
      admin,
    );
    expect(lowered.userErrors).toEqual([]);
    const payload = await expectRefused(env, 'POSITION_RANK_TOO_HIGH', () => activate(p.id));
    expect(payload.userErrors[0].field).toEqual(['positionRank']);
    expect(payload.userErrors[0].message).toContain('STAFF');
    expect(await stored(p.id)).toEqual({
      status: PostingStatus.PLANNED,
      version: 1,
      activatedAt: null,
    });
    // Brought within the rule, the same posting starts.
    const fixed = await mutate(
      env,
      UpdatePostingDocument,
      { postingId: p.id, version: 1, positionRank: SECTION_DEPUTY },
      admin,
    );
    expect(fixed.userErrors).toEqual([]);
    const ok = await activate(p.id);
    expect(ok.userErrors).toEqual([]);
    expect(ok.posting).toMatchObject({ status: 'ACTIVE', version: 3 });
  });

  it('refuses FRONTLINE_AREA_REQUIRED once updateUnit cleared the receiving unit’s area, writing nothing', async () => {
    const frontline = await unit(env.dataSource, {
      name: '市重大项目推进中心',
      frontlineArea: FrontlineArea.MAJOR_PROJECTS,
    });
    const c = await freshCadre({ rank: SECTION_DEPUTY });
    const p = await accepted(
      input(c.id, frontline.id, PostingType.FRONTLINE, SECTION_DEPUTY, startingToday()),
    );
    const cleared = await mutate(
      env,
      UpdateUnitDocument,
      { unitId: gid('Unit', frontline.id), version: frontline.version, frontlineArea: null },
      admin,
    );
    expect(cleared.userErrors).toEqual([]);
    const payload = await expectRefused(env, 'FRONTLINE_AREA_REQUIRED', () => activate(p.id));
    expect(payload.userErrors[0].field).toEqual(['frontlineArea']);
    expect(await stored(p.id)).toEqual({
      status: PostingStatus.PLANNED,
      version: 1,
      activatedAt: null,
    });
  });
});

describe('Unit.frontlineArea', () => {
  it('is set by createUnit and cleared by updateUnit with null', async () => {
    const created = await mutate(
      env,
      CreateUnitDocument,
      {
        code: 'FL-1',
        name: '市重大项目建设服务中心',
        kind: 'PUBLIC_INSTITUTION',
        adminLevel: 'CITY',
        region: '示例市',
        frontlineArea: 'MAJOR_PROJECTS',
      },
      admin,
    );
    expect(created.userErrors).toEqual([]);
    expect(created.unit).toMatchObject({ frontlineArea: 'MAJOR_PROJECTS', version: 1 });
    const kept = await mutate(
      env,
      UpdateUnitDocument,
      { unitId: created.unit!.id, version: 1, name: '市重大项目服务中心' },
      admin,
    );
    expect(kept.unit).toMatchObject({ frontlineArea: 'MAJOR_PROJECTS', version: 2 });
    const cleared = await mutate(
      env,
      UpdateUnitDocument,
      { unitId: created.unit!.id, version: 2, frontlineArea: null },
      admin,
    );
    expect(cleared.unit).toMatchObject({ frontlineArea: null, version: 3 });
  });
});

describe('the migration that adds positionRank', () => {
  it('derives existing rows’ rank from their type and their cadre’s rank, then requires one', async () => {
    const ds = env.dataSource;
    const make = async (type: PostingType, rank: CadreRank) => {
      const c = await freshCadre({ rank });
      const p = await posting(ds, {
        cadreId: c.id,
        sendingUnitId: world.units.unitA.id,
        receivingUnitId: world.units.unitB.id,
        type,
        startDate: '2020-01-01',
        plannedEndDate: '2020-12-31',
        actualEndDate: '2020-12-31',
        status: PostingStatus.COMPLETED,
      });
      return p.id;
    };
    const expected = new Map([
      [await make(PostingType.CROSS_DEPUTY, SECTION_CHIEF), SECTION_DEPUTY],
      [await make(PostingType.CROSS_DEPUTY, DIVISION_CHIEF), DIVISION_DEPUTY],
      [await make(PostingType.CROSS_DEPUTY, SECTION_DEPUTY), SECTION_DEPUTY],
      [await make(PostingType.HIGHER_ASSISTANT, SECTION_CHIEF), DIVISION_DEPUTY],
      [await make(PostingType.SCHOOL_ASSISTANT, BUREAU_CHIEF), BUREAU_CHIEF],
      [await make(PostingType.GRADUATE_ASSISTANT, STAFF), SECTION_CHIEF],
      [await make(PostingType.FRONTLINE, STAFF), STAFF],
    ]);
    const migration = new PostingPositionRank1765700000100();
    const runner = ds.createQueryRunner();
    try {
      await migration.down(runner);
      await migration.up(runner);
    } finally {
      await runner.release();
    }
    const rows: { id: number; position_rank: CadreRank }[] = await ds.query(
      'SELECT id, position_rank FROM posting WHERE id = ANY($1)',
      [[...expected.keys()]],
    );
    expect(new Map(rows.map((r) => [r.id, r.position_rank]))).toEqual(expected);
    const [column] = await ds.query(
      `SELECT is_nullable FROM information_schema.columns
        WHERE table_name = 'posting' AND column_name = 'position_rank'`,
    );
    expect(column.is_nullable).toBe('NO');
  });
});
