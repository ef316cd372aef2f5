import { Resolver } from 'type-graphql';

/** Report mutations: thin, each hands its input to the service. */
@Resolver()
export class ReportMutationResolver {}
