import { registerEnumType } from 'type-graphql';

/** Who a viewer is (DESIGN §4); decides every read and write. */
export enum Role {
  ORG_ADMIN = 'ORG_ADMIN',
  UNIT_MANAGER = 'UNIT_MANAGER',
  MENTOR = 'MENTOR',
  CADRE = 'CADRE',
  ANALYST = 'ANALYST',
}
registerEnumType(Role, {
  name: 'Role',
  description: 'Role of a user.',
  valuesConfig: {
    ORG_ADMIN: { description: '组织部门: runs the whole programme.' },
    UNIT_MANAGER: {
      description: '单位管理员: manages one unit’s cadres and the postings it receives.',
    },
    MENTOR: { description: '帮带导师: a leadership-team member mentoring posted cadres.' },
    CADRE: { description: '挂职干部: a cadre reading their own records.' },
    ANALYST: { description: '分析人员: aggregates and de-identified records.' },
  },
});
