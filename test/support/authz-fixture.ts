import type { DataSource } from 'typeorm';
import { CreateApiKeyDocument, RevokeApiKeyDocument } from '../../sdk/src';
import { Role } from '../../server/common/role';
import { User } from '../../server/modules/auth/user.entity';
import { CadreRank } from '../../server/modules/cadre/cadre.entity';
import { CareerEvent, CareerEventKind } from '../../server/modules/career/career-event.entity';
import { Debrief } from '../../server/modules/debrief/debrief.entity';
import { ExperienceArticle } from '../../server/modules/debrief/experience-article.entity';
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
import { Candidate, CandidateStatus } from '../../server/modules/selection/candidate.entity';
import {
  SelectionRound,
  SelectionRoundStatus,
} from '../../server/modules/selection/selection-round.entity';
import type { Principal } from './authz-matrix';
import type { TestEnv } from './env';
import { mutate } from './mutations';
import { buildWorld, cadre, gid, insert, login, posting, user, type World } from './world';

// ---------------------------------------------------------------------------------------------
// The fixture: the shared world, plus rows outside every scope and rows kept for single cases
// ---------------------------------------------------------------------------------------------

export interface Fixture {
  world: World;
  logoutTokens: Record<Exclude<Principal, 'anonymous'>, string>;
  unit: { B: string; C: string; city: string };
  cadre: {
    self: string;
    returned: string;
    leaderA: string;
    inbound: string;
    mentor: string;
    leaderCity: string;
    elsewhere: string;
  };
  posting: { active: string; completed: string; elsewhere: string; earlier: string };
  mentorship: { active: string; elsewhere: string };
  session: { active: string; elsewhere: string };
  report: { active: string; late: string; elsewhere: string };
  evaluation: {
    finalized: string;
    draft: string;
    managerDraft: string;
    mentorDraft: string;
    elsewhere: string;
    elsewhereDraft: string;
  };
  careerEvent: { own: string; elsewhere: string };
  round: string;
  candidate: { unitA: string; elsewhere: string };
  debrief: {
    completed: string;
    own: string;
    elsewhere: string;
    forOutcome: string;
    forOutcomeElsewhere: string;
  };
  article: { active: string; elsewhere: string; toPublish: string; toPublishElsewhere: string };
  policy: string;
  user: { admin: string; revokeTarget: string; resetTarget: string };
  auditEntry: string;
  apiKey: { active: string; revoked: string };
  alert: { inbound: string; ended: string; elsewhere: string };
}

const SCORES = {
  politicalConductScore: 90,
  moralCharacterScore: 88,
  leadershipScore: 80,
  workAbilityScore: 85,
  massLineScore: 87,
  initiativeScore: 92,
  disciplineScore: 95,
};

async function debrief(ds: DataSource, title: string, postingId: number): Promise<Debrief> {
  const row = await insert<Debrief>(ds, Debrief, { title, date: '2026-01-15' });
  await ds.query('INSERT INTO debrief_posting (debrief_id, posting_id) VALUES ($1, $2)', [
    row.id,
    postingId,
  ]);
  return row;
}

export async function buildFixture(env: TestEnv): Promise<Fixture> {
  const world = await buildWorld(env);
  const ds = env.dataSource;
  const { units, cadres, postings, mentorships, reports, evaluations, tokens } = world;
  const userId = async (username: string) =>
    (await ds.getRepository(User).findOneByOrFail({ username })).id;

  // C→city: a mentor, a session, a report, evaluations, a debrief and an article nobody but the
  // org department and the analysts may see.
  const leaderCity = await cadre(ds, {
    name: '周海',
    homeUnitId: units.city.id,
    isLeadership: true,
    rank: CadreRank.DIVISION_CHIEF,
  });
  const elsewhere = postings.elsewhere.id;
  const elsewhereMentorship = await insert(ds, Mentorship, {
    postingId: elsewhere,
    mentorId: leaderCity.id,
    startDate: '2026-03-05',
  });
  const elsewhereSession = await insert(ds, MentorSession, {
    mentorshipId: elsewhereMentorship.id,
    date: '2026-04-01',
    topic: '明确方向',
  });
  const elsewhereReport = await insert(ds, FeedbackReport, {
    postingId: elsewhere,
    period: '2026-Q2',
    daysOnSite: 10, // under 60% of the quarter's working days: PASSIVE_CADRE
  });
  const elsewhereEvaluation = await insert(ds, Evaluation, {
    postingId: elsewhere,
    kind: EvaluationKind.ROUTINE,
    date: '2026-05-31',
    ...SCORES,
    grade: Grade.COMPETENT,
    status: EvaluationStatus.FINALIZED,
    finalizedAt: new Date('2026-06-05T00:00:00Z'),
  });
  const adminId = await userId('admin');
  const elsewhereDraft = await insert(ds, Evaluation, {
    postingId: elsewhere,
    kind: EvaluationKind.ROUTINE,
    evaluatorId: adminId,
    date: '2026-06-30',
    status: EvaluationStatus.DRAFT,
  });

  // Written after the completed posting ended: the receiving unit no longer sees it.
  const lateReport = await insert(ds, FeedbackReport, {
    postingId: postings.completed.id,
    period: '2026-Q1',
    daysOnSite: 0,
    createdAt: new Date('2026-04-01T00:00:00Z'),
  });
  // Drafts by their authors, for the author-only edits.
  const draftBy = async (username: string) =>
    insert(ds, Evaluation, {
      postingId: postings.active.id,
      kind: EvaluationKind.ROUTINE,
      evaluatorId: await userId(username),
      date: '2026-09-30',
      status: EvaluationStatus.DRAFT,
    });
  const managerDraft = await draftBy('manager_b');
  const mentorDraft = await draftBy('mentor_b');

  const ownEvent = await insert(ds, CareerEvent, {
    cadreId: cadres.cadreA1.id,
    kind: CareerEventKind.APPOINTED,
    date: '2020-07-01',
    positionTitle: '科员',
  });
  const elsewhereEvent = await insert(ds, CareerEvent, {
    cadreId: cadres.cadreC1.id,
    kind: CareerEventKind.RESERVE_LISTED,
    date: '2025-01-01',
  });

  // An OPEN round: unit A nominated 王建国, unit B 刘洋, school C 赵敏.
  const round = await insert<SelectionRound>(ds, SelectionRound, {
    name: '2026年高挂公开选派',
    postingType: PostingType.HIGHER_ASSISTANT,
    year: 2026,
    quota: 3,
    status: SelectionRoundStatus.OPEN,
  });
  const nominate = (cadreId: number, nominatingUnitId: number) =>
    insert<Candidate>(ds, Candidate, {
      roundId: round.id,
      cadreId,
      nominatingUnitId,
      status: CandidateStatus.NOMINATED,
    });
  const candidateA = await nominate(cadres.leaderA.id, units.unitA.id);
  await nominate(cadres.cadreB1.id, units.unitB.id);
  const candidateC = await nominate(cadres.cadreC1.id, units.unitC.id);

  // 李明's earlier posting A→B, long over and never finally assessed (MISSING_FINAL_EVALUATION):
  // his own debrief, and his real article.
  const earlier = await posting(ds, {
    cadreId: cadres.cadreA1.id,
    sendingUnitId: units.unitA.id,
    receivingUnitId: units.unitB.id,
    startDate: '2024-01-01',
    plannedEndDate: '2024-12-31',
    actualEndDate: '2024-12-31',
    status: PostingStatus.COMPLETED,
    createdAt: new Date('2023-12-01T00:00:00Z'),
  });
  const debriefCompleted = await debrief(ds, '2025年度挂职干部座谈会', postings.completed.id);
  const debriefOwn = await debrief(ds, '2024年度挂职干部座谈会', earlier.id);
  const debriefElsewhere = await debrief(ds, '市直单位挂职座谈会', elsewhere);
  const forOutcome = await debrief(ds, '座谈会（记录）', postings.completed.id);
  const forOutcomeElsewhere = await debrief(ds, '座谈会（记录）', elsewhere);

  const article = (postingId: number) =>
    insert<ExperienceArticle>(ds, ExperienceArticle, {
      postingId,
      title: '挂职心得',
      body: '在基层锻炼中成长',
    });
  const articleActive = await article(postings.active.id);
  const articleElsewhere = await article(elsewhere);
  const toPublish = await article(postings.active.id);
  const toPublishElsewhere = await article(elsewhere);

  // API keys through the API (which also writes the audit trail): one in use, one revoked.
  const input = { name: '统计分析系统', role: Role.ANALYST };
  const active = await mutate(env, CreateApiKeyDocument, input, tokens.admin);
  const revoked = await mutate(env, CreateApiKeyDocument, input, tokens.admin);
  await mutate(env, RevokeApiKeyDocument, { apiKeyId: revoked.apiKey!.id }, tokens.admin);
  const [audit]: { id: number }[] = await ds.query(
    'SELECT id FROM audit_entry ORDER BY id LIMIT 1',
  );

  // Users whose sessions the logout and revokeUserTokens cases may end.
  const revokeTarget = await user(ds, 'matrix_revoke_target', Role.CADRE, {
    cadreId: cadres.cadreB1.id,
  });
  const resetTarget = await user(ds, 'matrix_reset_target', Role.ANALYST);
  await user(ds, 'matrix_admin', Role.ORG_ADMIN);
  await user(ds, 'matrix_manager', Role.UNIT_MANAGER, { unitId: units.unitB.id });
  await user(ds, 'matrix_mentor', Role.MENTOR, { cadreId: cadres.leaderB.id });
  await user(ds, 'matrix_cadre', Role.CADRE, { cadreId: cadres.cadreA1.id });
  await user(ds, 'matrix_analyst', Role.ANALYST);
  const logoutTokens = {
    admin: await login(env, 'matrix_admin'),
    manager: await login(env, 'matrix_manager'),
    mentor: await login(env, 'matrix_mentor'),
    cadre: await login(env, 'matrix_cadre'),
    analyst: await login(env, 'matrix_analyst'),
  };

  const [session]: { id: number }[] = await ds.query(
    'SELECT id FROM mentor_session WHERE mentorship_id = $1',
    [mentorships.mentorship.id],
  );

  // Alerts are a view over the data: B→A has no mentor, C→city too few days on site.
  const alert = async (postingId: number, kind: string) => {
    const [row]: { id: number }[] = await ds.query(
      'SELECT id FROM alert WHERE posting_id = $1 AND kind = $2 AND cleared_on IS NULL',
      [postingId, kind],
    );
    if (!row) throw new Error(`set-up failed: no ${kind} alert on posting ${postingId}`);
    return gid('Alert', row.id);
  };

  return {
    world,
    logoutTokens,
    alert: {
      inbound: await alert(postings.inbound.id, 'UNMANAGED_POSTING'),
      ended: await alert(earlier.id, 'MISSING_FINAL_EVALUATION'),
      elsewhere: await alert(elsewhere, 'PASSIVE_CADRE'),
    },
    unit: {
      B: gid('Unit', units.unitB.id),
      C: gid('Unit', units.unitC.id),
      city: gid('Unit', units.city.id),
    },
    cadre: {
      self: gid('Cadre', cadres.cadreA1.id),
      returned: gid('Cadre', cadres.cadreA2.id),
      leaderA: gid('Cadre', cadres.leaderA.id),
      inbound: gid('Cadre', cadres.cadreB1.id),
      mentor: gid('Cadre', cadres.leaderB.id),
      leaderCity: gid('Cadre', leaderCity.id),
      elsewhere: gid('Cadre', cadres.cadreC1.id),
    },
    posting: {
      active: gid('Posting', postings.active.id),
      completed: gid('Posting', postings.completed.id),
      elsewhere: gid('Posting', elsewhere),
      earlier: gid('Posting', earlier.id),
    },
    mentorship: {
      active: gid('Mentorship', mentorships.mentorship.id),
      elsewhere: gid('Mentorship', elsewhereMentorship.id),
    },
    session: {
      active: gid('MentorSession', session.id),
      elsewhere: gid('MentorSession', elsewhereSession.id),
    },
    report: {
      active: gid('FeedbackReport', reports.reportActive.id),
      late: gid('FeedbackReport', lateReport.id),
      elsewhere: gid('FeedbackReport', elsewhereReport.id),
    },
    evaluation: {
      finalized: gid('Evaluation', evaluations.finalizedActive.id),
      draft: gid('Evaluation', evaluations.draftEvaluation.id),
      managerDraft: gid('Evaluation', managerDraft.id),
      mentorDraft: gid('Evaluation', mentorDraft.id),
      elsewhere: gid('Evaluation', elsewhereEvaluation.id),
      elsewhereDraft: gid('Evaluation', elsewhereDraft.id),
    },
    careerEvent: {
      own: gid('CareerEvent', ownEvent.id),
      elsewhere: gid('CareerEvent', elsewhereEvent.id),
    },
    round: gid('SelectionRound', round.id),
    candidate: {
      unitA: gid('Candidate', candidateA.id),
      elsewhere: gid('Candidate', candidateC.id),
    },
    debrief: {
      completed: gid('Debrief', debriefCompleted.id),
      own: gid('Debrief', debriefOwn.id),
      elsewhere: gid('Debrief', debriefElsewhere.id),
      forOutcome: gid('Debrief', forOutcome.id),
      forOutcomeElsewhere: gid('Debrief', forOutcomeElsewhere.id),
    },
    article: {
      active: gid('ExperienceArticle', articleActive.id),
      elsewhere: gid('ExperienceArticle', articleElsewhere.id),
      toPublish: gid('ExperienceArticle', toPublish.id),
      toPublishElsewhere: gid('ExperienceArticle', toPublishElsewhere.id),
    },
    policy: gid('Policy', 1),
    user: {
      admin: gid('User', adminId),
      revokeTarget: gid('User', revokeTarget.id),
      resetTarget: gid('User', resetTarget.id),
    },
    auditEntry: gid('AuditEntry', audit.id),
    apiKey: { active: active.apiKey!.id, revoked: revoked.apiKey!.id },
  };
}
