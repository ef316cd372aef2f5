import path from 'node:path';
import { type GraphQLSchema, lexicographicSortSchema, printSchema } from 'graphql';
import { type AuthChecker, buildSchema } from 'type-graphql';
import { forbidden, unauthenticated } from './common/errors';
import { projectRoot } from './common/project-root';
import type { Context } from './context';
import { AlertResolver, PostingAlertResolver } from './modules/alert/alert.resolver';
import { AuditResolver } from './modules/audit/audit.resolver';
import { ApiKeyResolver } from './modules/auth/api-key.resolver';
import { AuthResolver } from './modules/auth/auth.resolver';
import { SessionResolver } from './modules/auth/session.resolver';
import type { Role } from './common/role';
import { CadreMutationResolver } from './modules/cadre/cadre-mutation.resolver';
import { CadreResolver } from './modules/cadre/cadre.resolver';
import { CareerMutationResolver } from './modules/career/career-mutation.resolver';
import { CareerResolver } from './modules/career/career.resolver';
import { TimelineResolver } from './modules/career/timeline.resolver';
import { DebriefMutationResolver } from './modules/debrief/debrief-mutation.resolver';
import { DebriefResolver, ExperienceArticleResolver } from './modules/debrief/debrief.resolver';
import { EvaluationMutationResolver } from './modules/evaluation/evaluation-mutation.resolver';
import { EvaluationResolver } from './modules/evaluation/evaluation.resolver';
import { MentorshipMutationResolver } from './modules/mentorship/mentorship-mutation.resolver';
import {
  MentorSessionResolver,
  MentorshipResolver,
} from './modules/mentorship/mentorship.resolver';
import { NodeResolver } from './modules/node/node.resolver';
import { PolicyResolver } from './modules/policy/policy.resolver';
import { PostingMutationResolver } from './modules/posting/posting-mutation.resolver';
import { PostingResolver } from './modules/posting/posting.resolver';
import { ReportMutationResolver } from './modules/report/report-mutation.resolver';
import { ReportResolver } from './modules/report/report.resolver';
import { SelectionMutationResolver } from './modules/selection/selection-mutation.resolver';
import { CandidateResolver, SelectionRoundResolver } from './modules/selection/selection.resolver';
import { StatsResolver } from './modules/stats/stats.resolver';
import { UnitResolver } from './modules/unit/unit.resolver';

export const RESOLVERS = [
  AuthResolver,
  ApiKeyResolver,
  SessionResolver,
  NodeResolver,
  UnitResolver,
  CadreResolver,
  CadreMutationResolver,
  CareerResolver,
  CareerMutationResolver,
  TimelineResolver,
  SelectionRoundResolver,
  SelectionMutationResolver,
  CandidateResolver,
  PostingResolver,
  PostingMutationResolver,
  MentorshipResolver,
  MentorSessionResolver,
  MentorshipMutationResolver,
  ReportResolver,
  ReportMutationResolver,
  EvaluationResolver,
  EvaluationMutationResolver,
  DebriefResolver,
  DebriefMutationResolver,
  ExperienceArticleResolver,
  AuditResolver,
  PolicyResolver,
  AlertResolver,
  PostingAlertResolver,
  StatsResolver,
] as const;

/** `@Authorized(...roles)`: no viewer is UNAUTHENTICATED, a viewer of another role FORBIDDEN. */
export const authChecker: AuthChecker<Context, Role> = ({ context }, roles) => {
  if (!context.viewer) throw unauthenticated();
  if (roles.length > 0 && !roles.includes(context.viewer.role)) throw forbidden();
  return true;
};

let built: Promise<GraphQLSchema> | undefined;

/** type-graphql has no option for the root types' descriptions; GraphiQL shows them first. */
function describeRoots(schema: GraphQLSchema): GraphQLSchema {
  const query = schema.getQueryType();
  const mutation = schema.getMutationType();
  if (query)
    query.description = 'Reads. Sign in with `login`, then send `Authorization: Bearer <token>`.';
  if (mutation)
    mutation.description =
      'Changes. Each takes one `input` and returns `userErrors` for refused input.';
  return schema;
}

/** The schema is built once per process: type-graphql's metadata is global anyway. */
export function createSchema(): Promise<GraphQLSchema> {
  built ??= buildSchema({
    resolvers: RESOLVERS,
    authChecker,
    authMode: 'error',
    // Validation is off by default in type-graphql 2 (PITFALLS); values are never echoed back.
    validate: { forbidUnknownValues: false, validationError: { target: false, value: false } },
  }).then(describeRoots);
  return built;
}

export const SCHEMA_FILE = path.join(projectRoot(), 'schema.graphql');

/** The committed `schema.graphql`: sorted so that it changes only when the schema does. */
export function printSchemaFile(schema: GraphQLSchema): string {
  return `${printSchema(lexicographicSortSchema(schema))}\n`;
}
