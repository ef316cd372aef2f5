/**
 * The authorization matrix of every query (support/authz-matrix.ts): each row is a record inside or
 * outside the viewer's scope, read through a root list, `node`, `nodes` or an aggregate.
 */
import {
  ADMIN_ONLY,
  ALERT_READERS,
  describeMatrix,
  EVERYONE,
  FOUND_BY_ADMIN,
  FOUND_BY_ADMIN_AND_ANALYST,
  holds,
  LISTED_FOR_ADMIN_AND_ANALYST,
  listRow,
  NODES,
  nodeRow,
  plainRow,
  statisticsRow,
  type Matrix,
} from './support/authz-matrix';

const QUERIES: Matrix = {
  // ----- Queries ---------------------------------------------------------------------------
  me: { 'the signed-in user': plainRow('{ me { id } }', EVERYONE) },
  users: { 'the org department’s account': listRow('users', (f) => f.user.admin, ADMIN_ONLY) },
  policy: { 'the programme thresholds': plainRow('{ policy { id } }', EVERYONE) },
  workCalendar: {
    'National Day week': plainRow(
      '{ workCalendar(from: "2026-10-01", to: "2026-10-07") { workingDays } }',
      EVERYONE,
    ),
  },
  units: { 'unit C (the directory)': listRow('units', (f) => f.unit.C, EVERYONE) },
  cadres: {
    '李明, serving at B': listRow('cadres', (f) => f.cadre.self, EVERYONE),
    '王建国, of unit A': listRow(
      'cadres',
      (f) => f.cadre.leaderA,
      { ...EVERYONE, mentor: 'empty', cadre: 'empty' },
      'managerA',
    ),
    '张丽, returned from B': listRow(
      'cadres',
      (f) => f.cadre.returned,
      LISTED_FOR_ADMIN_AND_ANALYST,
    ),
    '赵敏, of school C (outside)': listRow(
      'cadres',
      (f) => f.cadre.elsewhere,
      LISTED_FOR_ADMIN_AND_ANALYST,
    ),
  },
  postings: {
    'active posting A→B': listRow('postings', (f) => f.posting.active, EVERYONE),
    'completed posting A→B': listRow('postings', (f) => f.posting.completed, {
      ...EVERYONE,
      mentor: 'empty',
      cadre: 'empty',
    }),
    'posting C→city (outside)': listRow(
      'postings',
      (f) => f.posting.elsewhere,
      LISTED_FOR_ADMIN_AND_ANALYST,
    ),
  },
  mentorships: {
    'mentorship of the active posting': listRow(
      'mentorships',
      (f) => f.mentorship.active,
      EVERYONE,
    ),
    'mentorship of C→city (outside)': listRow(
      'mentorships',
      (f) => f.mentorship.elsewhere,
      LISTED_FOR_ADMIN_AND_ANALYST,
    ),
  },
  feedbackReports: {
    'report on the active posting': listRow('feedbackReports', (f) => f.report.active, {
      ...EVERYONE,
      cadre: 'forbidden',
    }),
    'report written after A→B ended, for the receiving unit': listRow(
      'feedbackReports',
      (f) => f.report.late,
      { ...LISTED_FOR_ADMIN_AND_ANALYST, cadre: 'forbidden' },
    ),
    'report written after A→B ended, for the sending unit': listRow(
      'feedbackReports',
      (f) => f.report.late,
      { ...LISTED_FOR_ADMIN_AND_ANALYST, manager: 'allowed', cadre: 'forbidden' },
      'managerA',
    ),
    'report on C→city (outside)': listRow('feedbackReports', (f) => f.report.elsewhere, {
      ...LISTED_FOR_ADMIN_AND_ANALYST,
      cadre: 'forbidden',
    }),
  },
  evaluations: {
    'FINALIZED evaluation of the active posting': listRow(
      'evaluations',
      (f) => f.evaluation.finalized,
      EVERYONE,
    ),
    'DRAFT evaluation of the active posting': listRow('evaluations', (f) => f.evaluation.draft, {
      ...EVERYONE,
      cadre: 'empty',
    }),
    'evaluation of C→city (outside)': listRow(
      'evaluations',
      (f) => f.evaluation.elsewhere,
      LISTED_FOR_ADMIN_AND_ANALYST,
    ),
  },
  debriefs: {
    // Held after the return: the receiving unit B does not read it (time-box).
    'debrief of the completed posting A→B': listRow(
      'debriefs',
      (f) => f.debrief.completed,
      LISTED_FOR_ADMIN_AND_ANALYST,
    ),
    'debrief of the completed posting A→B, for the sending unit': listRow(
      'debriefs',
      (f) => f.debrief.completed,
      { ...LISTED_FOR_ADMIN_AND_ANALYST, manager: 'allowed' },
      'managerA',
    ),
    'debrief of 李明’s earlier posting': listRow(
      'debriefs',
      (f) => f.debrief.own,
      { ...LISTED_FOR_ADMIN_AND_ANALYST, manager: 'allowed', cadre: 'allowed' },
      'managerA',
    ),
    'debrief of C→city (outside)': listRow(
      'debriefs',
      (f) => f.debrief.elsewhere,
      LISTED_FOR_ADMIN_AND_ANALYST,
    ),
  },
  selectionRounds: {
    'an OPEN round': listRow('selectionRounds', (f) => f.round, {
      ...EVERYONE,
      mentor: 'empty',
      cadre: 'forbidden',
    }),
  },
  alerts: {
    'UNMANAGED_POSTING of B→A, for the receiving unit': listRow(
      'alerts',
      (f) => f.alert.inbound,
      ALERT_READERS,
      'managerA',
    ),
    'MISSING_FINAL_EVALUATION of A→B, ended, for the sending unit': listRow(
      'alerts',
      (f) => f.alert.ended,
      ALERT_READERS,
      'managerA',
    ),
    'MISSING_FINAL_EVALUATION of A→B, ended, for the receiving unit': listRow(
      'alerts',
      (f) => f.alert.ended,
      { ...ALERT_READERS, manager: 'empty' },
    ),
    'PASSIVE_CADRE of C→city (outside)': listRow('alerts', (f) => f.alert.elsewhere, {
      ...ALERT_READERS,
      manager: 'empty',
    }),
  },
  statistics: {
    'postings received by B': statisticsRow((f) => f.unit.B, ALERT_READERS),
    'postings received by the city (outside)': statisticsRow((f) => f.unit.city, {
      ...ALERT_READERS,
      manager: 'empty',
    }),
  },
  programmeOverview: {
    'the year’s overview': plainRow(
      '{ programmeOverview(year: 2026) { year postingsByType { type } } }',
      ALERT_READERS,
    ),
  },
  auditEntries: { 'an audit entry': listRow('auditEntries', (f) => f.auditEntry, ADMIN_ONLY) },
  apiKeys: { 'an API key': listRow('apiKeys', (f) => f.apiKey.active, ADMIN_ONLY) },
  node: {
    'Posting A→B, active': nodeRow((f) => f.posting.active, EVERYONE),
    'Posting A→B, completed': nodeRow((f) => f.posting.completed, {
      ...EVERYONE,
      mentor: 'not-found',
      cadre: 'not-found',
    }),
    'Posting C→city (outside)': nodeRow((f) => f.posting.elsewhere, FOUND_BY_ADMIN_AND_ANALYST),
    'Cadre 李明, serving at B': nodeRow((f) => f.cadre.self, EVERYONE),
    'Cadre 陈志强, mentor of A’s cadre 李明': nodeRow((f) => f.cadre.mentor, EVERYONE, 'managerA'),
    'Cadre 张丽, returned from B': nodeRow((f) => f.cadre.returned, FOUND_BY_ADMIN_AND_ANALYST),
    'Cadre 赵敏 (outside)': nodeRow((f) => f.cadre.elsewhere, FOUND_BY_ADMIN_AND_ANALYST),
    'Mentorship of the active posting': nodeRow((f) => f.mentorship.active, EVERYONE),
    'Mentorship of C→city (outside)': nodeRow(
      (f) => f.mentorship.elsewhere,
      FOUND_BY_ADMIN_AND_ANALYST,
    ),
    'MentorSession of the active posting': nodeRow((f) => f.session.active, EVERYONE),
    'MentorSession of C→city (outside)': nodeRow(
      (f) => f.session.elsewhere,
      FOUND_BY_ADMIN_AND_ANALYST,
    ),
    'FeedbackReport on the active posting': nodeRow((f) => f.report.active, {
      ...EVERYONE,
      cadre: 'not-found',
    }),
    'FeedbackReport written after A→B ended': nodeRow(
      (f) => f.report.late,
      FOUND_BY_ADMIN_AND_ANALYST,
    ),
    'FeedbackReport on C→city (outside)': nodeRow(
      (f) => f.report.elsewhere,
      FOUND_BY_ADMIN_AND_ANALYST,
    ),
    'Evaluation FINALIZED, of the active posting': nodeRow((f) => f.evaluation.finalized, EVERYONE),
    'Evaluation DRAFT, of the active posting': nodeRow((f) => f.evaluation.draft, {
      ...EVERYONE,
      cadre: 'not-found',
    }),
    'Evaluation of C→city (outside)': nodeRow(
      (f) => f.evaluation.elsewhere,
      FOUND_BY_ADMIN_AND_ANALYST,
    ),
    'CareerEvent of 李明': nodeRow(
      (f) => f.careerEvent.own,
      { ...EVERYONE, mentor: 'not-found' },
      'managerA',
    ),
    'CareerEvent of 赵敏 (outside)': nodeRow(
      (f) => f.careerEvent.elsewhere,
      FOUND_BY_ADMIN_AND_ANALYST,
    ),
    'SelectionRound, OPEN': nodeRow(
      (f) => f.round,
      { ...EVERYONE, mentor: 'not-found', cadre: 'not-found' },
      'managerA',
    ),
    'Candidate of unit A': nodeRow(
      (f) => f.candidate.unitA,
      { ...EVERYONE, mentor: 'not-found', cadre: 'not-found' },
      'managerA',
    ),
    'Candidate of school C (outside)': nodeRow(
      (f) => f.candidate.elsewhere,
      FOUND_BY_ADMIN_AND_ANALYST,
      'managerA',
    ),
    'Debrief of the completed posting A→B': nodeRow((f) => f.debrief.completed, {
      ...EVERYONE,
      manager: 'not-found',
      mentor: 'not-found',
      cadre: 'not-found',
    }),
    'Debrief of C→city (outside)': nodeRow((f) => f.debrief.elsewhere, FOUND_BY_ADMIN_AND_ANALYST),
    'ExperienceArticle (unpublished) on the active posting': nodeRow(
      (f) => f.article.active,
      EVERYONE,
    ),
    'ExperienceArticle (unpublished) on C→city (outside)': nodeRow(
      (f) => f.article.elsewhere,
      FOUND_BY_ADMIN_AND_ANALYST,
    ),
    'Unit C': nodeRow((f) => f.unit.C, EVERYONE),
    Policy: nodeRow((f) => f.policy, EVERYONE),
    'User admin': nodeRow((f) => f.user.admin, FOUND_BY_ADMIN),
    AuditEntry: nodeRow((f) => f.auditEntry, FOUND_BY_ADMIN),
    ApiKey: nodeRow((f) => f.apiKey.active, FOUND_BY_ADMIN),
    'Alert on B→A, for the receiving unit': nodeRow(
      (f) => f.alert.inbound,
      { ...EVERYONE, mentor: 'not-found', cadre: 'not-found' },
      'managerA',
    ),
    'Alert on A→B, ended, for the receiving unit': nodeRow(
      (f) => f.alert.ended,
      FOUND_BY_ADMIN_AND_ANALYST,
    ),
    'Alert on C→city (outside)': nodeRow((f) => f.alert.elsewhere, FOUND_BY_ADMIN_AND_ANALYST),
  },
  nodes: {
    'Posting A→B, active': {
      request: (f) => ({
        query: NODES,
        variables: { ids: [f.posting.active] },
        present: (result) => holds(result, f.posting.active),
      }),
      expect: EVERYONE,
    },
    'Posting C→city (outside)': {
      request: (f) => ({
        query: NODES,
        variables: { ids: [f.posting.elsewhere] },
        present: (result) => holds(result, f.posting.elsewhere),
      }),
      expect: FOUND_BY_ADMIN_AND_ANALYST,
    },
  },
};

describeMatrix('Query', QUERIES);
