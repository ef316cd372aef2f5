import { Grade } from '../modules/evaluation/evaluation-enums';
import { PostingType } from '../modules/posting/posting-type';
import { UnitKind } from '../modules/unit/unit.entity';
import { words } from './names';
import type { Rng } from './random';

/** Prose of the demo: duties, plans, reports, assessments, seminars and articles. */

const DUTIES: Record<UnitKind, readonly string[]> = {
  TOWNSHIP: words(`
    分管招商引资工作 协助分管乡村振兴工作 负责农村人居环境整治 协助抓好安全生产和信访维稳
    联系三个行政村的帮扶工作 协助分管农业产业发展 负责高标准农田建设项目推进 协助分管集体经济发展
  `),
  SUBDISTRICT: words(`
    分管社区治理和网格化管理 负责老旧小区改造协调工作 协助抓好信访维稳工作 协助分管城市管理工作
    负责辖区企业服务工作 协助分管文明创建工作
  `),
  GOVERNMENT_DEPARTMENT: words(`
    协助分管项目审批工作 分管招商引资工作 负责重大项目谋划和争资争项 参与年度重点工作督查
    协助分管产业发展规划 负责营商环境优化相关工作 协助分管政策法规工作
  `),
  PARTY_DEPARTMENT: words(`
    协助分管干部教育培训 参与基层党建督导 负责重要文稿起草 协助开展专题调研 参与年轻干部队伍建设
  `),
  SCHOOL: words(`
    协助分管教学教研工作 负责青年教师培养 协助分管德育和校园安全 参与课程改革和教学质量监测
    协助做好家校共育工作
  `),
  ENTERPRISE: words(`
    参与重点项目投融资管理 协助分管工程建设管理 负责项目前期手续办理 参与国企改革专项工作
  `),
  PUBLIC_INSTITUTION: words(`
    协助分管业务科室 参与服务流程优化 负责重点项目服务保障 协助分管科研管理工作
  `),
  JUDICIAL: words(`
    协助分管案件质量评查 参与诉源治理工作 协助办理重大疑难案件 负责执法规范化建设
  `),
};

const TYPE_DUTIES: Partial<Record<PostingType, readonly string[]>> = {
  FRONTLINE: words(
    '负责信访积案化解 参与重大项目征迁协调 负责城市建设项目现场协调 参与防汛救灾一线工作',
  ),
  OUTWARD: words('学习先进地区招商引资经验 参与产业园区运营管理 对接两地产业合作项目'),
  HIGHER_ASSISTANT: words('协助主要负责同志处理日常事务 参与重大决策前期调研'),
};

/** 定责: one to three duties fitting the receiving unit and the posting type. */
export function duties(rng: Rng, type: PostingType, kind: UnitKind): string[] {
  const pool = [...DUTIES[kind], ...(TYPE_DUTIES[type] ?? []), ...(TYPE_DUTIES[type] ?? [])];
  return rng.sample(pool, rng.int(1, 3));
}

const FOCUS: Record<PostingType, string> = {
  CROSS_DEPUTY: '跨部门统筹协调',
  HIGHER_ASSISTANT: '综合决策和全局谋划',
  GRADUATE_ASSISTANT: '基层实践和政策落实',
  SCHOOL_ASSISTANT: '学校管理和教学改革',
  UPWARD: '宏观政策研究和综合协调',
  DOWNWARD: '基层治理和群众工作',
  OUTWARD: '先进地区发展理念和工作方法',
  FRONTLINE: '急难险重任务攻坚',
};

const METHODS = words(`
  列席班子会议、参与重大事项研究 牵头负责一至两项重点工作 跟班学习与轮岗实践相结合
  深入一线蹲点调研 承担专项任务攻坚
`);
const ABILITIES = words(`
  统筹协调能力 群众工作能力 解决复杂问题能力 政策研究能力 应急处突能力 改革创新能力 依法行政能力
`);
const OUTPUTS = words(`
  一篇高质量调研报告 一份挂职工作总结和心得体会 一批可复制推广的经验做法 一至两项制度成果
`);

/** 定培养计划. */
export function trainingPlan(rng: Rng, type: PostingType): string {
  const [a, b] = rng.sample(ABILITIES, 2);
  return (
    `围绕${FOCUS[type]}，通过${rng.pick(METHODS)}，重点提升${a}和${b}；` +
    `派出单位和接收单位每季度沟通一次培养情况，挂职期满形成${rng.pick(OUTPUTS)}。`
  );
}

export const SESSION_TOPICS = ['思想交流', '肯定成绩', '指出不足', '明确方向'] as const;

const SESSION_NOTES: Record<(typeof SESSION_TOPICS)[number], readonly string[]> = {
  思想交流: [
    '与挂职干部谈心谈话，了解其思想动态和工作生活情况，鼓励其尽快转变角色、融入集体。',
    '围绕为什么挂、挂什么、怎么挂进行交流，帮助其克服“过客”思想，沉下心来干事。',
    '交流近期学习体会，引导其把理论学习与岗位实践结合起来。',
  ],
  肯定成绩: [
    '肯定其在分管工作中主动作为、敢于担当，重点任务推进有力。',
    '肯定其深入基层调研、撰写的调研报告有分析有对策，得到班子认可。',
    '肯定其在项目协调中沟通顺畅、作风扎实，群众反映良好。',
  ],
  指出不足: [
    '指出其基层工作经验不足，处理复杂矛盾时方法还不够灵活，需多向老同志请教。',
    '指出其在统筹兼顾方面还有欠缺，工作计划性需进一步加强。',
    '指出其下沉一线时间偏少，对村（社区）情况掌握还不够全面。',
  ],
  明确方向: [
    '明确下阶段工作重点，要求其牵头完成一项专项任务并形成书面总结。',
    '明确其在挂职后半程要聚焦分管领域，拿出可量化的工作成果。',
    '明确培养方向，安排其参与重大项目全流程协调，提升综合能力。',
  ],
};

export function sessionNotes(rng: Rng, topic: (typeof SESSION_TOPICS)[number]): string {
  return rng.pick(SESSION_NOTES[topic]);
}

const CONDUCT = [
  '政治立场坚定，认真学习贯彻党的创新理论，严格遵守政治纪律和政治规矩，自觉遵守接收单位各项制度。',
  '政治站位高，理想信念坚定，积极参加接收单位组织生活和理论学习，廉洁自律意识强。',
  '能够坚持党的领导，服从组织安排，积极参加各项政治学习，作风正派。',
];

const PROBLEMS = [
  '对接收单位业务还在熟悉过程中，基层工作经验有待丰富。',
  '统筹兼顾能力有待加强，个别工作推进节奏偏慢。',
  '深入村（社区）一线调研的频次还需提高。',
  '',
  '',
];

const ACHIEVEMENTS = [
  '按时完成各项工作任务',
  '推动重点工作取得阶段性进展',
  '主动谋划、协调解决了一批具体问题',
];

/** One quarter's 情况反馈; a passive cadre's reads like one. */
export function reportTexts(rng: Rng, duty: string, passive: boolean) {
  if (passive) {
    return {
      politicalConduct: rng.pick(CONDUCT),
      performance: `本季度在岗时间偏少，${duty}相关工作进展不明显，主动性有待增强。`,
      problems: '存在“过客”思想苗头，在岗天数不足，请派出单位加强教育提醒。',
    };
  }
  const achievement = rng.pick(ACHIEVEMENTS);
  return {
    politicalConduct: rng.pick(CONDUCT),
    performance: `本季度能够${duty}，${achievement}，工作态度端正，群众评价较好。`,
    problems: rng.pick(PROBLEMS),
  };
}

const COMMENTS: Record<Grade, readonly string[]> = {
  EXCELLENT: [
    '该同志挂职期间政治立场坚定，工作积极主动，牵头推进的重点项目成效明显，干部群众评价高。',
    '该同志敢于担当、善于破题，在急难险重任务中表现突出，综合素质全面，建议重点培养使用。',
  ],
  COMPETENT: [
    '该同志能够较好履行挂职岗位职责，工作认真负责，完成了培养计划确定的各项任务。',
    '该同志服从安排，融入较快，分管工作有序推进，能力得到锻炼提升。',
  ],
  BASICALLY_COMPETENT: [
    '该同志基本能够完成分配的工作任务，但主动性不强，深入基层不够，需进一步加强锻炼。',
  ],
  INCOMPETENT: ['该同志挂职期间在岗时间严重不足，工作敷衍应付，纪律作风方面存在明显问题。'],
};

export function evaluationComment(rng: Rng, grade: Grade | null): string {
  return grade ? rng.pick(COMMENTS[grade]) : '';
}

const FINDINGS = [
  '个别谈话反映该同志工作投入、作风务实，能够主动承担分管领域任务；建议接收单位进一步压实担子。',
  '谈话对象普遍认为该同志融入较快、群众基础较好，但对基层情况的系统性研究还不够。',
  '谈话中有同志反映其在岗时间不够稳定，建议派出单位加强日常管理和提醒。',
  '该同志岗位为实职，责任明确；接收单位帮带落实到位，建议继续保持。',
];

export function trackingFindings(rng: Rng): string {
  return rng.pick(FINDINGS);
}

export const TERMINATION_REASONS = [
  '因派出单位工作需要，经组织研究提前召回',
  '本人身体原因申请提前结束挂职，经组织同意',
  '派出单位机构改革，提前结束挂职',
  '平时考核不称职，经组织研究提前召回',
  '家庭原因申请终止挂职，经组织同意',
];

export const CANCEL_REASONS = [
  '因派出单位工作需要，取消派出',
  '接收单位岗位调整，取消本次挂职安排',
];

export const INSPECTION_NOTES = {
  PASS: [
    '经组织考察，该同志政治素质好，群众公认度高，符合选派条件。',
    '考察谈话反映该同志工作扎实、作风过硬，同意选派。',
  ],
  FAIL: [
    '考察中发现该同志近年年度考核有基本称职等次，暂不符合选派条件。',
    '考察谈话推荐票未达到规定比例，不予选派。',
  ],
} as const;

export function debriefTexts(rng: Rng) {
  return {
    summary: rng.pick([
      '与会挂职干部结合自身经历，交流了在接收单位履职尽责、提升能力的做法和体会，派出单位和接收单位负责同志作了点评。',
      '座谈会总结了本批次挂职锻炼工作，挂职干部代表作交流发言，组织部门通报了期满考核情况。',
    ]),
    problemsFound: rng.pick([
      '个别接收单位安排的岗位以辅助性工作为主，“挂而不用”现象仍然存在；部分帮带导师联系不够经常。',
      '少数挂职干部存在“过客”思想，在岗时间不足；派出单位与接收单位沟通反馈机制落实不到位。',
    ]),
    suggestions: rng.pick([
      '进一步落实“三定”要求，实行“一帮一”帮带制度，严格平时考核和期满考核，把挂职表现作为选拔任用的重要依据。',
      '建立挂职干部定期联系和情况通报制度，对表现优秀的及时提拔使用，做到挂用结合。',
    ]),
  };
}

const ARTICLE_TITLES = [
  '在基层一线淬炼本领——挂职锻炼心得体会',
  '沉下去才能干出来：我的挂职一年',
  '挂职锻炼让我读懂了“群众”二字',
  '从机关到一线：挂职期间的几点思考',
  '走出去学理念 带回来促发展——赴发达地区挂职体会',
  '在急难险重任务中经受考验',
];

export function article(rng: Rng, duty: string) {
  const title = rng.pick(ARTICLE_TITLES);
  const body = [
    `挂职期间，我主要${duty}。`,
    rng.pick([
      '刚到岗时，我发现自己对基层情况了解不多，于是利用三个月时间走遍了辖区的村（社区）和重点企业。',
      '面对陌生的工作环境，我坚持向班子成员学、向基层干部学、向群众学，尽快实现角色转变。',
    ]),
    rng.pick([
      '在导师的帮带下，我逐步学会了统筹协调各方资源、在复杂矛盾中找准突破口。',
      '通过参与重点项目全过程协调，我深刻体会到抓落实必须盯住细节、一抓到底。',
    ]),
    '这段经历让我更加坚定了为民服务的初心，也让我认识到自身在专业能力和群众工作方法上的不足，今后将继续加强学习。',
  ];
  return { title, body: body.join('\n\n') };
}
