import { selecting } from '../../common/list';
import type { GraphQLResolveInfo } from 'graphql';
import { Args, Ctx, FieldResolver, Int, Query, Resolver, Root, Info } from 'type-graphql';
import type { Context } from '../../context';
import { FieldRule } from '../../common/field-rule';
import { Allow } from '../../common/permission';
import { required } from '../../common/relations';
import { LocalDate } from '../../common/scalars';
import { CareerEventConnection, CareerEventListArgs } from '../career/dto/career-event-list.args';
import { careerService } from '../career/career.service';
import { MentorshipConnection, MentorshipListArgs } from '../mentorship/dto/mentorship-list.args';
import { mentorshipService } from '../mentorship/mentorship.service';
import { PostingConnection, PostingListArgs } from '../posting/dto/posting-list.args';
import { postingService } from '../posting/posting.service';
import { CandidateConnection, CandidateListArgs } from '../selection/dto/selection-list.args';
import { selectionService } from '../selection/selection.service';
import { Unit } from '../unit/unit.entity';
import { Cadre } from './cadre.entity';
import { cadrePolicy } from './cadre.policy';
import { cadreService } from './cadre.service';
import { CadreConnection, CadreListArgs } from './dto/cadre-list.args';

@Resolver(() => Cadre)
export class CadreResolver {
  @Allow(cadrePolicy.may.list)
  @Query(() => CadreConnection, { description: 'Cadres (干部) the viewer may read.' })
  async cadres(@Args() args: CadreListArgs, @Ctx() ctx: Context, @Info() info: GraphQLResolveInfo) {
    return new CadreConnection(await cadreService.list(ctx, selecting(ctx, info, 'Cadre', args)));
  }

  @FieldResolver(() => Unit, { description: 'The unit the cadre belongs to (所在单位).' })
  homeUnit(@Root() cadre: Cadre, @Ctx() ctx: Context, @Info() info: GraphQLResolveInfo) {
    return required(ctx, info, 'Unit', cadre.homeUnitId);
  }

  @FieldResolver(() => Int, {
    description: 'Year of birth (出生年份); visible wherever the cadre is.',
  })
  birthYear(@Root() cadre: Cadre) {
    return Number(cadre.birthDate.slice(0, 4));
  }

  @FieldRule(cadrePolicy.personalData)
  @FieldResolver(() => LocalDate, {
    nullable: true,
    description:
      'Exact date of birth (出生日期): personal data, for the org department and the cadre only.',
  })
  birthDate(@Root() cadre: Cadre) {
    return cadre.birthDate;
  }

  @FieldRule(cadrePolicy.personalData)
  @FieldResolver(() => String, {
    nullable: true,
    description:
      'Citizen ID number (身份证号): personal data, for the org department and the cadre only.',
  })
  idNumber(@Root() cadre: Cadre) {
    return cadre.idNumber;
  }

  @FieldRule(cadrePolicy.personalData)
  @FieldResolver(() => String, {
    nullable: true,
    description:
      'Phone number (联系电话): personal data, for the org department and the cadre only.',
  })
  phone(@Root() cadre: Cadre) {
    return cadre.phone;
  }

  @FieldResolver(() => PostingConnection, {
    description: "The cadre's postings (挂职经历) the viewer may read.",
  })
  async postings(
    @Root() cadre: Cadre,
    @Args() args: PostingListArgs,
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
  ) {
    return new PostingConnection(
      await postingService.list(ctx, selecting(ctx, info, 'Posting', args), {
        column: 'cadre_id',
        id: cadre.id,
      }),
    );
  }

  @FieldResolver(() => CareerEventConnection, {
    description: 'Appointments, promotions and transfers (任免记录).',
  })
  async careerEvents(
    @Root() cadre: Cadre,
    @Args() args: CareerEventListArgs,
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
  ) {
    return new CareerEventConnection(
      await careerService.list(ctx, selecting(ctx, info, 'CareerEvent', args), cadre.id),
    );
  }

  @FieldResolver(() => MentorshipConnection, {
    description: 'Mentorships in which this cadre is the mentor (帮带对象).',
  })
  async mentoring(
    @Root() cadre: Cadre,
    @Args() args: MentorshipListArgs,
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
  ) {
    return new MentorshipConnection(
      await mentorshipService.list(ctx, selecting(ctx, info, 'Mentorship', args), {
        column: 'mentor_id',
        id: cadre.id,
      }),
    );
  }

  @FieldResolver(() => CandidateConnection, {
    description: 'Selection rounds the cadre was nominated in (参选记录).',
  })
  async candidacies(
    @Root() cadre: Cadre,
    @Args() args: CandidateListArgs,
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
  ) {
    return new CandidateConnection(
      await selectionService.candidates(ctx, selecting(ctx, info, 'Candidate', args), {
        column: 'cadre_id',
        id: cadre.id,
      }),
    );
  }
}
