import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Column, Entity, Index, JoinColumn, ManyToOne, type Relation } from 'typeorm';
import { Node, Record } from '../../common/node';
import { LocalDate } from '../../common/scalars';

export enum UnitKind {
  PARTY_DEPARTMENT = 'PARTY_DEPARTMENT',
  GOVERNMENT_DEPARTMENT = 'GOVERNMENT_DEPARTMENT',
  TOWNSHIP = 'TOWNSHIP',
  SUBDISTRICT = 'SUBDISTRICT',
  SCHOOL = 'SCHOOL',
  ENTERPRISE = 'ENTERPRISE',
  PUBLIC_INSTITUTION = 'PUBLIC_INSTITUTION',
  JUDICIAL = 'JUDICIAL',
}
registerEnumType(UnitKind, {
  name: 'UnitKind',
  description: 'Kind of organisation (单位类型).',
  valuesConfig: {
    PARTY_DEPARTMENT: { description: '党委部门' },
    GOVERNMENT_DEPARTMENT: { description: '政府部门' },
    TOWNSHIP: { description: '乡镇' },
    SUBDISTRICT: { description: '街道' },
    SCHOOL: { description: '学校' },
    ENTERPRISE: { description: '企业' },
    PUBLIC_INSTITUTION: { description: '事业单位' },
    JUDICIAL: { description: '公检法司' },
  },
});

/** Ordered lowest first: the order is used by the UPWARD posting rule. */
export enum AdminLevel {
  TOWNSHIP = 'TOWNSHIP',
  COUNTY = 'COUNTY',
  CITY = 'CITY',
  PROVINCE = 'PROVINCE',
}
registerEnumType(AdminLevel, {
  name: 'AdminLevel',
  description: 'Administrative level (行政级别), lowest first.',
  valuesConfig: {
    TOWNSHIP: { description: '乡镇级' },
    COUNTY: { description: '县级' },
    CITY: { description: '市级' },
    PROVINCE: { description: '省级' },
  },
});
/**
 * 急难险重领域: the key front-line work of the source report (§4(二): 城市建设、信访和项目建设等重点工作
 * 一线). A FRONTLINE posting goes to a unit that does such work, or holds a post of such work in
 * another unit.
 */
export enum FrontlineArea {
  PETITIONS = 'PETITIONS',
  CITY_CONSTRUCTION = 'CITY_CONSTRUCTION',
  MAJOR_PROJECTS = 'MAJOR_PROJECTS',
}
registerEnumType(FrontlineArea, {
  name: 'FrontlineArea',
  description:
    'Front-line work area (急难险重领域) that FRONTLINE postings go to: petitions, city construction, major projects.',
  valuesConfig: {
    PETITIONS: { description: '信访维稳: petitions and keeping social stability.' },
    CITY_CONSTRUCTION: {
      description:
        '城市建设: city construction, urban renewal, land acquisition and relocation (征地拆迁).',
    },
    MAJOR_PROJECTS: { description: '重大项目: major projects (项目建设) and their headquarters.' },
  },
});

export const ADMIN_LEVEL_ORDER = [
  AdminLevel.TOWNSHIP,
  AdminLevel.COUNTY,
  AdminLevel.CITY,
  AdminLevel.PROVINCE,
];

@ObjectType({
  implements: Node,
  description: 'An organisation that sends or receives cadres (单位).',
})
@Entity()
export class Unit extends Record {
  @Field({
    description:
      'Unit code (单位代码): unique, upper-case letters, digits and . _ -; the key imports match on.',
  })
  @Column({ type: 'text' })
  code!: string;

  @Field({ description: 'Full name of the unit (单位名称).' })
  @Column({ type: 'text' })
  name!: string;

  @Field(() => UnitKind, { description: 'Kind of organisation (单位类型).' })
  @Column({ type: 'text', enum: UnitKind })
  kind!: UnitKind;

  @Field(() => AdminLevel, { description: 'Administrative level (行政级别).' })
  @Column({ type: 'text', enum: AdminLevel })
  adminLevel!: AdminLevel;

  @Field({ description: 'Region the unit belongs to (地区).' })
  @Column({ type: 'text' })
  region!: string;

  @Field({ description: 'Whether the unit is in a coastal or developed region (沿海/发达地区).' })
  @Column({ type: 'boolean', default: false })
  isDevelopedRegion!: boolean;

  @Field(() => FrontlineArea, {
    nullable: true,
    description:
      'The front-line work the whole unit does (急难险重领域), e.g. 信访局 PETITIONS; null for an ordinary unit. FRONTLINE postings go to such a unit, or name the area of their post (Posting.frontlineArea).',
  })
  @Column({ type: 'text', enum: FrontlineArea, nullable: true })
  frontlineArea!: FrontlineArea | null;

  @Index()
  @Column({ type: 'int', nullable: true })
  parentId!: number | null;

  @ManyToOne(() => Unit, { nullable: true })
  @JoinColumn()
  parent?: Relation<Unit> | null;

  @Field(() => LocalDate, {
    nullable: true,
    description:
      'Day the unit was archived (撤销/停用): it then receives no postings and no new cadres; its history stays.',
  })
  @Column({ type: 'date', nullable: true })
  archivedOn!: string | null;

  @Field(() => Int, { description: 'Optimistic-lock version; send it back when editing.' })
  @Column({ type: 'int', default: 1 })
  version!: number;
}
