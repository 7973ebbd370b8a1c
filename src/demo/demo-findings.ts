import type { AbnormalCause, FindingSeverity, FindingType, PenaltyKind } from '../findings/domain/finding-kinds.js';

export interface DemoFinding {
  /** Index into DEMO_TENANTS. */
  tenant: number;
  type: FindingType;
  severity: FindingSeverity;
  penaltyKind?: PenaltyKind;
  title: string;
  legalBasis: string;
  /** Unique per department: seeding twice records nothing new. */
  decisionNo: string;
  /** Days before the seed's day. */
  daysAgo: number;
  description: string;
  /** Days from the decision to the rectification deadline. */
  rectifyInDays?: number;
  substantiated?: boolean;
  abnormalCause?: AbnormalCause;
  /** The demo officer submits this statement with a small text file as evidence, so the regulator has one to verify. */
  evidence?: string;
}

/**
 * The market regulator's findings in the demo park, one of each type: the officer's own tenant has an
 * inspection result to rectify within the fortnight and a fire-safety finding whose evidence awaits
 * the regulator's verification; another tenant a fine whose rectification is overdue, an
 * abnormal-operations listing, a substantiated complaint and an unpublished warning; the officer's tenant a fine
 * of four months ago it may now apply to repair, and a seventh tenant a revoked licence (the black list's case).
 */
export const DEMO_FINDINGS: DemoFinding[] = [
  {
    tenant: 0, type: 'inspection', severity: 'minor', title: '双随机抽查：产品标识不规范', legalBasis: '《中华人民共和国产品质量法》第二十七条',
    decisionNo: '沪市监检〔2026〕演示1号', daysAgo: 5, rectifyInDays: 19, description: '抽查发现部分产品未标注生产日期，责令限期整改。',
  },
  {
    tenant: 1, type: 'penalty', severity: 'general', penaltyKind: 'fine', title: '未按规定公示企业信息', legalBasis: '《企业信息公示暂行条例》第十条、第十八条',
    decisionNo: '沪市监罚〔2026〕演示2号', daysAgo: 40, rectifyInDays: 30, description: '当事人未按规定公示行政许可信息，处罚款人民币五千元，并责令改正。',
  },
  {
    tenant: 2, type: 'abnormal_operations', severity: 'general', title: '列入经营异常名录', legalBasis: '《市场主体登记管理条例》第三十五条',
    decisionNo: '沪市监异〔2026〕演示3号', daysAgo: 60, abnormalCause: 'missing_annual_report', description: '未按规定报送上一年度年度报告。',
  },
  {
    tenant: 3, type: 'complaint', severity: 'minor', title: '消费者投诉：售后服务未按约定履行', legalBasis: '《中华人民共和国消费者权益保护法》第二十四条',
    decisionNo: '沪市监诉〔2026〕演示4号', daysAgo: 20, substantiated: true, description: '经调查，投诉事项属实，已督促企业履行售后义务。',
  },
  {
    tenant: 4, type: 'other', severity: 'minor', penaltyKind: 'warning', title: '广告用语不规范（警告）', legalBasis: '《中华人民共和国广告法》第九条',
    decisionNo: '沪市监罚〔2026〕演示5号', daysAgo: 90, description: '宣传材料使用绝对化用语，予以警告。',
  },
  {
    tenant: 0, type: 'inspection', severity: 'general', title: '安全检查：仓库消防通道堆放杂物', legalBasis: '《中华人民共和国消防法》第二十八条',
    decisionNo: '沪市监检〔2026〕演示6号', daysAgo: 12, rectifyInDays: 15, description: '检查发现仓库消防通道堆放货物，责令清理并建立巡查制度。',
    evidence: '已清理消防通道内全部货物，并建立每日巡查记录制度，附整改后照片说明。',
  },
  {
    tenant: 0, type: 'penalty', severity: 'general', penaltyKind: 'fine', title: '未按规定标注产品能效标识', legalBasis: '《能源效率标识管理办法》第二十三条',
    decisionNo: '沪市监罚〔2026〕演示7号', daysAgo: 125, description: '部分出厂产品未按规定加施能效标识，处罚款人民币八千元，当场责令改正并已改正。',
  },
  {
    tenant: 6, type: 'penalty', severity: 'serious', penaltyKind: 'revocation', title: '生产不符合强制性国家标准的产品，情节严重', legalBasis: '《工业产品生产许可证管理条例》第四十五条、第五十一条',
    decisionNo: '沪市监罚〔2026〕演示8号', daysAgo: 200, description: '当事人生产的产品经抽检不符合强制性国家标准且拒不整改，依法吊销其《工业产品生产许可证》。',
  },
];

/** Tenants (indexes into DEMO_TENANTS) whose report on last year is on file, and how many days after 1 May it was filed. */
export const DEMO_ANNUAL_REPORTS: { tenant: number; filedDaysAfterMay1: number }[] = [
  { tenant: 0, filedDaysAfterMay1: 10 }, { tenant: 1, filedDaysAfterMay1: 40 }, { tenant: 3, filedDaysAfterMay1: 75 }, { tenant: 5, filedDaysAfterMay1: 1 },
];
