import { Arg, Ctx, Mutation, Resolver } from 'type-graphql';
import type { Context } from '../../context';
import { Allow } from '../../common/permission';
import {
  ArchiveUnitInput,
  CreateUnitInput,
  UnitPayload,
  UpdateUnitInput,
} from './dto/unit-mutation.inputs';
import { unitWriteService } from './unit-write.service';
import { unitPolicy } from './unit.policy';

const input = { description: 'What to change.' };

@Resolver()
export class UnitMutationResolver {
  @Allow(unitPolicy.may.create)
  @Mutation(() => UnitPayload, {
    description: 'Adds a unit (单位) to the directory, under an active parent or at the top.',
  })
  async createUnit(@Arg('input', input) args: CreateUnitInput, @Ctx() ctx: Context) {
    return UnitPayload.from(await unitWriteService.create(ctx, args));
  }

  @Allow(unitPolicy.may.update)
  @Mutation(() => UnitPayload, {
    description: 'Edits an active unit (optimistic version check); a move never makes a cycle.',
  })
  async updateUnit(@Arg('input', input) args: UpdateUnitInput, @Ctx() ctx: Context) {
    return UnitPayload.from(await unitWriteService.update(ctx, args));
  }

  @Allow(unitPolicy.may.archive)
  @Mutation(() => UnitPayload, {
    description:
      'Archives a unit (撤销) once it has no active cadres, no PLANNED or ACTIVE postings it receives and no active sub-units.',
  })
  async archiveUnit(@Arg('input', input) args: ArchiveUnitInput, @Ctx() ctx: Context) {
    return UnitPayload.from(await unitWriteService.archive(ctx, args));
  }
}
