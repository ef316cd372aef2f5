import type { DataSource, DeepPartial, EntityTarget, ObjectLiteral } from 'typeorm';
import { toGlobalId } from '../../server/common/global-id';
import { Role } from '../../server/common/role';
import { User } from '../../server/modules/auth/user.entity';
import { hashPassword } from '../../server/modules/auth/password';
import {
  Cadre,
  CadreRank,
  Education,
  Gender,
  PoliticalStatus,
} from '../../server/modules/cadre/cadre.entity';
import { CareerEvent, CareerEventKind } from '../../server/modules/career/career-event.entity';
import {
  EvaluationKind,
  EvaluationStatus,
  Grade,
} from '../../server/modules/evaluation/evaluation-enums';
import { Evaluation } from '../../server/modules/evaluation/evaluation.entity';
import { MentorSession } from '../../server/modules/mentorship/mentor-session.entity';
import { Mentorship } from '../../server/modules/mentorship/mentorship.entity';
import { Posting } from '../../server/modules/posting/posting.entity';
import { PostingStatus, PostingType } from '../../server/modules/posting/posting-type';
import { FeedbackReport } from '../../server/modules/report/feedback-report.entity';
import { AdminLevel, Unit, UnitKind } from '../../server/modules/unit/unit.entity';
import { LoginDocument } from '../../sdk/src';
import type { TestEnv } from './env';

export const PASSWORD = 'test-password';

let idCounter = 0;
/** A syntactically valid, unique 18-character ID number. */
function idNumber(): string {
  idCounter++;
  return `110101199001${String(idCounter).padStart(5, '0')}X`;
}

export async function insert<T extends ObjectLiteral>(
  ds: DataSource,
  entity: EntityTarget<T>,
  values: DeepPartial<T>,
): Promise<T> {
  const repo = ds.getRepository(entity);
  return repo.save(repo.create(values));
}

let unitCounter = 0;

export function unit(ds: DataSource, values: Partial<Unit> & { name: string }): Promise<Unit> {
  unitCounter++;
  return insert<Unit>(ds, Unit, {
    code: `T${String(unitCounter).padStart(5, '0')}`,
    kind: UnitKind.GOVERNMENT_DEPARTMENT,
    adminLevel: AdminLevel.CITY,
    region: '示例市',
    isDevelopedRegion: false,
    ...values,
  });
}

export function cadre(
  ds: DataSource,
  values: Partial<Cadre> & { name: string; homeUnitId: number },
): Promise<Cadre> {
  return insert<Cadre>(ds, Cadre, {
    gender: Gender.MALE,
    birthDate: '1988-05-17',
    education: Education.BACHELOR,
    politicalStatus: PoliticalStatus.CPC_MEMBER,
    positionTitle: '科员',
    rank: CadreRank.SECTION_CHIEF,
    specialties: [],
    idNumber: idNumber(),
    phone: '13800000000',
    ...values,
  });
}

export function posting(
  ds: DataSource,
  values: Partial<Posting> & { cadreId: number; sendingUnitId: number; receivingUnitId: number },
): Promise<Posting> {
  return insert<Posting>(ds, Posting, {
    type: PostingType.DOWNWARD,
    positionTitle: '镇长助理',
    // The rank of the fixtures' default cadre (正科): no type rule is broken by it.
    positionRank: CadreRank.SECTION_CHIEF,
    isSubstantive: true,
    responsibilities: ['协助分管招商引资工作'],
    trainingPlan: '熟悉基层治理',
    startDate: '2026-03-01',
    plannedEndDate: '2027-02-28',
    status: PostingStatus.ACTIVE,
    ...values,
  });
}

/**
 * Gives `cadreId` a COMPLETED posting 2020-08-30 → 2022-06-01 from `from` to `to`: the overlap
 * example of issue 10 (a new posting 2021-07-16 → 2022-06-01 must be refused).
 */
export async function completedPosting(
  ds: DataSource,
  cadreId: number,
  from: number,
  to: number,
): Promise<Posting> {
  return posting(ds, {
    cadreId,
    sendingUnitId: from,
    receivingUnitId: to,
    startDate: '2020-08-30',
    plannedEndDate: '2022-06-01',
    actualEndDate: '2022-06-01',
    status: PostingStatus.COMPLETED,
  });
}

export async function user(
  ds: DataSource,
  username: string,
  role: Role,
  links: { unitId?: number; cadreId?: number } = {},
): Promise<User> {
  return insert<User>(ds, User, {
    username,
    role,
    passwordHash: await hashPassword(PASSWORD),
    unitId: links.unitId ?? null,
    cadreId: links.cadreId ?? null,
  });
}

export async function login(env: TestEnv, username: string, password = PASSWORD): Promise<string> {
  const res = await env.graphql(LoginDocument, { input: { username, password } });
  const token = res.data?.login.token;
  if (!token) throw new Error(`login failed for ${username}: ${JSON.stringify(res)}`);
  return token;
}

export const gid = (type: string, id: number) => toGlobalId(type, id);

/**
 * A small world covering every role: unit A sends cadres to township B and receives one from B;
 * B's leader mentors A's cadre; a completed posting A→B left records behind.
 */
export async function buildWorld(env: TestEnv) {
  const ds = env.dataSource;
  const city = await unit(ds, { name: '示例市委', kind: UnitKind.PARTY_DEPARTMENT });
  const unitA = await unit(ds, { name: '市发展和改革委员会', parentId: city.id });
  const unitB = await unit(ds, {
    name: '青山镇人民政府',
    kind: UnitKind.TOWNSHIP,
    adminLevel: AdminLevel.TOWNSHIP,
    parentId: city.id,
  });
  const unitC = await unit(ds, { name: '市第一中学', kind: UnitKind.SCHOOL });

  const leaderA = await cadre(ds, {
    name: '王建国',
    homeUnitId: unitA.id,
    isLeadership: true,
    rank: CadreRank.DIVISION_CHIEF,
  });
  const cadreA1 = await cadre(ds, { name: '李明', homeUnitId: unitA.id, gender: Gender.MALE });
  const cadreA2 = await cadre(ds, { name: '张丽', homeUnitId: unitA.id, gender: Gender.FEMALE });
  const leaderB = await cadre(ds, {
    name: '陈志强',
    homeUnitId: unitB.id,
    isLeadership: true,
    rank: CadreRank.SECTION_CHIEF,
  });
  const cadreB1 = await cadre(ds, { name: '刘洋', homeUnitId: unitB.id });
  const cadreC1 = await cadre(ds, { name: '赵敏', homeUnitId: unitC.id });

  const active = await posting(ds, {
    cadreId: cadreA1.id,
    sendingUnitId: unitA.id,
    receivingUnitId: unitB.id,
  });
  const completed = await posting(ds, {
    cadreId: cadreA2.id,
    sendingUnitId: unitA.id,
    receivingUnitId: unitB.id,
    startDate: '2025-01-01',
    plannedEndDate: '2025-12-31',
    actualEndDate: '2025-12-31',
    status: PostingStatus.COMPLETED,
    createdAt: new Date('2024-12-01T00:00:00Z'),
  });
  const inbound = await posting(ds, {
    cadreId: cadreB1.id,
    sendingUnitId: unitB.id,
    receivingUnitId: unitA.id,
    type: PostingType.UPWARD,
    positionTitle: '办公室副主任',
  });
  const elsewhere = await posting(ds, {
    cadreId: cadreC1.id,
    sendingUnitId: unitC.id,
    receivingUnitId: city.id,
    type: PostingType.UPWARD,
  });

  const mentorship = await insert(ds, Mentorship, {
    postingId: active.id,
    mentorId: leaderB.id,
    startDate: '2026-03-05',
  });
  await insert(ds, MentorSession, {
    mentorshipId: mentorship.id,
    date: '2026-04-01',
    topic: '思想交流',
    notes: '谈心谈话',
  });
  const oldMentorship = await insert(ds, Mentorship, {
    postingId: completed.id,
    mentorId: leaderB.id,
    startDate: '2025-01-05',
    endDate: '2025-12-31',
  });

  const reportDuring = await insert(ds, FeedbackReport, {
    postingId: completed.id,
    period: '2025-Q2',
    daysOnSite: 60,
    performance: '工作积极',
    createdAt: new Date('2025-07-01T00:00:00Z'),
  });
  const reportActive = await insert(ds, FeedbackReport, {
    postingId: active.id,
    period: '2026-Q2',
    daysOnSite: 58,
  });

  const scores = {
    politicalConductScore: 90,
    moralCharacterScore: 88,
    leadershipScore: 80,
    workAbilityScore: 85,
    massLineScore: 87,
    initiativeScore: 92,
    disciplineScore: 95,
  };
  const finalEvaluation = await insert(ds, Evaluation, {
    postingId: completed.id,
    kind: EvaluationKind.FINAL,
    date: '2025-12-20',
    ...scores,
    grade: Grade.EXCELLENT,
    comments: '表现突出，敢于担当',
    status: EvaluationStatus.FINALIZED,
    finalizedAt: new Date('2025-12-25T00:00:00Z'),
    createdAt: new Date('2025-12-20T00:00:00Z'),
  });
  const draftEvaluation = await insert(ds, Evaluation, {
    postingId: active.id,
    kind: EvaluationKind.ROUTINE,
    date: '2026-06-30',
    ...scores,
    comments: '尚在起草',
    status: EvaluationStatus.DRAFT,
  });
  const finalizedActive = await insert(ds, Evaluation, {
    postingId: active.id,
    kind: EvaluationKind.ROUTINE,
    date: '2026-05-31',
    ...scores,
    grade: Grade.COMPETENT,
    comments: '工作认真',
    status: EvaluationStatus.FINALIZED,
    finalizedAt: new Date('2026-06-05T00:00:00Z'),
  });
  const promotion = await insert(ds, CareerEvent, {
    cadreId: cadreA2.id,
    kind: CareerEventKind.PROMOTED,
    date: '2026-03-01',
    rank: CadreRank.DIVISION_DEPUTY,
    documentNumber: '市委组干〔2026〕15号',
  });

  await user(ds, 'admin', Role.ORG_ADMIN);
  await user(ds, 'manager_a', Role.UNIT_MANAGER, { unitId: unitA.id });
  await user(ds, 'manager_b', Role.UNIT_MANAGER, { unitId: unitB.id });
  await user(ds, 'mentor_b', Role.MENTOR, { cadreId: leaderB.id });
  await user(ds, 'cadre_a1', Role.CADRE, { cadreId: cadreA1.id });
  await user(ds, 'analyst', Role.ANALYST);

  const tokens = {
    admin: await login(env, 'admin'),
    managerA: await login(env, 'manager_a'),
    managerB: await login(env, 'manager_b'),
    mentor: await login(env, 'mentor_b'),
    cadre: await login(env, 'cadre_a1'),
    analyst: await login(env, 'analyst'),
  };

  return {
    units: { city, unitA, unitB, unitC },
    cadres: { leaderA, cadreA1, cadreA2, leaderB, cadreB1, cadreC1 },
    postings: { active, completed, inbound, elsewhere },
    mentorships: { mentorship, oldMentorship },
    reports: { reportDuring, reportActive },
    evaluations: { finalEvaluation, draftEvaluation, finalizedActive },
    careerEvents: { promotion },
    tokens,
  };
}

export type World = Awaited<ReturnType<typeof buildWorld>>;
