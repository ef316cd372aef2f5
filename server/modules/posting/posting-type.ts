import { registerEnumType } from 'type-graphql';

/** The eight kinds of secondment in the source report (§1(二), §4(三)). */
export enum PostingType {
  CROSS_DEPUTY = 'CROSS_DEPUTY',
  HIGHER_ASSISTANT = 'HIGHER_ASSISTANT',
  GRADUATE_ASSISTANT = 'GRADUATE_ASSISTANT',
  SCHOOL_ASSISTANT = 'SCHOOL_ASSISTANT',
  UPWARD = 'UPWARD',
  DOWNWARD = 'DOWNWARD',
  OUTWARD = 'OUTWARD',
  FRONTLINE = 'FRONTLINE',
}
registerEnumType(PostingType, {
  name: 'PostingType',
  description: 'Kind of secondment (挂职类型).',
  valuesConfig: {
    CROSS_DEPUTY: {
      description:
        '交叉挂职: a training-class trainee (isTrainee) who is a middle-level chief takes the deputy post of the same level in another unit of the same city: 正科 → positionRank SECTION_DEPUTY, 正处 → DIVISION_DEPUTY (CROSS_DEPUTY_RANK).',
    },
    HIGHER_ASSISTANT: {
      description:
        '高挂: by open selection (a SELECTED candidate), assistant to a unit head exactly one rank above: positionRank is the cadre’s rank plus one step (HIGHER_ASSISTANT_RANK).',
    },
    GRADUATE_ASSISTANT: {
      description:
        '引进生挂职: a recruited graduate serves as assistant: a bachelor to a section chief (科长助理, positionRank SECTION_CHIEF); a master or doctor to a bureau head (GOVERNMENT_DEPARTMENT) or township head (TOWNSHIP), positionRank at least SECTION_CHIEF (GRADUATE_ASSISTANT_POST).',
    },
    SCHOOL_ASSISTANT: {
      description:
        '校长助理: a school’s middle-level cadre assists the principal of another school; positionRank at most one step above the cadre (POSITION_RANK_TOO_HIGH).',
    },
    UPWARD: {
      description:
        '上挂: to a unit of a higher administrative level; positionRank at most one step above the cadre (POSITION_RANK_TOO_HIGH).',
    },
    DOWNWARD: {
      description:
        '下派基层: to a township or subdistrict; positionRank at most one step above the cadre (POSITION_RANK_TOO_HIGH).',
    },
    OUTWARD: {
      description:
        '外派: to a unit in a developed region; positionRank at most one step above the cadre (POSITION_RANK_TOO_HIGH).',
    },
    FRONTLINE: {
      description:
        '急难险重: to key front-line work (petitions 信访, city construction 城市建设, major projects 重大项目): the receiving unit’s or the posting’s frontlineArea is set (FRONTLINE_AREA_REQUIRED; only this type names an area of its own, else INVALID_VALUE); positionRank at most one step above the cadre (POSITION_RANK_TOO_HIGH).',
    },
  },
});

export enum PostingStatus {
  PLANNED = 'PLANNED',
  ACTIVE = 'ACTIVE',
  COMPLETED = 'COMPLETED',
  TERMINATED = 'TERMINATED',
}
registerEnumType(PostingStatus, {
  name: 'PostingStatus',
  description: 'Lifecycle of a posting: PLANNED → ACTIVE → COMPLETED, or TERMINATED early.',
  valuesConfig: {
    PLANNED: { description: '拟派' },
    ACTIVE: { description: '在岗' },
    COMPLETED: { description: '期满返回' },
    TERMINATED: { description: '提前终止' },
  },
});
