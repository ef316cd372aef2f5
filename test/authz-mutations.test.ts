/**
 * The authorization matrix of every mutation (support/authz-matrix.ts): each row is input on a record
 * inside or outside the viewer's scope, refused after authorization where it is allowed.
 */
import {
  ADMIN_ONLY,
  describeMatrix,
  EVERYONE,
  inputRow,
  LONG_AGO,
  STALE,
  type Case,
  type Matrix,
  type Outcome,
} from './support/authz-matrix';
import { ACCOUNT_MUTATIONS } from './support/authz-account-rows';

/** A candidate step on a candidate of unit A and one outside, refused by a stale version. */
function candidateRows(op: string, extra: Record<string, unknown> = {}): Case {
  return {
    'candidate of unit A (STALE_VERSION)': inputRow(
      op,
      (f) => ({ candidateId: f.candidate.unitA, version: STALE, ...extra }),
      ADMIN_ONLY,
    ),
    'candidate of school C, outside (STALE_VERSION)': inputRow(
      op,
      (f) => ({ candidateId: f.candidate.elsewhere, version: STALE, ...extra }),
      ADMIN_ONLY,
    ),
  };
}

// Decided deviations from a literal reading of DESIGN §4, as the workflow issue asks:
// the receiving unit's manager logs mentor sessions as well as the mentor;
const SESSION_BY_RECEIVING_MANAGER: Outcome = 'allowed';
// writing about someone else's posting is a business refusal (userError NOT_OWN_POSTING);
const ARTICLE_ON_MENTEE_POSTING: Outcome = 'allowed';
// the org department records articles on a cadre's behalf, on any posting (issue #8).
// after the return only the org department drafts; the manager gets userError POSTING_NOT_ACTIVE.
const FINAL_AFTER_RETURN: Outcome = 'allowed';

const MUTATIONS: Matrix = {
  login: {
    'a wrong password (INVALID_CREDENTIALS)': inputRow(
      'login',
      () => ({ username: 'admin', password: 'not-the-password' }),
      { ...EVERYONE, anonymous: 'allowed' },
    ),
  },
  logout: {
    // Signing out revokes the caller's tokens: each role signs out with a user of its own.
    'own session (real sign-out, own users)': {
      request: () => ({ query: 'mutation { logout { userErrors { code } } }' }),
      expect: EVERYONE,
      tokens: (f) => f.logoutTokens,
    },
  },
  updateMyContactDetails: {
    // Real writes: the cadre and the mentor change their own phone numbers.
    'own contact details': inputRow('updateMyContactDetails', () => ({ phone: '13700000000' }), {
      anonymous: 'unauthenticated',
      admin: 'forbidden',
      manager: 'forbidden',
      mentor: 'allowed',
      cadre: 'allowed',
      analyst: 'forbidden',
    }),
  },
  revokeUserTokens: {
    'a user kept for this case (real revocation)': inputRow(
      'revokeUserTokens',
      (f) => ({ userId: f.user.revokeTarget }),
      ADMIN_ONLY,
    ),
  },
  createApiKey: {
    'a key for role CADRE (INVALID_VALUE)': inputRow(
      'createApiKey',
      () => ({ name: '矩阵测试', role: 'CADRE' }),
      ADMIN_ONLY,
    ),
  },
  ...ACCOUNT_MUTATIONS,
  revokeApiKey: {
    'a revoked key (INVALID_TRANSITION)': inputRow(
      'revokeApiKey',
      (f) => ({ apiKeyId: f.apiKey.revoked }),
      ADMIN_ONLY,
    ),
  },

  // ----- Mutations: units and cadres (ORG_ADMIN keeps the master data) -----------------------
  createUnit: {
    'a unit with a malformed code (INVALID_VALUE)': inputRow(
      'createUnit',
      (f) => ({ ...newUnit(), parentId: f.unit.B }),
      ADMIN_ONLY,
    ),
  },
  updateUnit: unitRows('updateUnit', { version: STALE, name: '矩阵测试单位' }),
  archiveUnit: unitRows('archiveUnit', { archivedOn: '2026-01-01' }),
  createCadre: {
    'a cadre of unit B with a wrong check digit (INVALID_ID_NUMBER)': inputRow(
      'createCadre',
      (f) => newCadre(f.unit.B),
      ADMIN_ONLY,
    ),
    'a cadre of the city (outside; INVALID_ID_NUMBER)': inputRow(
      'createCadre',
      (f) => newCadre(f.unit.city),
      ADMIN_ONLY,
    ),
  },
  updateCadre: cadreRows('updateCadre', (cadreId) => ({ cadreId, version: STALE })),
  setLeadershipMembership: {
    'the mentor of the active posting leaving the team (CADRE_IS_MENTORING)': inputRow(
      'setLeadershipMembership',
      (f) => ({ cadreId: f.cadre.mentor, isLeadership: false }),
      ADMIN_ONLY,
    ),
    'the city’s mentor, outside (CADRE_IS_MENTORING)': inputRow(
      'setLeadershipMembership',
      (f) => ({ cadreId: f.cadre.leaderCity, isLeadership: false }),
      ADMIN_ONLY,
    ),
  },
  recordCadreDeparture: cadreRows('recordCadreDeparture', (cadreId) => ({
    cadreId,
    departure: 'RETIRED',
    departedOn: '2026-01-01',
  })),

  // ----- Mutations: postings (ORG_ADMIN) ----------------------------------------------------
  createPosting: {
    '李明 (end before start: INVALID_DATES)': inputRow(
      'createPosting',
      (f) => newPosting(f.cadre.self, f.unit.C),
      ADMIN_ONLY,
    ),
    '赵敏, outside (INVALID_DATES)': inputRow(
      'createPosting',
      (f) => newPosting(f.cadre.elsewhere, f.unit.B),
      ADMIN_ONLY,
    ),
  },
  updatePosting: postingRows('updatePosting', { version: STALE, positionTitle: '镇长助理' }),
  activatePosting: postingRows('activatePosting', {}),
  extendPosting: postingRows('extendPosting', { plannedEndDate: '2026-06-30', reason: '工作需要' }),
  completePosting: postingRows('completePosting', { actualEndDate: LONG_AGO }),
  terminatePosting: postingRows('terminatePosting', {
    reason: '工作需要',
    actualEndDate: LONG_AGO,
  }),

  // ----- Mutations: selection ---------------------------------------------------------------
  openSelectionRound: {
    'a new round (real write)': inputRow(
      'openSelectionRound',
      () => ({ name: '矩阵测试批次', postingType: 'DOWNWARD', year: 2027, quota: 1 }),
      ADMIN_ONLY,
    ),
  },
  closeSelectionRound: {
    'the OPEN round (STALE_VERSION)': inputRow(
      'closeSelectionRound',
      (f) => ({ roundId: f.round, version: STALE }),
      ADMIN_ONLY,
    ),
  },
  nominateCandidate: {
    '王建国 of unit A (ALREADY_NOMINATED)': inputRow(
      'nominateCandidate',
      (f) => ({ roundId: f.round, cadreId: f.cadre.leaderA }),
      { ...ADMIN_ONLY, manager: 'allowed' },
      'managerA',
    ),
    '刘洋 of unit B, readable by A while serving there': inputRow(
      'nominateCandidate',
      (f) => ({ roundId: f.round, cadreId: f.cadre.inbound }),
      ADMIN_ONLY,
      'managerA',
    ),
    '赵敏 of school C (outside)': inputRow(
      'nominateCandidate',
      (f) => ({ roundId: f.round, cadreId: f.cadre.elsewhere }),
      { ...ADMIN_ONLY, manager: 'not-found' },
      'managerA',
    ),
  },
  recordCandidateScores: candidateRows('recordCandidateScores', { writtenExamScore: 80 }),
  recordInspection: candidateRows('recordInspection', { result: 'PASS', notes: '合格' }),
  shortlistCandidate: candidateRows('shortlistCandidate'),
  selectCandidate: candidateRows('selectCandidate'),
  rejectCandidate: candidateRows('rejectCandidate', { reason: '名额有限' }),
  recordTrainingCompleted: candidateRows('recordTrainingCompleted'),

  // ----- Mutations: mentoring ---------------------------------------------------------------
  assignMentor: {
    'active posting, by the receiving unit (ALREADY_MENTOR)': inputRow(
      'assignMentor',
      (f) => ({ postingId: f.posting.active, mentorId: f.cadre.mentor, startDate: '2026-03-10' }),
      { ...ADMIN_ONLY, manager: 'allowed' },
    ),
    'active posting, by the sending unit': inputRow(
      'assignMentor',
      (f) => ({ postingId: f.posting.active, mentorId: f.cadre.mentor, startDate: '2026-03-10' }),
      ADMIN_ONLY,
      'managerA',
    ),
    'posting C→city (outside; ALREADY_MENTOR)': inputRow(
      'assignMentor',
      (f) => ({
        postingId: f.posting.elsewhere,
        mentorId: f.cadre.leaderCity,
        startDate: '2026-03-10',
      }),
      { ...ADMIN_ONLY, manager: 'not-found' },
    ),
  },
  logMentorSession: {
    'own mentorship, by the receiving unit (date outside)': inputRow(
      'logMentorSession',
      (f) => ({ mentorshipId: f.mentorship.active, date: LONG_AGO, topic: '思想交流' }),
      { ...ADMIN_ONLY, manager: SESSION_BY_RECEIVING_MANAGER, mentor: 'allowed' },
    ),
    'own mentorship, by the sending unit': inputRow(
      'logMentorSession',
      (f) => ({ mentorshipId: f.mentorship.active, date: LONG_AGO, topic: '思想交流' }),
      { ...ADMIN_ONLY, mentor: 'allowed' },
      'managerA',
    ),
    'mentorship of C→city (outside)': inputRow(
      'logMentorSession',
      (f) => ({ mentorshipId: f.mentorship.elsewhere, date: LONG_AGO, topic: '思想交流' }),
      { ...ADMIN_ONLY, manager: 'not-found', mentor: 'not-found' },
    ),
  },

  // ----- Mutations: reports and evaluations -------------------------------------------------
  submitFeedbackReport: {
    'active posting, by the receiving unit (DUPLICATE_PERIOD)': inputRow(
      'submitFeedbackReport',
      (f) => ({ postingId: f.posting.active, period: '2026-Q2', daysOnSite: 1 }),
      { ...ADMIN_ONLY, manager: 'allowed' },
    ),
    'active posting, by the sending unit': inputRow(
      'submitFeedbackReport',
      (f) => ({ postingId: f.posting.active, period: '2026-Q2', daysOnSite: 1 }),
      ADMIN_ONLY,
      'managerA',
    ),
    'posting C→city (outside; DUPLICATE_PERIOD)': inputRow(
      'submitFeedbackReport',
      (f) => ({ postingId: f.posting.elsewhere, period: '2026-Q2', daysOnSite: 1 }),
      { ...ADMIN_ONLY, manager: 'not-found' },
    ),
  },
  createEvaluation: {
    'ROUTINE, active posting, receiving unit (date outside)': inputRow(
      'createEvaluation',
      (f) => newEvaluation(f.posting.active, 'ROUTINE'),
      { ...ADMIN_ONLY, manager: 'allowed', mentor: 'allowed' },
    ),
    'FINAL, active posting, receiving unit (date outside)': inputRow(
      'createEvaluation',
      (f) => newEvaluation(f.posting.active, 'FINAL'),
      { ...ADMIN_ONLY, manager: 'allowed' },
    ),
    'FINAL, completed posting A→B, receiving unit (FINAL_EVALUATION_EXISTS for the admin)':
      inputRow('createEvaluation', (f) => newEvaluation(f.posting.completed, 'FINAL'), {
        ...ADMIN_ONLY,
        manager: FINAL_AFTER_RETURN,
        mentor: 'not-found',
      }),
    'TRACKING_INSPECTION, active posting (date outside)': inputRow(
      'createEvaluation',
      (f) => newEvaluation(f.posting.active, 'TRACKING_INSPECTION'),
      ADMIN_ONLY,
    ),
    'ROUTINE, active posting, sending unit': inputRow(
      'createEvaluation',
      (f) => newEvaluation(f.posting.active, 'ROUTINE'),
      { ...ADMIN_ONLY, mentor: 'allowed' },
      'managerA',
    ),
    'ROUTINE, posting C→city (outside)': inputRow(
      'createEvaluation',
      (f) => newEvaluation(f.posting.elsewhere, 'ROUTINE'),
      { ...ADMIN_ONLY, manager: 'not-found', mentor: 'not-found' },
    ),
  },
  updateEvaluation: draftRows('updateEvaluation'),
  submitEvaluation: draftRows('submitEvaluation'),
  finalizeEvaluation: {
    'a DRAFT (INVALID_TRANSITION)': inputRow(
      'finalizeEvaluation',
      (f) => ({ evaluationId: f.evaluation.managerDraft }),
      ADMIN_ONLY,
    ),
    'a DRAFT of C→city (outside)': inputRow(
      'finalizeEvaluation',
      (f) => ({ evaluationId: f.evaluation.elsewhereDraft }),
      ADMIN_ONLY,
    ),
  },

  returnEvaluation: {
    'a DRAFT (INVALID_TRANSITION)': inputRow(
      'returnEvaluation',
      (f) => ({ evaluationId: f.evaluation.managerDraft, reason: '退回重评' }),
      ADMIN_ONLY,
    ),
    'a DRAFT of C→city (outside)': inputRow(
      'returnEvaluation',
      (f) => ({ evaluationId: f.evaluation.elsewhereDraft, reason: '退回重评' }),
      ADMIN_ONLY,
    ),
  },

  // ----- Mutations: debriefs, articles, careers, policy -------------------------------------
  scheduleDebrief: {
    'the active posting (POSTING_NOT_ENDED)': inputRow(
      'scheduleDebrief',
      (f) => ({ title: '座谈会', date: '2026-12-15', postingIds: [f.posting.active] }),
      ADMIN_ONLY,
    ),
    'posting C→city (outside; POSTING_NOT_ENDED)': inputRow(
      'scheduleDebrief',
      (f) => ({ title: '座谈会', date: '2026-12-15', postingIds: [f.posting.elsewhere] }),
      ADMIN_ONLY,
    ),
  },
  recordDebriefOutcome: {
    'a debrief kept for this case (real write)': inputRow(
      'recordDebriefOutcome',
      (f) => ({ debriefId: f.debrief.forOutcome, summary: '交流了基层工作经验' }),
      ADMIN_ONLY,
    ),
    'a debrief of C→city kept for this case (real write)': inputRow(
      'recordDebriefOutcome',
      (f) => ({ debriefId: f.debrief.forOutcomeElsewhere, summary: '交流了基层工作经验' }),
      ADMIN_ONLY,
    ),
  },
  submitExperienceArticle: {
    '李明’s earlier posting (real write)': inputRow(
      'submitExperienceArticle',
      (f) => ({ postingId: f.posting.earlier, title: '挂职心得', body: '收获很大' }),
      { ...ADMIN_ONLY, mentor: 'not-found', cadre: 'allowed' },
    ),
    '李明’s active posting, the mentor’s mentee (real write by the cadre)': inputRow(
      'submitExperienceArticle',
      (f) => ({ postingId: f.posting.active, title: '挂职心得', body: '收获很大' }),
      { ...ADMIN_ONLY, mentor: ARTICLE_ON_MENTEE_POSTING, cadre: 'allowed' },
    ),
    'posting C→city (outside; real write by the org department)': inputRow(
      'submitExperienceArticle',
      (f) => ({ postingId: f.posting.elsewhere, title: '挂职心得', body: '收获很大' }),
      { ...ADMIN_ONLY, mentor: 'not-found', cadre: 'not-found' },
    ),
  },
  markArticlePublished: {
    'an article kept for this case (real write)': inputRow(
      'markArticlePublished',
      (f) => ({ articleId: f.article.toPublish, venues: ['BRIEFING'] }),
      ADMIN_ONLY,
    ),
    'an article on C→city kept for this case (real write)': inputRow(
      'markArticlePublished',
      (f) => ({ articleId: f.article.toPublishElsewhere, venues: ['BRIEFING'] }),
      ADMIN_ONLY,
    ),
  },
  recordCareerEvent: {
    '李明 (transfer without unit: INVALID_VALUE)': inputRow(
      'recordCareerEvent',
      (f) => ({ cadreId: f.cadre.self, kind: 'TRANSFERRED', date: '2026-01-01' }),
      ADMIN_ONLY,
    ),
    '赵敏, outside (INVALID_VALUE)': inputRow(
      'recordCareerEvent',
      (f) => ({ cadreId: f.cadre.elsewhere, kind: 'TRANSFERRED', date: '2026-01-01' }),
      ADMIN_ONLY,
    ),
  },
  acknowledgeAlert: {
    'UNMANAGED_POSTING of B→A, by the receiving unit (STALE_VERSION)': inputRow(
      'acknowledgeAlert',
      (f) => ({ id: f.alert.inbound, version: STALE, note: '已督促' }),
      { ...ADMIN_ONLY, manager: 'allowed' },
      'managerA',
    ),
    'UNMANAGED_POSTING of B→A, by the sending unit (STALE_VERSION)': inputRow(
      'acknowledgeAlert',
      (f) => ({ id: f.alert.inbound, version: STALE }),
      { ...ADMIN_ONLY, manager: 'allowed' },
    ),
    'MISSING_FINAL_EVALUATION of A→B, ended, by the receiving unit': inputRow(
      'acknowledgeAlert',
      (f) => ({ id: f.alert.ended, version: STALE }),
      { ...ADMIN_ONLY, manager: 'not-found' },
    ),
    'PASSIVE_CADRE of C→city (outside)': inputRow(
      'acknowledgeAlert',
      (f) => ({ id: f.alert.elsewhere, version: STALE }),
      { ...ADMIN_ONLY, manager: 'not-found' },
    ),
  },
  assignAlert: {
    'UNMANAGED_POSTING of B→A, by the receiving unit (STALE_VERSION)': inputRow(
      'assignAlert',
      (f) => ({ id: f.alert.inbound, assigneeId: f.user.revokeTarget, version: STALE }),
      { ...ADMIN_ONLY, manager: 'allowed' },
      'managerA',
    ),
    'PASSIVE_CADRE of C→city (outside)': inputRow(
      'assignAlert',
      (f) => ({ id: f.alert.elsewhere, assigneeId: f.user.revokeTarget, version: STALE }),
      { ...ADMIN_ONLY, manager: 'not-found' },
    ),
  },
  updatePolicy: {
    'the policy (STALE_VERSION)': inputRow(
      'updatePolicy',
      () => ({ version: STALE, reportIntervalDays: 60 }),
      ADMIN_ONLY,
    ),
  },
  setCalendarDays: {
    'one day twice (INVALID_VALUE)': inputRow(
      'setCalendarDays',
      () => ({
        days: [
          { date: '2027-01-04', isWorkingDay: false },
          { date: '2027-01-04', isWorkingDay: true },
        ],
      }),
      ADMIN_ONLY,
    ),
  },
};

function newUnit(): Record<string, unknown> {
  return {
    code: '坏 code',
    name: '矩阵测试单位',
    kind: 'TOWNSHIP',
    adminLevel: 'TOWNSHIP',
    region: '示例市',
  };
}

/** Unit B (the receiving unit of the active posting) and school C, refused after authorization. */
function unitRows(op: string, input: Record<string, unknown>): Case {
  return {
    'unit B (refused)': inputRow(op, (f) => ({ unitId: f.unit.B, ...input }), ADMIN_ONLY),
    'school C (refused)': inputRow(op, (f) => ({ unitId: f.unit.C, ...input }), ADMIN_ONLY),
  };
}

function newCadre(homeUnitId: string): Record<string, unknown> {
  return {
    homeUnitId,
    name: '矩阵测试',
    idNumber: '110101199001011230',
    education: 'BACHELOR',
    politicalStatus: 'CPC_MEMBER',
    positionTitle: '科员',
    rank: 'STAFF',
  };
}

/** 李明 (on the active posting) and 赵敏 (outside), refused after authorization. */
function cadreRows(op: string, input: (cadreId: string) => Record<string, unknown>): Case {
  return {
    '李明 of unit A (refused)': inputRow(op, (f) => input(f.cadre.self), ADMIN_ONLY),
    '赵敏 of school C, outside (refused)': inputRow(
      op,
      (f) => input(f.cadre.elsewhere),
      ADMIN_ONLY,
    ),
  };
}

function newPosting(cadreId: string, receivingUnitId: string): Record<string, unknown> {
  return {
    cadreId,
    receivingUnitId,
    type: 'DOWNWARD',
    positionTitle: '镇长助理',
    positionRank: 'SECTION_CHIEF',
    responsibilities: ['协助分管招商引资工作'],
    trainingPlan: '熟悉基层治理',
    startDate: '2027-03-01',
    plannedEndDate: '2027-01-31',
  };
}

/** The active posting and the one outside, with input refused after authorization. */
function postingRows(op: string, input: Record<string, unknown>): Case {
  return {
    'active posting A→B (refused)': inputRow(
      op,
      (f) => ({ postingId: f.posting.active, ...input }),
      ADMIN_ONLY,
    ),
    'posting C→city, outside (refused)': inputRow(
      op,
      (f) => ({ postingId: f.posting.elsewhere, ...input }),
      ADMIN_ONLY,
    ),
  };
}

function newEvaluation(postingId: string, kind: string): Record<string, unknown> {
  return { postingId, kind, date: LONG_AGO, scores: [] };
}

/** A draft is its author's to change: the receiving unit's, the mentor's, one outside. */
function draftRows(op: string): Case {
  return {
    'the manager’s own draft (STALE_VERSION)': inputRow(
      op,
      (f) => ({ evaluationId: f.evaluation.managerDraft, version: STALE }),
      { ...ADMIN_ONLY, manager: 'allowed' },
    ),
    'the mentor’s own draft (STALE_VERSION)': inputRow(
      op,
      (f) => ({ evaluationId: f.evaluation.mentorDraft, version: STALE }),
      { ...ADMIN_ONLY, mentor: 'allowed' },
    ),
    'a draft on C→city (outside)': inputRow(
      op,
      (f) => ({ evaluationId: f.evaluation.elsewhereDraft, version: STALE }),
      { ...ADMIN_ONLY, manager: 'not-found', mentor: 'not-found' },
    ),
  };
}
describeMatrix('Mutation', MUTATIONS);
