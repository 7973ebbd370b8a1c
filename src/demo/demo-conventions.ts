import type { ClauseInput } from '../conventions/domain/authoring.rules.js';
import type { ConventionKind } from '../conventions/domain/convention.rules.js';

export interface DemoConvention {
  kind: ConventionKind;
  title: string;
  titleEn: string;
  signingPeriodDays: number;
  clauses: ClauseInput[];
}

const clause = (number: string, category: ClauseInput['category'], textZh: string, textEn: string): ClauseInput =>
  ({ number, category, customCategory: null, textZh, textEn });

/** The demo park's management convention and credit commitment letter, published at first start. */
export const DEMO_CONVENTIONS: DemoConvention[] = [
  {
    kind: 'management',
    title: '园区企业管理公约（2026 年版）',
    titleEn: 'Park Tenant Management Convention (2026)',
    signingPeriodDays: 30,
    clauses: [
      clause('1', 'law', '遵守国家法律法规和园区管理规定，依法经营、依法纳税。', 'Obey the law and the park rules; operate and pay taxes lawfully.'),
      clause('2', 'law', '落实安全生产和消防主体责任，按时完成隐患整改。', 'Take responsibility for work safety and fire safety; rectify hazards on time.'),
      clause('3', 'integrity', '诚实守信，按时足额缴纳租金和物业服务费。', 'Act in good faith; pay rent and service fees in full and on time.'),
      clause('4', 'integrity', '如实报送企业信息，不提供虚假材料。', 'Report company information truthfully; never submit false documents.'),
      clause('5', 'self_governance', '积极参加园区组织的培训和法治讲座。', 'Take part in the trainings and law lectures the park organises.'),
      clause('6', 'self_governance', '爱护公共设施，维护园区环境和秩序。', 'Look after shared facilities and keep the park clean and orderly.'),
    ],
  },
  {
    kind: 'commitment',
    title: '入驻企业信用承诺书',
    titleEn: 'Tenant Credit Commitment Letter',
    signingPeriodDays: 30,
    clauses: [
      clause('1', 'integrity', '本企业承诺所提交的全部信息真实、准确、完整。', 'All information we submit is true, accurate and complete.'),
      clause('2', 'integrity', '本企业承诺依法履行合同义务，不拖欠款项。', 'We perform our contracts lawfully and pay what we owe.'),
      clause('3', 'law', '如违反承诺，自愿接受园区和有关部门依法依规作出的处理，并同意将违诺情况记入信用档案。', 'If we break this commitment, we accept lawful measures and the record of it in our credit file.'),
    ],
  },
];
