import { actionsOn, defineModule } from '../../common/module';
import { DebriefMutationResolver } from './debrief-mutation.resolver';
import { Debrief } from './debrief.entity';
import { DebriefErrorCode } from './debrief.errors';
import { debriefPolicy } from './debrief.policy';
import { DebriefResolver, ExperienceArticleResolver } from './debrief.resolver';
import { ExperienceArticle } from './experience-article.entity';

/** What the audit trail records of debriefs and articles. */
const debriefActions = {
  ...actionsOn('Debrief', ['debrief.schedule', 'debrief.record']),
  ...actionsOn('ExperienceArticle', ['experienceArticle.submit', 'experienceArticle.publish']),
};

declare module '../../common/module' {
  interface NodeTypes {
    Debrief: Debrief;
    ExperienceArticle: ExperienceArticle;
  }
  interface AuditActionSets {
    debrief: typeof debriefActions;
  }
}

/** Debriefs and experience articles (研讨交流, 心得体会) after postings end. */
export const debriefModule = defineModule({
  name: 'debrief',
  entities: [Debrief, ExperienceArticle],
  resolvers: [DebriefResolver, ExperienceArticleResolver, DebriefMutationResolver],
  nodes: {
    Debrief: { entity: Debrief, alias: 'debrief', scope: debriefPolicy.read },
    ExperienceArticle: {
      entity: ExperienceArticle,
      alias: 'experience_article',
      scope: debriefPolicy.readArticles,
      references: { posting: { type: 'Posting', column: 'postingId' } },
    },
  },
  userErrorCodes: DebriefErrorCode,
  auditActions: debriefActions,
});
