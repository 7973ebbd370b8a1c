import type { QueryRunner } from 'typeorm';
import { insertRows, seedNow } from './seed-rows.js';

type Seed = {
  code: string; kind: 'incentive' | 'restriction'; category: string; titleZh: string; titleEn: string; descriptionZh: string; descriptionEn: string;
  purposes: string; claimable: boolean; eligibility: Record<string, unknown>;
};

/**
 * The default 信易+ catalogue: incentives for trustworthy tenants (the claimable ones tenants ask for in
 * the park; the others are what joint checks return for their purposes) and restrictions for
 * black-listed ones, which park staff apply and joint checks return. Admins edit it at /benefits/admin.
 */
const MEASURES: Seed[] = [
  // Incentives.
  { code: 'fast_track_approval', kind: 'incentive', category: 'fast_track', titleZh: '行政审批绿色通道', titleEn: 'Fast-track approval',
    descriptionZh: '容缺受理、优先办理。', descriptionEn: 'Accepted with minor gaps and handled first.', purposes: 'administrative_approval,park_services', claimable: false,
    eligibility: { lists: ['red'] } },
  { code: 'rent_discount', kind: 'incentive', category: 'rent_discount', titleZh: '园区租金优惠', titleEn: 'Rent discount',
    descriptionZh: '续签或新签园区物业租赁合同时，租金给予 5% 优惠（每年度一次）。', descriptionEn: 'A 5% discount on the park lease when it is renewed or signed (once a year).',
    purposes: 'park_services', claimable: true, eligibility: { minGrade: 'A', noOpenFinding: true } },
  { code: 'service_fee_discount', kind: 'incentive', category: 'fee_discount', titleZh: '物业服务费减免', titleEn: 'Service-fee discount',
    descriptionZh: '当年度物业服务费减免 10%。', descriptionEn: 'A 10% reduction of this year\'s property service fee.',
    purposes: 'park_services', claimable: true, eligibility: { lists: ['red'], noOpenFinding: true } },
  { code: 'fast_track_services', kind: 'incentive', category: 'fast_track', titleZh: '园区服务快速通道', titleEn: 'Fast-track park services',
    descriptionZh: '装修备案、门禁、用能报装等园区服务优先受理，3 个工作日内办结。', descriptionEn: 'Fit-out filings, access cards and utility connections handled first, within 3 working days.',
    purposes: 'park_services', claimable: true, eligibility: { minGrade: 'B', noOpenFinding: true } },
  { code: 'venue_priority', kind: 'incentive', category: 'venue_priority', titleZh: '场地与活动优先', titleEn: 'Priority for venues and events',
    descriptionZh: '园区会议室、展厅预约及招商推介、展会活动报名优先安排。', descriptionEn: 'Priority when booking park meeting rooms and halls and when signing up for promotion events and fairs.',
    purposes: 'park_services', claimable: true, eligibility: { minGrade: 'B' } },
  { code: 'bank_recommendation', kind: 'incentive', category: 'bank_recommendation', titleZh: '信易贷推荐函', titleEn: 'Recommendation letter for credit loans (信易贷)',
    descriptionZh: '园区向合作银行出具信用推荐函，支持申请信用贷款、享受利率优惠。', descriptionEn: 'The park writes a recommendation letter to a partner bank in support of a credit loan at a preferential rate.',
    purposes: 'financing', claimable: true, eligibility: { minGrade: 'A', noOpenFinding: true } },
  { code: 'lighter_documents', kind: 'incentive', category: 'lighter_documents', titleZh: '容缺办理与材料精简', titleEn: 'Lighter document requirements',
    descriptionZh: '办理园区事项时可以信用承诺替代部分证明材料，事后补交。', descriptionEn: 'A credit commitment replaces some supporting documents for park matters; they may be handed in later.',
    purposes: 'administrative_approval,park_services', claimable: true, eligibility: { lists: ['red'] } },
  { code: 'fewer_inspections', kind: 'incentive', category: 'inspection', titleZh: '无事不扰', titleEn: 'Left in peace',
    descriptionZh: '降低“双随机、一公开”抽查比例和频次。', descriptionEn: 'Sampled less often in risk-based random inspections.',
    purposes: 'administrative_approval', claimable: false, eligibility: { minGrade: 'A', noOpenFinding: true } },
  // Restrictions for black-listed tenants.
  { code: 'no_subsidy', kind: 'restriction', category: 'subsidy', titleZh: '限制申请财政补贴', titleEn: 'No subsidies',
    descriptionZh: '列入严重失信主体名单期间不予安排财政补贴与资金扶持。', descriptionEn: 'No subsidies or funding while black-listed.', purposes: 'subsidy,government_procurement', claimable: false,
    eligibility: { lists: ['black'] } },
  { code: 'no_honours', kind: 'restriction', category: 'honours', titleZh: '不得参与评优评先', titleEn: 'No honours or awards',
    descriptionZh: '列入严重失信主体名单期间不得参加园区及政府部门组织的评优评先。', descriptionEn: 'Not eligible for park or government honours and awards while black-listed.',
    purposes: 'honours', claimable: false, eligibility: { lists: ['black'] } },
  { code: 'stricter_review', kind: 'restriction', category: 'review', titleZh: '从严审核', titleEn: 'Stricter review',
    descriptionZh: '办理行政审批和园区事项时从严审核，不适用告知承诺和容缺受理。', descriptionEn: 'Applications are reviewed strictly; no commitment-based or gap-tolerant acceptance.',
    purposes: 'administrative_approval,park_services', claimable: false, eligibility: { lists: ['black'] } },
  { code: 'no_fast_track', kind: 'restriction', category: 'fast_track', titleZh: '暂停快速通道与优惠', titleEn: 'No fast track or discounts',
    descriptionZh: '暂停园区服务快速通道、租金及物业费优惠。', descriptionEn: 'No fast-track park services, rent or service-fee discounts.',
    purposes: 'park_services', claimable: false, eligibility: { lists: ['black'] } },
  { code: 'no_procurement', kind: 'restriction', category: 'procurement', titleZh: '限制参与政府采购', titleEn: 'No government procurement',
    descriptionZh: '依法限制参与政府采购、招标投标活动。', descriptionEn: 'Barred by law from government procurement and tenders.',
    purposes: 'government_procurement', claimable: false, eligibility: { lists: ['black'] } },
  { code: 'financing_caution', kind: 'restriction', category: 'financing', titleZh: '融资信贷审慎', titleEn: 'Cautious lending',
    descriptionZh: '提示合作金融机构审慎授信。', descriptionEn: 'Partner lenders are advised to lend with caution.',
    purposes: 'financing', claimable: false, eligibility: { lists: ['black'] } },
];

/** The ListsCore migration's default 信易+ catalogue: incentives for trustworthy tenants, restrictions for black-listed ones. */
export async function seedCreditMeasures(queryRunner: QueryRunner): Promise<void> {
  const now = seedNow();
  await insertRows(queryRunner, 'credit_measures', MEASURES.map((m) => ({
    code: m.code, kind: m.kind, category: m.category, titleZh: m.titleZh, titleEn: m.titleEn, descriptionZh: m.descriptionZh, descriptionEn: m.descriptionEn,
    purposes: m.purposes, claimable: m.claimable, eligibility: JSON.stringify(m.eligibility), validFrom: '2026-01-01', validTo: null, active: true,
    updatedById: null, updatedAt: now,
  })));
}
