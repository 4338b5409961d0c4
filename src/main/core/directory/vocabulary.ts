/**
 * Realistic vocabularies for sample directories: the departments each level of government has,
 * how each level names them, and the data resources they typically compile.
 */
import type { ResourceClass, UpdateCycle } from '../../../shared/directory';

export interface ItemTemplate {
  name: string;
  type: 'string' | 'integer' | 'decimal' | 'date' | 'datetime';
  length: number | null;
  /** Personal identifiers are shared more narrowly than the entry. */
  sensitive?: boolean;
}

export interface ResourceTemplate {
  name: string;
  summary: string;
  resourceClass: ResourceClass;
  /** Item 项 (2 digits) and category 目 (3 digits) of the classification code. */
  item: string;
  category: string;
  cycle: UpdateCycle;
  items: ItemTemplate[];
}

export interface DepartmentKind {
  key: string;
  /** Name stem and the suffix used at provincial, prefectural and county level. */
  stem: string;
  suffix: [string, string, string];
  /** Laws a conditional entry of this department cites. */
  laws: string[];
  resources: ResourceTemplate[];
}

const s = (name: string, length: number, sensitive = false): ItemTemplate => ({ name, type: 'string', length, sensitive });
const d = (name: string): ItemTemplate => ({ name, type: 'date', length: null });
const n = (name: string): ItemTemplate => ({ name, type: 'decimal', length: 18 });

export const DEPARTMENT_KINDS: DepartmentKind[] = [
  {
    key: 'public-security',
    stem: '公安',
    suffix: ['厅', '局', '局'],
    laws: ['《中华人民共和国居民身份证法》', '《中华人民共和国户口登记条例》', '《中华人民共和国道路交通安全法》'],
    resources: [
      { name: '常住人口基础信息', summary: '辖区常住人口的户籍登记基础信息', resourceClass: 'base', item: '01', category: '001', cycle: 'daily', items: [s('姓名', 50), s('公民身份号码', 18, true), s('性别', 2), s('民族', 20), d('出生日期'), s('户籍地址', 200, true)] },
      { name: '户籍迁移登记信息', summary: '户口迁入迁出登记记录', resourceClass: 'base', item: '01', category: '002', cycle: 'daily', items: [s('姓名', 50), s('公民身份号码', 18, true), s('迁出地', 200), s('迁入地', 200), d('迁移日期')] },
      { name: '机动车登记信息', summary: '机动车注册、转移、注销登记信息', resourceClass: 'department', item: '01', category: '011', cycle: 'daily', items: [s('号牌号码', 20), s('车辆类型', 20), s('所有人', 100, true), d('初次登记日期'), s('车辆状态', 10)] },
      { name: '机动车驾驶人信息', summary: '驾驶证核发与记分信息', resourceClass: 'department', item: '01', category: '012', cycle: 'daily', items: [s('姓名', 50), s('驾驶证号', 18, true), s('准驾车型', 10), d('有效期至')] },
    ],
  },
  {
    key: 'market-regulation',
    stem: '市场监督管理',
    suffix: ['局', '局', '局'],
    laws: ['《中华人民共和国市场主体登记管理条例》', '《中华人民共和国食品安全法》'],
    resources: [
      { name: '市场主体登记信息', summary: '企业、个体工商户等市场主体的设立、变更、注销登记信息', resourceClass: 'base', item: '02', category: '001', cycle: 'real-time', items: [s('统一社会信用代码', 18), s('主体名称', 200), s('法定代表人', 50), n('注册资本（万元）'), d('成立日期'), s('登记状态', 20)] },
      { name: '食品经营许可信息', summary: '食品经营许可证核发信息', resourceClass: 'theme', item: '04', category: '002', cycle: 'daily', items: [s('许可证编号', 30), s('经营者名称', 200), s('经营场所', 200), d('有效期至')] },
      { name: '行政处罚信息', summary: '市场监管领域行政处罚决定信息', resourceClass: 'base', item: '04', category: '003', cycle: 'weekly', items: [s('处罚决定书文号', 50), s('当事人名称', 200), s('违法事实', 1000), d('处罚日期')] },
    ],
  },
  {
    key: 'civil-affairs',
    stem: '民政',
    suffix: ['厅', '局', '局'],
    laws: ['《婚姻登记条例》', '《社会救助暂行办法》'],
    resources: [
      { name: '婚姻登记信息', summary: '结婚、离婚登记信息', resourceClass: 'department', item: '03', category: '001', cycle: 'daily', items: [s('男方姓名', 50), s('男方公民身份号码', 18, true), s('女方姓名', 50), s('女方公民身份号码', 18, true), d('登记日期')] },
      { name: '最低生活保障对象信息', summary: '城乡低保对象认定与保障金发放信息', resourceClass: 'theme', item: '02', category: '003', cycle: 'monthly', items: [s('户主姓名', 50), s('公民身份号码', 18, true), { name: '保障人数', type: 'integer', length: 4 }, n('月保障金额（元）')] },
      { name: '社会组织登记信息', summary: '社会团体、民办非企业单位、基金会登记信息', resourceClass: 'base', item: '02', category: '004', cycle: 'weekly', items: [s('统一社会信用代码', 18), s('组织名称', 200), s('业务主管单位', 200), d('成立登记日期')] },
    ],
  },
  {
    key: 'human-resources',
    stem: '人力资源和社会保障',
    suffix: ['厅', '局', '局'],
    laws: ['《中华人民共和国社会保险法》', '《中华人民共和国就业促进法》'],
    resources: [
      { name: '社会保险参保信息', summary: '职工和城乡居民基本养老、医疗等社会保险参保信息', resourceClass: 'theme', item: '02', category: '001', cycle: 'monthly', items: [s('姓名', 50), s('公民身份号码', 18, true), s('参保险种', 50), s('参保状态', 10), d('参保日期')] },
      { name: '就业登记信息', summary: '劳动者就业与失业登记信息', resourceClass: 'theme', item: '02', category: '002', cycle: 'monthly', items: [s('姓名', 50), s('公民身份号码', 18, true), s('就业单位', 200), d('登记日期')] },
    ],
  },
  {
    key: 'natural-resources',
    stem: '自然资源',
    suffix: ['厅', '局', '局'],
    laws: ['《不动产登记暂行条例》', '《中华人民共和国土地管理法》'],
    resources: [
      { name: '不动产登记信息', summary: '土地、房屋等不动产权利登记信息', resourceClass: 'base', item: '03', category: '001', cycle: 'daily', items: [s('不动产单元号', 28), s('权利人', 200, true), s('坐落', 200), n('面积（平方米）'), d('登记日期')] },
      { name: '国土空间规划信息', summary: '国土空间总体规划与详细规划成果', resourceClass: 'base', item: '03', category: '002', cycle: 'yearly', items: [s('规划名称', 200), s('规划层级', 20), d('批复日期'), s('批复文号', 50)] },
    ],
  },
  {
    key: 'ecology',
    stem: '生态环境',
    suffix: ['厅', '局', '局'],
    laws: ['《排污许可管理条例》', '《中华人民共和国环境保护法》'],
    resources: [
      { name: '排污许可信息', summary: '排污单位许可证核发信息', resourceClass: 'theme', item: '06', category: '001', cycle: 'weekly', items: [s('许可证编号', 30), s('单位名称', 200), s('行业类别', 100), d('有效期至')] },
      { name: '环境空气质量监测数据', summary: '国控、省控点位空气质量小时监测数据', resourceClass: 'theme', item: '06', category: '002', cycle: 'real-time', items: [s('监测点位', 100), { name: '监测时间', type: 'datetime', length: null }, n('PM2.5浓度'), n('空气质量指数')] },
    ],
  },
  {
    key: 'health',
    stem: '卫生健康',
    suffix: ['委员会', '委员会', '局'],
    laws: ['《中华人民共和国母婴保健法》', '《医疗机构管理条例》'],
    resources: [
      { name: '出生医学证明信息', summary: '新生儿出生医学证明签发信息', resourceClass: 'base', item: '01', category: '004', cycle: 'daily', items: [s('新生儿姓名', 50), d('出生日期'), s('母亲姓名', 50), s('母亲公民身份号码', 18, true), s('证明编号', 20)] },
      { name: '医疗机构执业许可信息', summary: '医疗机构执业登记与校验信息', resourceClass: 'theme', item: '05', category: '001', cycle: 'monthly', items: [s('机构名称', 200), s('执业许可证号', 30), s('诊疗科目', 500), d('有效期至')] },
    ],
  },
  {
    key: 'transport',
    stem: '交通运输',
    suffix: ['厅', '局', '局'],
    laws: ['《中华人民共和国道路运输条例》'],
    resources: [
      { name: '道路运输经营许可信息', summary: '道路旅客、货物运输经营许可信息', resourceClass: 'department', item: '07', category: '001', cycle: 'weekly', items: [s('经营许可证号', 30), s('业户名称', 200), s('经营范围', 500), d('有效期至')] },
    ],
  },
  {
    key: 'education',
    stem: '教育',
    suffix: ['厅', '局', '局'],
    laws: ['《中华人民共和国教育法》'],
    resources: [
      { name: '中小学学籍信息', summary: '中小学生学籍注册与变动信息', resourceClass: 'department', item: '08', category: '001', cycle: 'monthly', items: [s('学生姓名', 50), s('全国学籍号', 19, true), s('就读学校', 200), s('年级', 20)] },
    ],
  },
  {
    key: 'emergency',
    stem: '应急管理',
    suffix: ['厅', '局', '局'],
    laws: ['《中华人民共和国安全生产法》'],
    resources: [
      { name: '安全生产许可信息', summary: '危险化学品、非煤矿山等安全生产许可信息', resourceClass: 'theme', item: '07', category: '001', cycle: 'monthly', items: [s('许可证编号', 30), s('企业名称', 200), s('许可范围', 500), d('有效期至')] },
    ],
  },
  {
    key: 'medical-security',
    stem: '医疗保障',
    suffix: ['局', '局', '局'],
    laws: ['《医疗保障基金使用监督管理条例》'],
    resources: [
      { name: '医疗保障参保缴费信息', summary: '基本医疗保险参保与缴费信息', resourceClass: 'theme', item: '05', category: '003', cycle: 'monthly', items: [s('姓名', 50), s('公民身份号码', 18, true), s('险种类型', 20), n('缴费金额（元）'), d('缴费日期')] },
    ],
  },
  {
    key: 'statistics',
    stem: '统计',
    suffix: ['局', '局', '局'],
    laws: ['《中华人民共和国统计法》'],
    resources: [
      { name: '国民经济主要指标', summary: '地区生产总值、固定资产投资等主要经济指标', resourceClass: 'department', item: '09', category: '001', cycle: 'quarterly', items: [s('指标名称', 100), s('统计期', 20), n('指标值'), s('计量单位', 20)] },
    ],
  },
];

/** The national ministry or administration of each kind (national-level entries). */
export const NATIONAL_MINISTRIES: Record<string, string> = {
  'public-security': '公安部',
  'market-regulation': '国家市场监督管理总局',
  'civil-affairs': '民政部',
  'human-resources': '人力资源和社会保障部',
  'natural-resources': '自然资源部',
  ecology: '生态环境部',
  health: '国家卫生健康委员会',
  transport: '交通运输部',
  education: '教育部',
  emergency: '应急管理部',
  'medical-security': '国家医疗保障局',
  statistics: '国家统计局',
};
