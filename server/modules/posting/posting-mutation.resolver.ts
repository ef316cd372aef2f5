import { Arg, Ctx, Mutation, Resolver } from 'type-graphql';
import type { Context } from '../../context';
import { Allow } from '../../common/permission';
import { postingPolicy } from './posting.policy';
import {
  ActivatePostingInput,
  CompletePostingInput,
  CreatePostingInput,
  ExtendPostingInput,
  PostingPayload,
  TerminatePostingInput,
  UpdatePostingInput,
} from './dto/posting-mutation.inputs';
import { postingLifecycleService as lifecycle } from './posting-lifecycle.service';

const input = { description: 'What to change.' };

@Resolver()
export class PostingMutationResolver {
  @Allow(postingPolicy.may.create)
  @Mutation(() => PostingPayload, {
    description: 'Creates a PLANNED posting (挂职) with its 三定.',
  })
  async createPosting(@Arg('input', input) args: CreatePostingInput, @Ctx() ctx: Context) {
    return PostingPayload.from(await lifecycle.create(ctx, args));
  }

  @Allow(postingPolicy.may.update)
  @Mutation(() => PostingPayload, {
    description: 'Edits a PLANNED posting (optimistic version check).',
  })
  async updatePosting(@Arg('input', input) args: UpdatePostingInput, @Ctx() ctx: Context) {
    return PostingPayload.from(await lifecycle.update(ctx, args));
  }

  @Allow(postingPolicy.may.activate)
  @Mutation(() => PostingPayload, {
    description: 'PLANNED → ACTIVE: needs complete 三定 and the start date reached.',
  })
  async activatePosting(@Arg('input', input) args: ActivatePostingInput, @Ctx() ctx: Context) {
    return PostingPayload.from(await lifecycle.activate(ctx, args));
  }

  @Allow(postingPolicy.may.extend)
  @Mutation(() => PostingPayload, {
    description: 'Moves an ACTIVE posting’s planned end later, with a reason (延期).',
  })
  async extendPosting(@Arg('input', input) args: ExtendPostingInput, @Ctx() ctx: Context) {
    return PostingPayload.from(await lifecycle.extend(ctx, args));
  }

  @Allow(postingPolicy.may.complete)
  @Mutation(() => PostingPayload, {
    description: 'ACTIVE → COMPLETED: records the return (期满返回) and ends the mentoring.',
  })
  async completePosting(@Arg('input', input) args: CompletePostingInput, @Ctx() ctx: Context) {
    return PostingPayload.from(await lifecycle.complete(ctx, args));
  }

  @Allow(postingPolicy.may.terminate)
  @Mutation(() => PostingPayload, {
    description: 'PLANNED or ACTIVE → TERMINATED, with a reason; ends the mentoring.',
  })
  async terminatePosting(@Arg('input', input) args: TerminatePostingInput, @Ctx() ctx: Context) {
    return PostingPayload.from(await lifecycle.terminate(ctx, args));
  }
}
