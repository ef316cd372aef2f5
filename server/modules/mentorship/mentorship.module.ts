import { actionsOn, defineModule } from '../../common/module';
import { MentorSession } from './mentor-session.entity';
import { MentorLoadLimit1765600000300 } from './migrations/1765600000300-mentor-load-limit';
import { MentorshipMutationResolver } from './mentorship-mutation.resolver';
import { Mentorship } from './mentorship.entity';
import { MentorshipErrorCode } from './mentorship.errors';
import { mentorshipLifecycle } from './mentorship.lifecycle';
import { mentorshipPolicy } from './mentorship.policy';
import { MentorSessionResolver, MentorshipResolver } from './mentorship.resolver';
import { MentorshipListIndexes1765900000400 } from './migrations/1765900000400-mentorship-list-indexes';

/** What the audit trail records of mentoring. */
const mentorshipActions = {
  ...actionsOn('Mentorship', ['mentorship.assign', 'mentorship.end']),
  ...actionsOn('MentorSession', ['mentorSession.log']),
};

declare module '../../common/module' {
  interface NodeTypes {
    Mentorship: Mentorship;
    MentorSession: MentorSession;
  }
  interface AuditActionSets {
    mentorship: typeof mentorshipActions;
  }
}

/** Mentoring (帮带): one leadership-team mentor per posting, and their sessions. */
export const mentorshipModule = defineModule({
  name: 'mentorship',
  entities: [Mentorship, MentorSession],
  resolvers: [MentorshipResolver, MentorSessionResolver, MentorshipMutationResolver],
  nodes: {
    Mentorship: {
      entity: Mentorship,
      alias: 'mentorship',
      scope: mentorshipPolicy.read,
      reads: { isActive: ['endDate'] },
      references: {
        posting: { type: 'Posting', column: 'postingId' },
        mentor: { type: 'Cadre', column: 'mentorId' },
      },
    },
    MentorSession: {
      entity: MentorSession,
      alias: 'mentor_session',
      scope: mentorshipPolicy.readSessions,
      references: { mentorship: { type: 'Mentorship', column: 'mentorshipId' } },
    },
  },
  userErrorCodes: MentorshipErrorCode,
  auditActions: mentorshipActions,
  lifecycles: [mentorshipLifecycle],
  migrations: [MentorLoadLimit1765600000300, MentorshipListIndexes1765900000400],
  constraintErrors: {
    mentorship_mentor_load: {
      code: MentorshipErrorCode.MENTOR_OVERLOADED,
      message: {
        en: 'The mentor got another mentee at the same time and has 3 now',
        zh: '该导师同时被指定帮带另一名干部，现已帮带 3 人',
      },
    },
    mentorship_one_active_per_posting: {
      code: MentorshipErrorCode.POSTING_HAS_MENTOR,
      message: {
        en: 'The posting got a mentor at the same time; reload',
        zh: '该挂职同时被指定了导师，请刷新后重试',
      },
    },
  },
});
