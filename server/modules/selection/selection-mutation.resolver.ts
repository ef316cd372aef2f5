import { Resolver } from 'type-graphql';

/** Selection mutations: thin, each hands its input to the service. */
@Resolver()
export class SelectionMutationResolver {}
