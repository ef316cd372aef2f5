import { Role } from '../../server/common/role';
import { CadreRank } from '../../server/modules/cadre/cadre.entity';
import { CareerEvent, CareerEventKind } from '../../server/modules/career/career-event.entity';
import { Debrief } from '../../server/modules/debrief/debrief.entity';
import {
  ExperienceArticle,
  PublicationVenue,
} from '../../server/modules/debrief/experience-article.entity';
import {
  EvaluationKind,
  EvaluationStatus,
  Grade,
} from '../../server/modules/evaluation/evaluation-enums';
import { Evaluation } from '../../server/modules/evaluation/evaluation.entity';
import { MentorSession } from '../../server/modules/mentorship/mentor-session.entity';
import { Mentorship } from '../../server/modules/mentorship/mentorship.entity';
import { PostingStatus, PostingType } from '../../server/modules/posting/posting-type';
import { FeedbackReport } from '../../server/modules/report/feedback-report.entity';
import {
  Candidate,
  CandidateStatus,
  InspectionResult,
} from '../../server/modules/selection/candidate.entity';
import {
  SelectionRound,
  SelectionRoundStatus,
} from '../../server/modules/selection/selection-round.entity';
import type { TestEnv } from './env';
import type { OracleViewer } from './visibility-snapshot';
import { buildWorld, cadre, insert, login, posting, user } from './world';

const SCORES = {
  politicalConductScore: 88,
  moralCharacterScore: 86,
  leadershipScore: 78,
  workAbilityScore: 84,
  massLineScore: 90,
  initiativeScore: 81,
  disciplineScore: 93,
};

const at = (iso: string) => new Date(`${iso}T08:00:00Z`);

/** The viewers of the leak world, one per role and side of a posting, in test order. */
export const VIEWER_LABELS = [
  'ORG_ADMIN',
  'UNIT_MANAGER of the sending unit A',
  'UNIT_MANAGER of the receiving unit B',
  'UNIT_MANAGER of unit C (receives the later posting)',
  'MENTOR',
  'CADRE with an active posting (A1)',
  'CADRE with a completed then a later posting (A2)',
  'ANALYST',
] as const;
export type ViewerLabel = (typeof VIEWER_LABELS)[number];

/** One signed-in viewer: its token and what the oracle needs to know about it. */
export interface LeakViewer {
  label: ViewerLabel;
  token: string;
  viewer: OracleViewer;
}

/**
 * `buildWorld` plus what the nested-leak walk needs: every Node type present, and the time-box
 * cases. cadreA2's posting A→B completed on 2025-12-31; afterwards B wrote a report and an
 * inspection about it, and cadreA2 went on to a new posting A→C with its own mentor, report and
 * evaluations, and to later career events. None of that may reach B's manager.
 */
export async function buildLeakWorld(env: TestEnv) {
  const ds = env.dataSource;
  const world = await buildWorld(env);
  const { unitA, unitB, unitC, city } = world.units;
  const { cadreA1, cadreA2, cadreB1, cadreC1, leaderB } = world.cadres;
  const { active, completed, elsewhere } = world.postings;

  const leaderC = await cadre(ds, {
    name: '周华',
    homeUnitId: unitC.id,
    isLeadership: true,
    rank: CadreRank.DIVISION_DEPUTY,
  });
  const cadreC2 = await cadre(ds, { name: '孙婷', homeUnitId: unitC.id, phone: null });

  const managerC = await user(ds, 'manager_c', Role.UNIT_MANAGER, { unitId: unitC.id });
  const cadreUserA2 = await user(ds, 'cadre_a2', Role.CADRE, { cadreId: cadreA2.id });

  // buildWorld inserts the completed posting's mentorship today; it was written when it began.
  await ds.query('UPDATE mentorship SET created_at = $1 WHERE id = $2', [
    at('2025-01-05'),
    world.mentorships.oldMentorship.id,
  ]);

  // Written about the completed posting after it ended: the receiving unit must not see them.
  const reportAfter = await insert(ds, FeedbackReport, {
    postingId: completed.id,
    period: '2026-Q1',
    daysOnSite: 0,
    createdAt: at('2026-04-01'),
  });
  const inspectionAfter = await insert(ds, Evaluation, {
    postingId: completed.id,
    kind: EvaluationKind.TRACKING_INSPECTION,
    date: '2026-02-10',
    ...SCORES,
    grade: Grade.EXCELLENT,
    interviewCount: 12,
    findings: '返岗后表现突出',
    comments: '跟踪考察',
    status: EvaluationStatus.FINALIZED,
    finalizedAt: at('2026-02-20'),
    createdAt: at('2026-02-10'),
  });
  const sessionDuring = await insert(ds, MentorSession, {
    mentorshipId: world.mentorships.oldMentorship.id,
    date: '2025-06-01',
    topic: '指出不足',
    createdAt: at('2025-06-01'),
  });

  // cadreA2's next posting, at unit C, after the completed one.
  const later = await posting(ds, {
    cadreId: cadreA2.id,
    sendingUnitId: unitA.id,
    receivingUnitId: unitC.id,
    type: PostingType.FRONTLINE,
    positionTitle: '校长助理',
    startDate: '2026-04-01',
    plannedEndDate: '2027-03-31',
    createdAt: at('2026-03-15'),
  });
  const laterMentorship = await insert(ds, Mentorship, {
    postingId: later.id,
    mentorId: leaderC.id,
    startDate: '2026-04-05',
    createdAt: at('2026-04-05'),
  });
  const laterSession = await insert(ds, MentorSession, {
    mentorshipId: laterMentorship.id,
    date: '2026-05-10',
    topic: '明确方向',
    createdAt: at('2026-05-10'),
  });
  const laterReport = await insert(ds, FeedbackReport, {
    postingId: later.id,
    period: '2026-Q2',
    daysOnSite: 61,
    submittedById: managerC.id,
    createdAt: at('2026-07-01'),
  });
  const laterRoutine = await insert(ds, Evaluation, {
    postingId: later.id,
    kind: EvaluationKind.ROUTINE,
    evaluatorId: managerC.id,
    date: '2026-06-30',
    ...SCORES,
    grade: Grade.COMPETENT,
    comments: '适应较快',
    status: EvaluationStatus.FINALIZED,
    finalizedAt: at('2026-07-05'),
    createdAt: at('2026-06-30'),
  });
  const laterDraft = await insert(ds, Evaluation, {
    postingId: later.id,
    kind: EvaluationKind.ROUTINE,
    evaluatorId: managerC.id,
    date: '2026-09-30',
    comments: '起草中',
    status: EvaluationStatus.DRAFT,
    createdAt: at('2026-09-30'),
  });
  const laterAppointment = await insert(ds, CareerEvent, {
    cadreId: cadreA2.id,
    kind: CareerEventKind.APPOINTED,
    date: '2026-09-01',
    positionTitle: '副主任',
    documentNumber: '市委组干〔2026〕88号',
  });
  const reserveA1 = await insert(ds, CareerEvent, {
    cadreId: cadreA1.id,
    kind: CareerEventKind.RESERVE_LISTED,
    date: '2025-06-01',
  });
  const appointedB1 = await insert(ds, CareerEvent, {
    cadreId: cadreB1.id,
    kind: CareerEventKind.APPOINTED,
    date: '2024-01-01',
    positionTitle: '党政办主任',
  });

  // An earlier posting A→B whose FINAL evaluation was only written after it ended: B may read the
  // posting, but neither the evaluation nor any count built from it.
  const cadreA3 = await cadre(ds, { name: '吴强', homeUnitId: unitA.id });
  const earlier = await posting(ds, {
    cadreId: cadreA3.id,
    sendingUnitId: unitA.id,
    receivingUnitId: unitB.id,
    startDate: '2024-01-01',
    plannedEndDate: '2024-12-31',
    actualEndDate: '2024-12-31',
    status: PostingStatus.COMPLETED,
    createdAt: at('2023-12-01'),
  });
  const earlierFinal = await insert(ds, Evaluation, {
    postingId: earlier.id,
    kind: EvaluationKind.FINAL,
    date: '2025-01-20',
    ...SCORES,
    grade: Grade.EXCELLENT,
    comments: '期满后补评',
    status: EvaluationStatus.FINALIZED,
    finalizedAt: at('2025-01-25'),
    createdAt: at('2025-01-20'),
  });

  // Received by B but not ACTIVE yet; and one received by A that was terminated.
  const planned = await posting(ds, {
    cadreId: cadreC2.id,
    sendingUnitId: unitC.id,
    receivingUnitId: unitB.id,
    status: PostingStatus.PLANNED,
    startDate: '2027-01-01',
    plannedEndDate: '2027-12-31',
  });
  const terminated = await posting(ds, {
    cadreId: cadreC2.id,
    sendingUnitId: unitC.id,
    receivingUnitId: unitA.id,
    type: PostingType.UPWARD,
    startDate: '2025-03-01',
    plannedEndDate: '2026-02-28',
    actualEndDate: '2025-06-30',
    status: PostingStatus.TERMINATED,
    terminationReason: '因病提前结束',
    createdAt: at('2025-02-01'),
  });
  const terminatedReport = await insert(ds, FeedbackReport, {
    postingId: terminated.id,
    period: '2025-Q2',
    daysOnSite: 40,
    createdAt: at('2025-05-01'),
  });
  const terminatedEvaluation = await insert(ds, Evaluation, {
    postingId: terminated.id,
    kind: EvaluationKind.ROUTINE,
    date: '2025-08-01',
    ...SCORES,
    grade: Grade.BASICALLY_COMPETENT,
    comments: '结束后补评',
    status: EvaluationStatus.SUBMITTED,
    createdAt: at('2025-08-01'),
  });

  // Selection: a round A1 was selected in (and posted from), a closed one without any viewer.
  const round = await insert(ds, SelectionRound, {
    name: '2026年高挂公开选派',
    postingType: PostingType.HIGHER_ASSISTANT,
    year: 2026,
    quota: 2,
  });
  const closedRound = await insert(ds, SelectionRound, {
    name: '2025年上挂选派',
    postingType: PostingType.UPWARD,
    year: 2025,
    quota: 1,
    status: SelectionRoundStatus.CLOSED,
  });
  const candidateA1 = await insert(ds, Candidate, {
    roundId: round.id,
    cadreId: cadreA1.id,
    nominatingUnitId: unitA.id,
    writtenExamScore: 88.5,
    interviewScore: 90,
    inspectionResult: InspectionResult.PASS,
    inspectionNotes: '考察合格',
    status: CandidateStatus.SELECTED,
  });
  const candidateB1 = await insert(ds, Candidate, {
    roundId: round.id,
    cadreId: cadreB1.id,
    nominatingUnitId: unitB.id,
    status: CandidateStatus.SHORTLISTED,
  });
  const candidateC1 = await insert(ds, Candidate, {
    roundId: round.id,
    cadreId: cadreC1.id,
    nominatingUnitId: unitC.id,
    status: CandidateStatus.REJECTED,
  });
  const candidateC2 = await insert(ds, Candidate, {
    roundId: closedRound.id,
    cadreId: cadreC2.id,
    nominatingUnitId: unitC.id,
    status: CandidateStatus.SELECTED,
  });
  const candidateLeaderB = await insert(ds, Candidate, {
    roundId: closedRound.id,
    cadreId: leaderB.id,
    nominatingUnitId: city.id,
    status: CandidateStatus.NOMINATED,
  });
  await ds.query('UPDATE posting SET candidate_id = $1 WHERE id = $2', [candidateA1.id, active.id]);

  const debrief = await insert(ds, Debrief, {
    title: '2025年度挂职干部座谈会',
    date: '2026-01-15',
    summary: '交流挂职体会',
  });
  const otherDebrief = await insert(ds, Debrief, {
    title: '市一中挂职交流会',
    date: '2026-02-01',
  });
  await ds.query(
    'INSERT INTO debrief_posting (debrief_id, posting_id) VALUES ($1, $2), ($1, $3), ($4, $3)',
    [debrief.id, completed.id, elsewhere.id, otherDebrief.id],
  );
  const articlePublished = await insert(ds, ExperienceArticle, {
    postingId: completed.id,
    title: '在基层一线成长',
    body: '挂职一年的体会……',
    publishedIn: [PublicationVenue.BRIEFING],
  });
  const articleDraft = await insert(ds, ExperienceArticle, {
    postingId: active.id,
    title: '初到青山镇',
    body: '草稿',
    publishedIn: [],
  });
  const articleElsewhere = await insert(ds, ExperienceArticle, {
    postingId: elsewhere.id,
    title: '市委机关见闻',
    body: '草稿',
    publishedIn: [],
  });
  const articleLater = await insert(ds, ExperienceArticle, {
    postingId: later.id,
    title: '校园里的新岗位',
    body: '草稿',
    publishedIn: [],
  });

  const [adminUser] = await ds.query<{ id: number }[]>(
    `SELECT id FROM app_user WHERE username = 'admin'`,
  );
  await ds.query(
    `INSERT INTO audit_entry (actor_id, action, entity, entity_id, after)
     VALUES ($1, 'posting.complete', 'Posting', $2, '{"status":"COMPLETED"}'),
            (NULL, 'seed', 'Unit', $3, NULL)`,
    [adminUser.id, completed.id, unitA.id],
  );
  const [{ exists: hasApiKeys }] = await ds.query<{ exists: boolean }[]>(
    `SELECT to_regclass('api_key') IS NOT NULL AS exists`,
  );
  if (hasApiKeys) {
    await ds.query(
      `INSERT INTO api_key (name, role, unit_id, prefix, key_hash, created_by_id)
       VALUES ('档案系统', 'UNIT_MANAGER', $1, 'leakworld001', repeat('ab', 32), $2)`,
      [unitB.id, adminUser.id],
    );
  }

  const userIds = new Map(
    (await ds.query<{ id: number; username: string }[]>('SELECT id, username FROM app_user')).map(
      (u) => [u.username, u.id] as const,
    ),
  );
  const idOf = (username: string) => {
    const id = userIds.get(username);
    if (id === undefined) throw new Error(`no user ${username}`);
    return id;
  };
  const t = world.tokens;
  const viewers: LeakViewer[] = [
    {
      label: 'ORG_ADMIN',
      token: t.admin,
      viewer: { role: 'ORG_ADMIN', userId: idOf('admin'), unitId: null, cadreId: null },
    },
    {
      label: 'UNIT_MANAGER of the sending unit A',
      token: t.managerA,
      viewer: { role: 'UNIT_MANAGER', userId: idOf('manager_a'), unitId: unitA.id, cadreId: null },
    },
    {
      label: 'UNIT_MANAGER of the receiving unit B',
      token: t.managerB,
      viewer: { role: 'UNIT_MANAGER', userId: idOf('manager_b'), unitId: unitB.id, cadreId: null },
    },
    {
      label: 'UNIT_MANAGER of unit C (receives the later posting)',
      token: await login(env, 'manager_c'),
      viewer: { role: 'UNIT_MANAGER', userId: managerC.id, unitId: unitC.id, cadreId: null },
    },
    {
      label: 'MENTOR',
      token: t.mentor,
      viewer: { role: 'MENTOR', userId: idOf('mentor_b'), unitId: null, cadreId: leaderB.id },
    },
    {
      label: 'CADRE with an active posting (A1)',
      token: t.cadre,
      viewer: { role: 'CADRE', userId: idOf('cadre_a1'), unitId: null, cadreId: cadreA1.id },
    },
    {
      label: 'CADRE with a completed then a later posting (A2)',
      token: await login(env, 'cadre_a2'),
      viewer: { role: 'CADRE', userId: cadreUserA2.id, unitId: null, cadreId: cadreA2.id },
    },
    {
      label: 'ANALYST',
      token: t.analyst,
      viewer: { role: 'ANALYST', userId: idOf('analyst'), unitId: null, cadreId: null },
    },
  ];

  // Alerts with a follow-up and a past spell: who acknowledged and who follows up are accounts,
  // read under the account policy; a cleared spell is readable by id but not listed by default.
  const [followedUp]: { id: number }[] = await ds.query(
    `UPDATE alert SET acknowledged_at = now(), acknowledged_by_id = $1, acknowledgement_note = '已督促',
      assignee_id = $2, assigned_at = now(), assigned_by_id = $1
      WHERE id = (SELECT min(id) FROM alert WHERE cleared_on IS NULL) RETURNING id`,
    [idOf('admin'), idOf('manager_a')],
  );
  await ds.query(
    `INSERT INTO alert (posting_id, kind, raised_on, cleared_on, facts)
      SELECT posting_id, kind, raised_on - 30, raised_on - 10, facts FROM alert WHERE id = $1`,
    [followedUp.id],
  );

  const viewer = (label: ViewerLabel): LeakViewer => {
    const found = viewers.find((v) => v.label === label);
    if (!found) throw new Error(`no viewer ${label}`);
    return found;
  };

  return {
    ...world,
    viewers,
    viewer,
    extra: {
      leaderC,
      cadreC2,
      cadreA3,
      earlier,
      earlierFinal,
      reportAfter,
      inspectionAfter,
      sessionDuring,
      later,
      laterMentorship,
      laterSession,
      laterReport,
      laterRoutine,
      laterDraft,
      laterAppointment,
      reserveA1,
      appointedB1,
      planned,
      terminated,
      terminatedReport,
      terminatedEvaluation,
      round,
      closedRound,
      candidates: { candidateA1, candidateB1, candidateC1, candidateC2, candidateLeaderB },
      debrief,
      otherDebrief,
      articles: { articlePublished, articleDraft, articleElsewhere, articleLater },
    },
  };
}

export type LeakWorld = Awaited<ReturnType<typeof buildLeakWorld>>;
