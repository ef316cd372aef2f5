import { Alert } from '../modules/alert/alert.entity';
import { AuditEntry } from '../modules/audit/audit-entry.entity';
import { ApiKey } from '../modules/auth/api-key.entity';
import { User } from '../modules/auth/user.entity';
import { Cadre } from '../modules/cadre/cadre.entity';
import { CareerEvent } from '../modules/career/career-event.entity';
import { Debrief } from '../modules/debrief/debrief.entity';
import { ExperienceArticle } from '../modules/debrief/experience-article.entity';
import { Evaluation } from '../modules/evaluation/evaluation.entity';
import { MentorSession } from '../modules/mentorship/mentor-session.entity';
import { Mentorship } from '../modules/mentorship/mentorship.entity';
import { Policy } from '../modules/policy/policy.entity';
import { Posting } from '../modules/posting/posting.entity';
import { FeedbackReport } from '../modules/report/feedback-report.entity';
import { Candidate } from '../modules/selection/candidate.entity';
import { SelectionRound } from '../modules/selection/selection-round.entity';
import { Unit } from '../modules/unit/unit.entity';

export const ENTITIES = [
  Unit,
  Cadre,
  CareerEvent,
  SelectionRound,
  Candidate,
  Posting,
  Mentorship,
  MentorSession,
  FeedbackReport,
  Evaluation,
  Debrief,
  ExperienceArticle,
  User,
  AuditEntry,
  Policy,
  ApiKey,
  Alert,
];
