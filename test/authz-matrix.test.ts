/**
 * The authorization matrix (DESIGN §4): every operation of the schema × every role and anonymous ×
 * rows inside and outside the viewer's scope, from one table. A missing row for an operation of the
 * schema fails the guard test.
 *
 * Every case sees the same database: an "allowed" mutation uses input that passes authorization and
 * is then refused by a business rule (a userError), or, where no such rule exists, writes to a row
 * kept for that case alone. Denied cases must write nothing: each operation's denied cases run as one
 * batch between two fingerprints of the database.
 */
import type { GraphQLSchema } from 'graphql';
import type { DataSource } from 'typeorm';
import { Role } from '../server/modules/auth/role';
import { User } from '../server/modules/auth/user.entity';
import { CadreRank } from '../server/modules/cadre/cadre.entity';
import { CareerEvent, CareerEventKind } from '../server/modules/career/career-event.entity';
import { Debrief } from '../server/modules/debrief/debrief.entity';
import { ExperienceArticle } from '../server/modules/debrief/experience-article.entity';
import {
  EvaluationKind,
  EvaluationStatus,
  Grade,
} from '../server/modules/evaluation/evaluation-enums';
import { Evaluation } from '../server/modules/evaluation/evaluation.entity';
import { MentorSession } from '../server/modules/mentorship/mentor-session.entity';
import { Mentorship } from '../server/modules/mentorship/mentorship.entity';
import { PostingStatus, PostingType } from '../server/modules/posting/posting-type';
import { FeedbackReport } from '../server/modules/report/feedback-report.entity';
import { Candidate, CandidateStatus } from '../server/modules/selection/candidate.entity';
import {
  SelectionRound,
  SelectionRoundStatus,
} from '../server/modules/selection/selection-round.entity';
import { createSchema } from '../server/schema';
import { fingerprint } from './support/db-state';
import { CreateApiKeyDocument, RevokeApiKeyDocument } from '../sdk/src';
import { createTestEnv, type GraphQLResponse, type TestEnv } from './support/env';
import { mutate } from './support/mutations';
import { buildWorld, cadre, gid, insert, login, posting, user, type World } from './support/world';

// ---------------------------------------------------------------------------------------------
// The table's vocabulary
// ---------------------------------------------------------------------------------------------

/** Who calls: the five roles with the world's tokens, and no token at all. */
const PRINCIPALS = ['admin', 'manager', 'mentor', 'cadre', 'analyst', 'anonymous'] as const;
type Principal = (typeof PRINCIPALS)[number];

/**
 * What a principal gets: `allowed` (the authorization layer let the call through: data, or a
 * payload whose userErrors may be a business refusal; for a list or node, the row is there),
 * `forbidden` / `unauthenticated` / `not-found` (a GraphQL error with that code and null data),
 * `empty` (a list without the row).
 */
type Outcome = 'allowed' | 'forbidden' | 'unauthenticated' | 'not-found' | 'empty';

/**
 * Where the server knowingly contradicts DESIGN §4, a case may expect `{ server, design, note }`:
 * the matrix pins the former and prints both (none today).
 */
interface Divergence {
  server: Outcome;
  design: Outcome;
  note: string;
}
type Expected = Outcome | Divergence;
type Expectations = Record<Principal, Expected>;

interface Request {
  query: string;
  variables?: Record<string, unknown>;
  /**
   * Whether the result shows the row (`allowed`) or leaves it out (`empty`): for lists, `node`,
   * `nodes` and aggregates. Without it, any data is `allowed`.
   */
  present?: (result: unknown) => boolean;
}

interface Row {
  request: (f: Fixture) => Request;
  expect: Expectations;
  /** Which unit manager plays `manager`: B, the receiving unit of the active posting, by default. */
  manager?: 'managerA' | 'managerB';
  /** Tokens of this row's own, for calls that end the caller's session. */
  tokens?: (f: Fixture) => Record<Exclude<Principal, 'anonymous'>, string>;
}

/** An operation's rows, by what the row is. */
type Case = Record<string, Row>;

// Outcome presets; rows spell out where they differ.
const EVERYONE: Expectations = {
  admin: 'allowed',
  manager: 'allowed',
  mentor: 'allowed',
  cadre: 'allowed',
  analyst: 'allowed',
  anonymous: 'unauthenticated',
};
const ADMIN_ONLY: Expectations = {
  admin: 'allowed',
  manager: 'forbidden',
  mentor: 'forbidden',
  cadre: 'forbidden',
  analyst: 'forbidden',
  anonymous: 'unauthenticated',
};
/** A list row outside every scope but the org department's and the analysts'. */
const LISTED_FOR_ADMIN_AND_ANALYST: Expectations = {
  admin: 'allowed',
  manager: 'empty',
  mentor: 'empty',
  cadre: 'empty',
  analyst: 'allowed',
  anonymous: 'unauthenticated',
};
/** A record outside every scope but the org department's and the analysts'. */
const FOUND_BY_ADMIN_AND_ANALYST: Expectations = {
  admin: 'allowed',
  manager: 'not-found',
  mentor: 'not-found',
  cadre: 'not-found',
  analyst: 'allowed',
  anonymous: 'unauthenticated',
};
/** Alerts and statistics: the org department, unit managers and analysts. */
const ALERT_READERS: Expectations = { ...EVERYONE, mentor: 'forbidden', cadre: 'forbidden' };
/** A record only the org department may know of. */
const FOUND_BY_ADMIN: Expectations = { ...FOUND_BY_ADMIN_AND_ANALYST, analyst: 'not-found' };

// ---------------------------------------------------------------------------------------------
// Documents
// ---------------------------------------------------------------------------------------------

const NODE = 'query ($id: ID!) { node(id: $id) { id } }';
const NODES = 'query ($ids: [ID!]!) { nodes(ids: $ids) { id } }';

/** A row of a root list. */
function listRow(
  op: string,
  target: (f: Fixture) => string,
  expect: Expectations,
  manager?: Row['manager'],
): Row {
  return {
    request: (f) => ({
      query: `{ ${op}(first: 100) { nodes { id } } }`,
      present: (result) => holds(result, target(f)),
    }),
    expect,
    manager,
  };
}

/** A record read by `node(id:)`. */
function nodeRow(
  target: (f: Fixture) => string,
  expect: Expectations,
  manager?: Row['manager'],
): Row {
  return {
    request: (f) => ({
      query: NODE,
      variables: { id: target(f) },
      present: (result) => holds(result, target(f)),
    }),
    expect,
    manager,
  };
}

/** Statistics over the postings received by one unit: `present` when it counts any. */
function statisticsRow(unit: (f: Fixture) => string, expect: Expectations): Row {
  return {
    request: (f) => ({
      query:
        'query ($units: [ID!]) { statistics(filter: { receivingUnitIds: $units }) { postingCounts { count } } }',
      variables: { units: [unit(f)] },
      present: (result) => {
        const counts = at(result, ['postingCounts']);
        return Array.isArray(counts) && counts.some((c) => Number(at(c, ['count'])) > 0);
      },
    }),
    expect,
  };
}

/** A query without arguments whose result is all there is to check. */
function plainRow(query: string, expect: Expectations): Row {
  return { request: () => ({ query }), expect };
}

/** A mutation `op(input: <Op>Input!)`, selecting only its userErrors. */
function inputRow(
  op: string,
  input: (f: Fixture) => Record<string, unknown>,
  expect: Expectations,
  manager?: Row['manager'],
): Row {
  const type = `${op[0].toUpperCase()}${op.slice(1)}Input`;
  return {
    request: (f) => ({
      query: `mutation ($input: ${type}!) { ${op}(input: $input) { userErrors { code } } }`,
      variables: { input: input(f) },
    }),
    expect,
    manager,
  };
}

/** A version nobody read: the optimistic check refuses the change after authorization. */
const STALE = 999;
/** Before every posting of the world: date checks refuse it after authorization. */
const LONG_AGO = '2020-01-01';

// ---------------------------------------------------------------------------------------------
// The matrix
// ---------------------------------------------------------------------------------------------

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
// after the return only the org department drafts; the manager gets userError POSTING_NOT_ACTIVE.
const FINAL_AFTER_RETURN: Outcome = 'allowed';

const MATRIX: Record<string, Case> = {
  // ----- Queries ---------------------------------------------------------------------------
  me: { 'the signed-in user': plainRow('{ me { id } }', EVERYONE) },
  policy: { 'the programme thresholds': plainRow('{ policy { id } }', EVERYONE) },
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

  // ----- Mutations: sign-in ----------------------------------------------------------------
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
  revokeApiKey: {
    'a revoked key (INVALID_TRANSITION)': inputRow(
      'revokeApiKey',
      (f) => ({ apiKeyId: f.apiKey.revoked }),
      ADMIN_ONLY,
    ),
  },

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
      { ...ADMIN_ONLY, admin: 'forbidden', mentor: 'not-found', cadre: 'allowed' },
    ),
    '李明’s active posting, the mentor’s mentee (real write by the cadre)': inputRow(
      'submitExperienceArticle',
      (f) => ({ postingId: f.posting.active, title: '挂职心得', body: '收获很大' }),
      { ...ADMIN_ONLY, admin: 'forbidden', mentor: ARTICLE_ON_MENTEE_POSTING, cadre: 'allowed' },
    ),
    'posting C→city (outside)': inputRow(
      'submitExperienceArticle',
      (f) => ({ postingId: f.posting.elsewhere, title: '挂职心得', body: '收获很大' }),
      { ...ADMIN_ONLY, admin: 'forbidden', mentor: 'not-found', cadre: 'not-found' },
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
  updatePolicy: {
    'the policy (STALE_VERSION)': inputRow(
      'updatePolicy',
      () => ({ version: STALE, reportIntervalDays: 60 }),
      ADMIN_ONLY,
    ),
  },
};

function newPosting(cadreId: string, receivingUnitId: string): Record<string, unknown> {
  return {
    cadreId,
    receivingUnitId,
    type: 'DOWNWARD',
    positionTitle: '镇长助理',
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

// ---------------------------------------------------------------------------------------------
// The fixture: the shared world, plus rows outside every scope and rows kept for single cases
// ---------------------------------------------------------------------------------------------

interface Fixture {
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
  user: { admin: string; revokeTarget: string };
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

async function buildFixture(env: TestEnv): Promise<Fixture> {
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
      'SELECT id FROM posting_alert WHERE posting_id = $1 AND kind = $2',
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
    user: { admin: gid('User', adminId), revokeTarget: gid('User', revokeTarget.id) },
    auditEntry: gid('AuditEntry', audit.id),
    apiKey: { active: active.apiKey!.id, revoked: revoked.apiKey!.id },
  };
}

// ---------------------------------------------------------------------------------------------
// Running and judging one case
// ---------------------------------------------------------------------------------------------

interface MatrixCase {
  op: string;
  row: string;
  principal: Principal;
  expected: Expected;
  title: string;
}

const serverOutcome = (e: Expected): Outcome => (typeof e === 'string' ? e : e.server);
const isDenial = (o: Outcome) => o === 'forbidden' || o === 'unauthenticated' || o === 'not-found';

const CODES: Record<string, Outcome> = {
  FORBIDDEN: 'forbidden',
  UNAUTHENTICATED: 'unauthenticated',
  NOT_FOUND: 'not-found',
};

function casesOf(op: string): MatrixCase[] {
  return Object.entries(MATRIX[op]).flatMap(([row, spec]) =>
    PRINCIPALS.map((principal) => {
      const expected = spec.expect[principal];
      const who =
        principal === 'manager'
          ? `manager of ${spec.manager === 'managerA' ? 'A' : 'B'}`
          : principal;
      const outcome =
        typeof expected === 'string'
          ? expected
          : `${expected.server} (DESIGN §4: ${expected.design})`;
      return { op, row, principal, expected, title: `${row} · ${who} → ${outcome}` };
    }),
  );
}

function tokenOf(f: Fixture, row: Row, principal: Principal): string | undefined {
  if (principal === 'anonymous') return undefined;
  if (row.tokens) return row.tokens(f)[principal];
  if (principal === 'manager') return f.world.tokens[row.manager ?? 'managerB'];
  return f.world.tokens[principal];
}

function at(data: unknown, path: readonly (string | number)[]): unknown {
  let value = data;
  for (const key of path) {
    if (value === null || typeof value !== 'object') return null;
    value = (value as Record<string | number, unknown>)[key];
  }
  return value ?? null;
}

/** Whether the operation's result holds the row `id` (a list's nodes, `node`, `nodes`). */
function holds(value: unknown, id: string): boolean {
  if (Array.isArray(value)) return value.some((item) => at(item, ['id']) === id);
  const nodes = at(value, ['nodes']);
  if (Array.isArray(nodes)) return holds(nodes, id);
  return at(value, ['id']) === id;
}

/** What the server answered, in the table's vocabulary (anything else is spelled out). */
function observe(res: GraphQLResponse, op: string, request: Request): string {
  const errors = res.errors ?? [];
  const mine = errors.filter((e) => e.path?.[0] === op);
  if (mine.length !== errors.length || mine.length > 1) {
    return `unexpected errors: ${JSON.stringify(errors)}`;
  }
  if (mine.length === 1) {
    const [error] = mine;
    const outcome = CODES[error.extensions?.code ?? ''];
    if (!outcome) return `error ${error.extensions?.code}: ${error.message}`;
    if (at(res.data, error.path ?? []) !== null) return `${outcome}, but with data`;
    return outcome;
  }
  const value = at(res.data, [op]);
  if (value === null) return 'no data and no error';
  if (!request.present) return 'allowed';
  return request.present(value) ? 'allowed' : 'empty';
}

// ---------------------------------------------------------------------------------------------
// The tests
// ---------------------------------------------------------------------------------------------

let env: TestEnv;
let fixture: Fixture;
let casesRun = 0;

beforeAll(async () => {
  env = await createTestEnv();
  fixture = await buildFixture(env);
}, 60_000);

afterAll(async () => {
  const divergences = Object.entries(MATRIX).flatMap(([op, rows]) =>
    Object.entries(rows).flatMap(([label, row]) =>
      PRINCIPALS.flatMap((p) => {
        const e = row.expect[p];
        return typeof e === 'string' ? [] : [`  ${op} · ${label} · ${p}: ${e.note}`];
      }),
    ),
  );
  console.log(
    `authz matrix: ${casesRun} cases over ${Object.keys(MATRIX).length} operations` +
      (divergences.length
        ? `\nserver behaviour that contradicts DESIGN §4 (pinned by the matrix):\n${divergences.join('\n')}`
        : ''),
  );
  await env?.close();
});

describe('the matrix', () => {
  it('has rows for every Query and Mutation field of the schema, and for nothing else', async () => {
    const schema: GraphQLSchema = await createSchema();
    const operations = [schema.getQueryType(), schema.getMutationType()].flatMap((type) =>
      type ? Object.keys(type.getFields()) : [],
    );
    const missing = operations.filter((op) => !(op in MATRIX)).sort();
    const gone = Object.keys(MATRIX)
      .filter((op) => !operations.includes(op))
      .sort();
    expect({ missing, gone }).toEqual({ missing: [], gone: [] });
  });
});

describe.each(Object.keys(MATRIX))('%s', (op) => {
  const cases = casesOf(op);
  const observed = new Map<MatrixCase, string>();
  let before: Record<string, string>;
  let after: Record<string, string>;

  const run = (c: MatrixCase) => {
    const row = MATRIX[op][c.row];
    const request = row.request(fixture);
    return env
      .rawGraphql(request.query, request.variables, tokenOf(fixture, row, c.principal))
      .then((res) => observed.set(c, observe(res, op, request)));
  };

  beforeAll(async () => {
    // Denied cases in one batch between two fingerprints; then the rest, which may write.
    const denied = cases.filter((c) => isDenial(serverOutcome(c.expected)));
    before = await fingerprint(env.dataSource);
    await Promise.all(denied.map(run));
    after = await fingerprint(env.dataSource);
    await Promise.all(cases.filter((c) => !denied.includes(c)).map(run));
  });

  it('writes nothing when denied', () => {
    expect(after).toEqual(before);
  });

  it.each(cases)('$title', (c) => {
    casesRun++;
    expect(observed.get(c)).toBe(serverOutcome(c.expected));
  });
});
