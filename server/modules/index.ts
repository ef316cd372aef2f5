import { buildRegistry, type AuditAction, type NodeTypeName } from '../common/module';
import { InitialSchema1764400000000 } from '../migrations/1764400000000-initial-schema';
import { ReviewFixes1764800000000 } from '../migrations/1764800000000-review-fixes';
import { SqlRules1765200000000 } from '../migrations/1765200000000-sql-rules';
import { QueryBudget1765300000000 } from '../migrations/1765300000000-query-budget';
import { QueryBudgetUnlogged1766000000700 } from '../migrations/1766000000700-query-budget-unlogged';
import { IdempotencyKeys1765610000000 } from '../migrations/1765610000000-idempotency-keys';
import { ChineseSortOrder1765600000100 } from '../migrations/1765600000100-chinese-sort-order';
import { alertModule } from './alert/alert.module';
import { auditModule } from './audit/audit.module';
import { authModule } from './auth/auth.module';
import { cadreModule } from './cadre/cadre.module';
import { calendarModule } from './calendar/calendar.module';
import { careerModule } from './career/career.module';
import { debriefModule } from './debrief/debrief.module';
import { evaluationModule } from './evaluation/evaluation.module';
import { exportModule } from './export/export.module';
import { importModule } from './import/import.module';
import { liveModule } from './live/live.module';
import { mentorshipModule } from './mentorship/mentorship.module';
import { nodeModule } from './node/node.module';
import { policyModule } from './policy/policy.module';
import { postingModule } from './posting/posting.module';
import { reportModule } from './report/report.module';
import { selectionModule } from './selection/selection.module';
import { statsModule } from './stats/stats.module';
import { unitModule } from './unit/unit.module';

/** Every concept of Guazhi: the one list a new module is added to. */
export const MODULES = [
  authModule,
  liveModule,
  unitModule,
  cadreModule,
  careerModule,
  selectionModule,
  postingModule,
  mentorshipModule,
  calendarModule,
  reportModule,
  evaluationModule,
  debriefModule,
  auditModule,
  policyModule,
  alertModule,
  statsModule,
  importModule,
  exportModule,
  nodeModule,
];

/**
 * Migrations that span concepts (the first schema, and fixes touching several tables); each
 * module lists its own. TypeORM runs all of them in timestamp order.
 */
const FOUNDATION_MIGRATIONS = [
  InitialSchema1764400000000,
  ReviewFixes1764800000000,
  SqlRules1765200000000,
  QueryBudget1765300000000,
  IdempotencyKeys1765610000000,
  ChineseSortOrder1765600000100,
  QueryBudgetUnlogged1766000000700,
];

/** Entities, resolvers, node types, error codes and migrations, gathered from MODULES. */
export const REGISTRY = buildRegistry(MODULES, FOUNDATION_MIGRATIONS);

// Every node type declared for the type checker (`NodeTypes`) has a spec at run time, and the
// other way round: a module that declares one without the other does not compile.
type Declared<M> = M extends { nodes?: infer N } ? keyof N : never;
type Registered = Declared<(typeof MODULES)[number]>;
const everyNodeTypeRegistered: [NodeTypeName] extends [Registered] ? true : never = true;
void everyNodeTypeRegistered;

// Likewise every audit action the type checker knows (`AuditActionSets`) is in a manifest, so the
// write kernel's check at run time (`registry.auditActions`) never refuses one that compiles.
type DeclaredActions<M> = M extends { auditActions: infer A } ? keyof A : never;
type RegisteredActions = DeclaredActions<(typeof MODULES)[number]>;
const everyAuditActionRegistered: [AuditAction] extends [RegisteredActions] ? true : never = true;
void everyAuditActionRegistered;
