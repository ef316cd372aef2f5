import { forbidden } from '../../common/errors';
import { fieldRule } from '../../common/field-rule';
import { everyRole, orgAdminOnly, permission } from '../../common/permission';
import type { Viewer } from '../../common/viewer';
import type { Posting } from '../posting/posting.entity';
import { PostingStatus } from '../posting/posting-type';
import { postingPolicy } from '../posting/posting.policy';
import { EvaluationKind } from './evaluation-enums';
import type { Evaluation } from './evaluation.entity';
import { labelOf } from '../../common/labels';
import { EVALUATION_KIND_LABELS } from './evaluation.labels';

/** A cadre sees own evaluations once FINALIZED; a mentor those of current mentees. */
const read = postingPolicy.readRecords({ ownRecords: 'finalized', mentor: true });

/**
 * Evaluators' comments and inspection findings are withheld from analysts and from mentors, except
 * a mentor reading their own evaluations as the posted cadre.
 */
const narrative = fieldRule<Evaluation>(
  {
    en: 'Evaluation comments and findings are not visible to your role',
    zh: '您的角色无权查看考核评语和考察结论',
  },
  {
    ORG_ADMIN: true,
    UNIT_MANAGER: true,
    CADRE: true,
    ANALYST: false,
    MENTOR: async (viewer, evaluation, ctx) => {
      if (viewer.cadreId === null) return false;
      // The loader batches the lookups over a list of evaluations.
      const posting = await ctx.loaders.Posting.load(evaluation.postingId);
      return posting?.cadreId === viewer.cadreId;
    },
  },
);

/** What a new draft is about, and whether the viewer is the posting's current mentor (一帮一). */
export interface DraftTarget {
  posting: Posting;
  kind: EvaluationKind;
  isCurrentMentor: boolean;
}

const receives = (viewer: Viewer, posting: Posting) => viewer.unitId === posting.receivingUnitId;

/** Units and mentors assess while the posting is ACTIVE. */
const whileActive = (_viewer: Viewer, posting: Posting) => posting.status === PostingStatus.ACTIVE;

/** A draft is its author's to edit and submit (never null = null: an authorless draft is no one's). */
const isAuthor = (viewer: Viewer, evaluation: Evaluation) =>
  evaluation.evaluatorId !== null && evaluation.evaluatorId === viewer.userId;

const may = {
  list: everyRole,
  /**
   * Who drafts which kind (DESIGN §4): the org department any; the receiving unit's manager
   * ROUTINE and FINAL; the posting's current mentor ROUTINE.
   */
  draft: permission<[DraftTarget]>(
    {
      ORG_ADMIN: true,
      UNIT_MANAGER: (viewer, { posting, kind }) =>
        receives(viewer, posting) && kind !== EvaluationKind.TRACKING_INSPECTION,
      MENTOR: (_viewer, { kind, isCurrentMentor }) =>
        isCurrentMentor && kind === EvaluationKind.ROUTINE,
      CADRE: false,
      ANALYST: false,
    },
    ({ kind }) => ({
      en: `You may not draft a ${kind} evaluation of this posting`,
      zh: `您无权为该挂职起草${labelOf(EVALUATION_KIND_LABELS, kind)}`,
    }),
  ),
  /**
   * When a draft may be started (refused with POSTING_NOT_ACTIVE): units and mentors while the
   * posting is ACTIVE; the org department also afterwards (a FINAL assessment often follows the
   * return), never before it starts.
   */
  draftWhile: permission<[Posting]>({
    ORG_ADMIN: (_viewer, posting) => posting.status !== PostingStatus.PLANNED,
    UNIT_MANAGER: whileActive,
    MENTOR: whileActive,
    CADRE: whileActive,
    ANALYST: whileActive,
  }),
  /** Editing and submitting a draft: its author; the org department may step in. */
  edit: permission<[Evaluation]>(
    {
      ORG_ADMIN: true,
      UNIT_MANAGER: isAuthor,
      MENTOR: isAuthor,
      CADRE: false,
      ANALYST: false,
    },
    { en: 'Only the evaluation’s author may change it', zh: '只有考核的撰写人可以修改' },
  ),
  finalize: orgAdminOnly,
  /** Sending a SUBMITTED evaluation back to its author (退回): the org department. */
  return: orgAdminOnly,
};

/**
 * The author a new draft records (考核人): a signed-in person. An API key has no user, and a draft
 * without an author could be edited by no one but the org department.
 */
function authorOf(viewer: Viewer): number {
  if (viewer.userId === null) {
    throw forbidden({
      en: 'API keys cannot author evaluations; sign in as a person',
      zh: 'API 密钥不能撰写考核，请以个人账号登录',
    });
  }
  return viewer.userId;
}

export const evaluationPolicy = { read, narrative, authorOf, may };
