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
        '交叉挂职: a training-class trainee takes a deputy post in another unit of the city.',
    },
    HIGHER_ASSISTANT: {
      description: '高挂: assistant to a unit head one rank above, by open selection.',
    },
    GRADUATE_ASSISTANT: { description: '引进生挂职: a recruited graduate serves as assistant.' },
    SCHOOL_ASSISTANT: {
      description: '校长助理: a school cadre assists the principal of another school.',
    },
    UPWARD: { description: '上挂: to a unit of a higher administrative level.' },
    DOWNWARD: { description: '下派基层: to a township or subdistrict.' },
    OUTWARD: { description: '外派: to a unit in a developed region.' },
    FRONTLINE: {
      description: '急难险重: to key front-line work (petitions, construction, major projects).',
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
