import { Resolver } from 'type-graphql';

/** Evaluation mutations: thin, each hands its input to the service. */
@Resolver()
export class EvaluationMutationResolver {}
