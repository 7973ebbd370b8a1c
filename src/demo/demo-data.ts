import { usccCheckCharacter } from '../tenants/domain/uscc.rules.js';
import type { Role } from '../accounts/domain/roles.js';

/** A valid demo code: Shanghai Pudong enterprise prefix, a made-up organisation code, the right check character. */
export function demoUscc(index: number): string {
  const body = `91310115MA1G${String(index).padStart(4, '0')}X`;
  return body + usccCheckCharacter(body);
}

/** GB/T 4754-2017 divisions: electronics (39), medicines (27), chemical materials (26), special machinery (35), warehousing (59), software (65). */
const INDUSTRIES = ['39', '27', '26', '35', '59', '65'];
/** The buildings the demo park keeps; the seed adds them before the tenants. */
export const DEMO_BUILDINGS = ['A1', 'A2', 'B1', 'B2', 'C1'];
const BUILDINGS = DEMO_BUILDINGS;
const NAMES = [
  '上海星辰微电子有限公司', '浦江生物科技股份有限公司', '华宇新材料科技有限公司', '东方智造装备有限公司', '申通达供应链管理有限公司',
  '云启软件技术有限公司', '芯联半导体有限公司', '康源医药研发有限公司', '晶石新能源材料有限公司', '精工机器人系统有限公司',
  '顺畅物流服务有限公司', '数智信息科技有限公司', '光谷光电技术有限公司', '安泰医疗器械有限公司', '蓝海复合材料有限公司',
  '海川精密制造有限公司', '速运冷链物流有限公司', '凌云数据服务有限公司', '博远电子科技有限公司', '益生基因技术有限公司',
  '恒力高分子材料有限公司', '启明智能装备有限公司', '环宇国际货运代理有限公司', '青鸟网络科技有限公司', '锐芯传感技术有限公司',
  '仁和生物制药有限公司', '金石纳米材料有限公司', '卓越自动化工程有限公司', '畅联仓储服务有限公司', '天衡软件开发有限公司',
];
const REPRESENTATIVES = ['张伟', '王芳', '李娜', '刘洋', '陈静', '杨磊', '赵敏', '黄强', '周杰', '吴婷'];

export interface DemoTenant {
  uscc: string;
  name: string;
  legalRepresentative: string;
  industry: string;
  building: string;
  unit: string;
  movedInAt: string;
}

export const DEMO_TENANTS: DemoTenant[] = NAMES.map((name, i) => ({
  uscc: demoUscc(i + 1),
  name,
  legalRepresentative: REPRESENTATIVES[i % REPRESENTATIVES.length],
  industry: INDUSTRIES[i % INDUSTRIES.length],
  building: BUILDINGS[i % BUILDINGS.length],
  unit: `${(i % 6) + 1}${String((i % 9) + 1).padStart(2, '0')}`,
  // Spread move-in dates over three years; the last few moved in recently (less than 90 days).
  movedInAt: i >= 27 ? `2026-${String(9 + (i - 27)).padStart(2, '0')}-15` : `${2022 + (i % 4)}-${String((i % 12) + 1).padStart(2, '0')}-01`,
}));

export interface DemoAccount {
  email: string;
  name: string;
  role: Role;
  password: string;
  /** Index into DEMO_TENANTS for the officer. */
  tenant?: number;
  /** Department code for the regulator. */
  department?: string;
}

/** The README lists these; change both together. */
export const DEMO_ACCOUNTS: DemoAccount[] = [
  { email: 'admin@demo.parktrust.cn', name: '系统管理员', role: 'admin', password: 'Admin#2026park' },
  { email: 'staff@demo.parktrust.cn', name: '园区管理员 孙丽', role: 'park_staff', password: 'Staff#2026park' },
  { email: 'officer@demo.parktrust.cn', name: '合规专员 钱坤', role: 'tenant_officer', password: 'Officer#2026park', tenant: 0 },
  { email: 'evaluator@demo.parktrust.cn', name: '评价师 郑洁', role: 'evaluator', password: 'Evaluator#2026park' },
  { email: 'regulator@demo.parktrust.cn', name: '市场监管 冯刚', role: 'regulator', password: 'Regulator#2026park', department: 'market' },
];
