import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { isManager } from '../../accounts/domain/access-policy.js';
import type { Principal } from '../../common/principal.js';
import { toDate } from '../../database/raw-sql.js';
import { HomeSection } from '../../home/home-sections.js';
import { TenantsQueries } from '../../tenants/tenants.queries.js';
import { CreditMeasureEntity } from '../entities/credit-measure.entity.js';
import { MeasureClaimEntity } from '../entities/measure-claim.entity.js';

/** Oldest claims shown; the count links to the whole queue. */
const SHOWN = 5;

/**
 * Park staff's 信易+ claims on the home page: how many await a decision (the oldest of them) and how many
 * approved ones await delivery. Nothing for other roles. Two counts and one short page (IDX_measure_claims_status).
 */
@Injectable()
export class IncentivesHomeSection {
  constructor(@InjectDataSource() private readonly dataSource: DataSource, private readonly tenants: TenantsQueries) {}

  @HomeSection({ partial: 'home-benefits', order: 47 })
  async section(principal: Principal): Promise<Record<string, unknown> | null> {
    if (!isManager(principal)) return null;
    const repo = this.dataSource.getRepository(MeasureClaimEntity);
    const [count, toDeliver, rows] = await Promise.all([
      repo.countBy({ status: 'claimed' }),
      repo.countBy({ status: 'approved' }),
      this.tenants.join(repo.createQueryBuilder('c').select([]).innerJoin(CreditMeasureEntity, 'm', 'm.id = c.measureId'), 'c.tenantId', 't')
        .addSelect('c.id', 'id').addSelect('c.tenantId', 'tenantId').addSelect('c.claimedAt', 'claimedAt')
        .addSelect('m.titleZh', 'titleZh').addSelect('m.titleEn', 'titleEn')
        .where("c.status = 'claimed'")
        .orderBy('c.claimedAt', 'ASC').addOrderBy('c.id', 'ASC').limit(SHOWN)
        .getRawMany<Record<string, unknown>>(),
    ]);
    return {
      count, toDeliver, more: count > rows.length,
      items: rows.map((r) => ({
        id: Number(r.id), tenantId: Number(r.tenantId), tenantName: this.tenants.fromRow(r, Number(r.tenantId), 't').name,
        titleZh: String(r.titleZh), titleEn: String(r.titleEn), claimedAt: toDate(r.claimedAt),
      })),
    };
  }
}
