import type { QueryRunner } from 'typeorm';
import { insertRows, seedNow } from './seed-rows.js';

/** The ListsCore migration's default 信易+ catalogue: incentives for trustworthy tenants, restrictions for black-listed ones. */
export async function seedCreditMeasures(queryRunner: QueryRunner): Promise<void> {
  const now = seedNow();
  await insertRows(queryRunner, 'credit_measures', [
    { code: 'fast_track_approval', kind: 'incentive', category: 'fast_track', titleZh: '行政审批绿色通道', titleEn: 'Fast-track approval',
      descriptionZh: '容缺受理、优先办理。', descriptionEn: 'Accepted with minor gaps and handled first.', purposes: 'administrative_approval,park_services', claimable: false,
      eligibility: JSON.stringify({ lists: ['red'] }), validFrom: '2026-01-01', validTo: null, active: true, updatedById: null, updatedAt: now },
    { code: 'no_subsidy', kind: 'restriction', category: 'subsidy', titleZh: '限制申请财政补贴', titleEn: 'No subsidies',
      descriptionZh: '列入严重失信主体名单期间不予安排财政补贴与资金扶持。', descriptionEn: 'No subsidies or funding while black-listed.', purposes: 'subsidy,government_procurement', claimable: false,
      eligibility: JSON.stringify({ lists: ['black'] }), validFrom: '2026-01-01', validTo: null, active: true, updatedById: null, updatedAt: now },
  ]);
}
