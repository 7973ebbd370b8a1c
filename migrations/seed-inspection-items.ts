import type { QueryRunner } from 'typeorm';
import { insertRows } from './seed-rows.js';

interface Item {
  code: string;
  /** The seeded department's code (SeedReferenceData). */
  department: 'market' | 'tax' | 'ecology' | 'emergency' | 'hrss';
  nameZh: string;
  nameEn: string;
  legalBasis: string;
  kind: 'general' | 'key';
}

/**
 * The inspection-item list (事项清单) ParkTrust ships: the usual random-inspection items of the
 * seeded departments, after the departments' published lists (市场监管总局随机抽查事项清单 and the
 * like), each with its legal basis. Staff and regulators keep it at /sampling/items.
 */
export const INSPECTION_ITEMS: readonly Item[] = [
  { code: 'MKT-001', department: 'market', kind: 'key', nameZh: '营业执照及登记事项检查', nameEn: 'Business licence and registered particulars',
    legalBasis: '《中华人民共和国市场主体登记管理条例》第三十五条、第三十六条、第三十八条' },
  { code: 'MKT-002', department: 'market', kind: 'key', nameZh: '年度报告公示信息检查', nameEn: 'Annual report disclosure',
    legalBasis: '《企业信息公示暂行条例》第八条、第十四条' },
  { code: 'MKT-003', department: 'market', kind: 'general', nameZh: '即时公示信息检查', nameEn: 'Ad-hoc information disclosure',
    legalBasis: '《企业信息公示暂行条例》第十条、第十四条' },
  { code: 'MKT-004', department: 'market', kind: 'key', nameZh: '产品质量监督检查', nameEn: 'Product quality',
    legalBasis: '《中华人民共和国产品质量法》第十五条、第十八条' },
  { code: 'MKT-005', department: 'market', kind: 'general', nameZh: '广告发布行为检查', nameEn: 'Advertising',
    legalBasis: '《中华人民共和国广告法》第四十九条' },
  { code: 'MKT-006', department: 'market', kind: 'general', nameZh: '价格行为检查', nameEn: 'Pricing conduct',
    legalBasis: '《中华人民共和国价格法》第三十三条、第三十四条' },
  { code: 'MKT-007', department: 'market', kind: 'key', nameZh: '特种设备安全检查', nameEn: 'Special equipment safety',
    legalBasis: '《中华人民共和国特种设备安全法》第五十七条、第六十一条' },
  { code: 'ENV-001', department: 'ecology', kind: 'key', nameZh: '排污许可证执行情况检查', nameEn: 'Compliance with the pollutant discharge permit',
    legalBasis: '《排污许可管理条例》第二十九条' },
  { code: 'ENV-002', department: 'ecology', kind: 'key', nameZh: '危险废物规范化环境管理检查', nameEn: 'Hazardous waste management',
    legalBasis: '《中华人民共和国固体废物污染环境防治法》第七十七条至第八十一条' },
  { code: 'ENV-003', department: 'ecology', kind: 'general', nameZh: '建设项目环境保护“三同时”检查', nameEn: 'Environmental protection facilities of construction projects (three simultaneities)',
    legalBasis: '《建设项目环境保护管理条例》第十五条、第十九条' },
  { code: 'EMG-001', department: 'emergency', kind: 'key', nameZh: '安全生产责任制落实情况检查', nameEn: 'Work-safety responsibility system',
    legalBasis: '《中华人民共和国安全生产法》第四条、第二十二条' },
  { code: 'EMG-002', department: 'emergency', kind: 'general', nameZh: '安全生产教育和培训检查', nameEn: 'Work-safety education and training',
    legalBasis: '《中华人民共和国安全生产法》第二十八条' },
  { code: 'EMG-003', department: 'emergency', kind: 'key', nameZh: '单位消防安全职责落实情况检查', nameEn: 'Fire safety duties of the unit',
    legalBasis: '《中华人民共和国消防法》第十六条' },
  { code: 'TAX-001', department: 'tax', kind: 'general', nameZh: '纳税申报及税款缴纳情况检查', nameEn: 'Tax filing and payment',
    legalBasis: '《中华人民共和国税收征收管理法》第二十五条、第五十四条' },
  { code: 'TAX-002', department: 'tax', kind: 'general', nameZh: '发票使用和管理情况检查', nameEn: 'Use and management of invoices',
    legalBasis: '《中华人民共和国发票管理办法》第五章' },
  { code: 'HRS-001', department: 'hrss', kind: 'general', nameZh: '劳动合同订立情况检查', nameEn: 'Employment contracts',
    legalBasis: '《劳动保障监察条例》第十一条；《中华人民共和国劳动合同法》第十条' },
  { code: 'HRS-002', department: 'hrss', kind: 'general', nameZh: '社会保险登记和缴费情况检查', nameEn: 'Social insurance registration and contributions',
    legalBasis: '《中华人民共和国社会保险法》第五十八条、第六十条；《劳动保障监察条例》第十一条' },
];

/**
 * The SamplingCore migration's inspection items, for the departments of those codes that exist (an
 * installation whose admins renamed or removed a department gets the others).
 */
export async function seedInspectionItems(queryRunner: QueryRunner): Promise<void> {
  const departments = (await queryRunner.query('SELECT id, code FROM departments')) as { id: number | string; code: string }[];
  const ids = new Map(departments.map((d) => [d.code, Number(d.id)]));
  await insertRows(queryRunner, 'inspection_items', INSPECTION_ITEMS.filter((i) => ids.has(i.department)).map((i) => ({
    code: i.code, nameZh: i.nameZh, nameEn: i.nameEn, legalBasis: i.legalBasis, departmentId: ids.get(i.department)!, kind: i.kind, active: true,
  })));
}
