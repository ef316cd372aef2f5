import { Field, ObjectType, registerEnumType } from 'type-graphql';

/** Expected business failures, returned in a mutation payload's `userErrors` (DESIGN §5). */
export enum UserErrorCode {
  INVALID_CREDENTIALS = 'INVALID_CREDENTIALS',
  INVALID_VALUE = 'INVALID_VALUE',
  STALE_VERSION = 'STALE_VERSION',
  INVALID_TRANSITION = 'INVALID_TRANSITION',
  // Selection (选派)
  ROUND_CLOSED = 'ROUND_CLOSED',
  ALREADY_NOMINATED = 'ALREADY_NOMINATED',
  QUOTA_EXCEEDED = 'QUOTA_EXCEEDED',
  INSPECTION_NOT_PASSED = 'INSPECTION_NOT_PASSED',
  SCORES_MISSING = 'SCORES_MISSING',
  CANDIDATE_NOT_READY = 'CANDIDATE_NOT_READY',
  // Postings (挂职)
  CADRE_HAS_OPEN_POSTING = 'CADRE_HAS_OPEN_POSTING',
  SAME_UNIT = 'SAME_UNIT',
  POSTING_TYPE_RULE = 'POSTING_TYPE_RULE',
  THREE_DEFINITIONS_INCOMPLETE = 'THREE_DEFINITIONS_INCOMPLETE',
  START_DATE_NOT_REACHED = 'START_DATE_NOT_REACHED',
  INVALID_DATES = 'INVALID_DATES',
  // Mentorship (帮带)
  MENTOR_NOT_LEADERSHIP = 'MENTOR_NOT_LEADERSHIP',
  MENTOR_IS_CADRE = 'MENTOR_IS_CADRE',
  MENTOR_OVERLOADED = 'MENTOR_OVERLOADED',
  POSTING_NOT_ACTIVE = 'POSTING_NOT_ACTIVE',
  ALREADY_MENTOR = 'ALREADY_MENTOR',
  POSTING_HAS_MENTOR = 'POSTING_HAS_MENTOR',
  DATE_OUTSIDE_POSTING = 'DATE_OUTSIDE_POSTING',
  // Reports and evaluations (情况反馈, 考核)
  DUPLICATE_PERIOD = 'DUPLICATE_PERIOD',
  DAYS_EXCEED_PERIOD = 'DAYS_EXCEED_PERIOD',
  EVALUATION_FINALIZED = 'EVALUATION_FINALIZED',
  FINAL_EVALUATION_EXISTS = 'FINAL_EVALUATION_EXISTS',
  EXCELLENT_QUOTA_EXCEEDED = 'EXCELLENT_QUOTA_EXCEEDED',
  EVALUATION_INCOMPLETE = 'EVALUATION_INCOMPLETE',
  // Debriefs and articles (研讨交流)
  POSTING_NOT_ENDED = 'POSTING_NOT_ENDED',
  NOT_OWN_POSTING = 'NOT_OWN_POSTING',
}

registerEnumType(UserErrorCode, {
  name: 'UserErrorCode',
  description:
    'Why a mutation refused its input. The database is unchanged whenever one is returned.',
  valuesConfig: {
    INVALID_CREDENTIALS: { description: 'Unknown username or wrong password.' },
    INVALID_VALUE: { description: 'A value is out of its allowed range or format.' },
    STALE_VERSION: {
      description: 'The record changed since it was read; reload and retry (CONFLICT).',
    },
    INVALID_TRANSITION: { description: 'The record is not in a state that allows this step.' },
    ROUND_CLOSED: { description: 'The selection round is closed (批次已结束).' },
    ALREADY_NOMINATED: { description: 'The cadre is already a candidate of this round.' },
    QUOTA_EXCEEDED: {
      description: 'The round has selected as many cadres as its quota (名额已满).',
    },
    INSPECTION_NOT_PASSED: {
      description: 'The organisational inspection has not been passed (组织考察).',
    },
    SCORES_MISSING: {
      description: 'Written exam and interview scores are needed first (笔试, 面试).',
    },
    CANDIDATE_NOT_READY: {
      description:
        'Only a SELECTED candidate who finished pre-posting training can be posted (岗前培训).',
    },
    CADRE_HAS_OPEN_POSTING: { description: 'The cadre already has a PLANNED or ACTIVE posting.' },
    SAME_UNIT: { description: 'The receiving unit must differ from the cadre’s home unit.' },
    POSTING_TYPE_RULE: {
      description: 'The posting breaks a rule of its type (挂职类型); the message says which.',
    },
    THREE_DEFINITIONS_INCOMPLETE: {
      description:
        'Position, at least one duty and a training plan are needed (三定: 定职, 定责, 定培养计划).',
    },
    START_DATE_NOT_REACHED: { description: 'The posting cannot start before its start date.' },
    INVALID_DATES: { description: 'Dates are out of order or outside the allowed range.' },
    MENTOR_NOT_LEADERSHIP: {
      description: 'The mentor must be on the receiving unit’s leadership team (班子成员).',
    },
    MENTOR_IS_CADRE: { description: 'A cadre cannot mentor themself.' },
    MENTOR_OVERLOADED: { description: 'The mentor already has 3 active mentees.' },
    POSTING_NOT_ACTIVE: { description: 'The posting is not ACTIVE.' },
    ALREADY_MENTOR: { description: 'This cadre is already the posting’s active mentor.' },
    POSTING_HAS_MENTOR: {
      description: 'The posting has an active mentor; pass replaceCurrent to replace them (换人).',
    },
    DATE_OUTSIDE_POSTING: { description: 'The date lies outside the posting.' },
    DUPLICATE_PERIOD: { description: 'A report for this posting and period exists already.' },
    DAYS_EXCEED_PERIOD: { description: 'Days on site exceed the length of the period.' },
    EVALUATION_FINALIZED: { description: 'A finalized evaluation cannot change.' },
    FINAL_EVALUATION_EXISTS: { description: 'The posting already has a FINAL evaluation.' },
    EXCELLENT_QUOTA_EXCEEDED: {
      description:
        'EXCELLENT would exceed the quota for the receiving-unit kind and year (优秀比例).',
    },
    EVALUATION_INCOMPLETE: {
      description:
        'Submitting needs a grade and all seven scores; a tracking inspection also its interview count and findings.',
    },
    POSTING_NOT_ENDED: { description: 'Only COMPLETED postings can be debriefed.' },
    NOT_OWN_POSTING: { description: 'A cadre may write only about their own postings.' },
  },
});

@ObjectType({ description: 'An expected failure of a mutation, tied to an input field.' })
export class UserError {
  @Field(() => [String], {
    nullable: true,
    description: 'Path of the input field at fault, if any.',
  })
  field!: string[] | null;

  @Field(() => UserErrorCode, { description: 'Machine-readable reason.' })
  code!: UserErrorCode;

  @Field({ description: 'Human-readable explanation.' })
  message!: string;
}

export function userError(code: UserErrorCode, message: string, field?: string[]): UserError {
  return { code, message, field: field ?? null };
}
