import { Gender } from '../modules/cadre/cadre.entity';
import type { Rng } from './random';

/** Vocabulary for people and places. Everything is invented; any likeness is a coincidence. */

/** Splits a whitespace-separated word list (keeps long vocabularies compact). */
export function words(text: string): readonly string[] {
  return text.trim().split(/\s+/);
}

export const PROVINCE = '江西省';
export const CITY = '江州市';

/** Common surnames, most frequent first (picked with a bias toward the front). */
const SURNAMES = words(`
  王 李 张 刘 陈 杨 黄 赵 吴 周 徐 孙 马 朱 胡 郭 何 高 林 罗 郑 梁 谢 宋
  唐 许 韩 冯 邓 曹 彭 曾 肖 田 董 袁 潘 于 蒋 蔡 余 杜 叶 程 苏 魏 吕 丁
  任 沈 姚 卢 姜 崔 钟 谭 陆 汪 范 金 石 廖 贾 夏 韦 付 方 白 邹 孟 熊 秦
  邱 江 尹 薛 段 雷 侯 龙 史 陶 黎 贺 顾 毛 郝 龚 邵 万 钱 严 武 戴 欧阳
`);

const GIVEN: Record<Gender, readonly string[]> = {
  [Gender.MALE]: words(`
  伟 强 磊 军 勇 杰 涛 斌 超 明 刚 平 辉 鹏 飞 鑫 波 宇 浩 凯 健 俊 帆 旭
  宁 龙 洋 志 建 国 峰 成 亮 东 海 晨 博 振 卫 兵 毅 翔 锋 林 彬 源 昊 哲
`),
  [Gender.FEMALE]: words(`
  芳 娜 敏 静 丽 艳 娟 霞 燕 玲 婷 雪 慧 莉 萍 红 琳 颖 倩 琴 洁 丹 蕾 晶
  欣 悦 怡 佳 璐 薇 岚 梅 瑶 晓 嘉 雯 秀 兰 月 婧 露 婕 梦 妍 萌 茜 蓉 娇
`),
};

const GIVEN_FIRST = words(`
  文 明 华 春 晓 永 海 立 建 新 宏 子 雨 思 家 一 天 志 少 小 国 学 德 俊
  秋 红 金 玉 云 静 嘉 书
`);

export function personName(rng: Rng, gender: Gender): string {
  // Squaring biases toward the common surnames at the front of the list.
  const surname = SURNAMES[Math.floor(rng.next() ** 2 * SURNAMES.length)];
  const last = rng.pick(GIVEN[gender]);
  return rng.chance(0.35) ? surname + last : surname + rng.pick(GIVEN_FIRST) + last;
}

export const SPECIALTIES = words(`
  经济管理 城乡规划 法律 财务审计 教育管理 农业技术 信息化 招商引资 社会治理 文字综合
  工程管理 金融 党建 应急管理 生态环保 医疗卫生
`);

/** 138… style mobile prefixes. */
export const PHONE_PREFIXES = words(`
  138 139 135 136 137 150 151 152 158 159 186 187
  188 182 183 177 199 189 133 153 180 181
`);

/** Two-character place names for counties and towns, combined pairwise. */
export const PLACE_FIRST = words(`
  青 白 丰 临 东 永 安 石 龙 桃 清 柳 金 云 长 新 平 兴 泰 宝 瑞 福 凤 黄
  马 高 南 北 西 大 双 三
`);

export const PLACE_SECOND = words(`
  山 水 和 江 湖 宁 门 泉 源 河 溪 阳 川 城 乐 华 林 田 坪 塘 岭 桥 口 洲
  岗 埠 坊 冈 峰 港 湾 渡
`);

/** Enumerates distinct two-character names in a fixed scrambled order. */
export function placeName(index: number, salt: number): string {
  const n = PLACE_FIRST.length * PLACE_SECOND.length;
  const k = (index * 97 + salt) % n;
  const name =
    PLACE_FIRST[Math.floor(k / PLACE_SECOND.length)] + PLACE_SECOND[k % PLACE_SECOND.length];
  // Past n names, a numeral keeps them apart.
  const round = Math.floor(index / n);
  return round === 0 ? name : `${name}${'二三四五六七八九'[(round - 1) % 8]}`;
}

/** Developed coastal districts for OUTWARD postings: [city, district, id-number region code]. */
export const DEVELOPED_DISTRICTS: readonly (readonly [string, string, string])[] = [
  ['广东省深圳市', '南山区', '440305'],
  ['上海市', '浦东新区', '310115'],
  ['广东省广州市', '天河区', '440106'],
  ['浙江省杭州市', '余杭区', '330110'],
  ['江苏省苏州市', '工业园区', '320571'],
  ['广东省深圳市', '福田区', '440304'],
  ['浙江省宁波市', '鄞州区', '330212'],
  ['福建省厦门市', '思明区', '350203'],
  ['广东省深圳市', '宝安区', '440306'],
  ['江苏省南京市', '江宁区', '320115'],
  ['广东省东莞市', '松山湖高新区', '441900'],
  ['上海市', '闵行区', '310112'],
  ['浙江省杭州市', '滨江区', '330108'],
  ['江苏省无锡市', '新吴区', '320214'],
  ['广东省佛山市', '南海区', '440605'],
  ['山东省青岛市', '黄岛区', '370211'],
  ['江苏省苏州市', '昆山市', '320583'],
  ['浙江省宁波市', '北仑区', '330206'],
  ['福建省厦门市', '湖里区', '350206'],
  ['广东省珠海市', '横琴新区', '440404'],
  ['天津市', '滨海新区', '120116'],
  ['北京市', '海淀区', '110108'],
  ['江苏省常州市', '武进区', '320412'],
  ['广东省深圳市', '龙岗区', '440307'],
];

/** Departments of a developed district, besides its government. */
export const DEVELOPED_DEPARTMENTS = words(`
  发展和改革局 科技创新局 商务局 工业和信息化局 投资促进局 住房和建设局 教育局
  城市更新和土地整备局 政务服务数据管理局 人力资源局 生态环境局 市场监督管理局
  文化广电旅游体育局 应急管理局 统计局
`);

/** Sections (科室) used in position titles. */
export const SECTIONS = words(`
  综合 规划 财务 政策法规 项目管理 干部 宣传 人事 信息 督查 审批 产业发展 招商 法制
  统计
`);

/** Town-level offices (站所办). */
export const TOWN_OFFICES = words(`
  党政办 经济发展办 社会事务办 综治中心 农业综合服务中心 财政所 规划建设办 便民服务中心
`);

/** Region code of the home city, for id numbers: 36 江西, 11 江州 (invented). */
export const CITY_REGION_CODE = '361102';
export const PROVINCE_REGION_CODE = '360102';
