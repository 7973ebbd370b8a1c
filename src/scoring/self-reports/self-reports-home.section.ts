import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { isManager } from '../../accounts/domain/access-policy.js';
import type { Principal } from '../../common/principal.js';
import { dateText, toDate } from '../../database/raw-sql.js';
import { HomeSection } from '../../home/home-sections.js';
import { TenantsQueries } from '../../tenants/tenants.queries.js';
import { SelfReportEntity } from '../entities/self-report.entity.js';

/** Oldest pending claims shown; the count links to the whole queue. */
const SHOWN = 5;

/**
 * Park staff's self-reports to decide on the home page: how many are pending and the oldest of them.
 * Nothing for other roles. One count and one short page (IDX_self_reports_status).
 */
@Injectable()
export class SelfReportsHomeSection {
  constructor(@InjectDataSource() private readonly dataSource: DataSource, private readonly tenants: TenantsQueries) {}

  @HomeSection({ partial: 'home-self-reports', order: 45 })
  async section(principal: Principal): Promise<Record<string, unknown> | null> {
    if (!isManager(principal)) return null;
    const repo = this.dataSource.getRepository(SelfReportEntity);
    const [count, rows] = await Promise.all([
      repo.countBy({ status: 'pending' }),
      this.tenants.join(repo.createQueryBuilder('s').select([]), 's.tenantId', 't')
        .addSelect('s.id', 'id').addSelect('s.tenantId', 'tenantId').addSelect('s.kind', 'kind').addSelect('s.title', 'title')
        .addSelect('s.occurredOn', 'occurredOn').addSelect('s.submittedAt', 'submittedAt')
        .where("s.status = 'pending'")
        .orderBy('s.submittedAt', 'ASC').addOrderBy('s.id', 'ASC').limit(SHOWN)
        .getRawMany<Record<string, unknown>>(),
    ]);
    return {
      count,
      more: count > rows.length,
      items: rows.map((r) => ({
        id: Number(r.id), tenantId: Number(r.tenantId), tenantName: this.tenants.fromRow(r, Number(r.tenantId), 't').name, kind: String(r.kind),
        title: String(r.title), occurredOn: dateText(r.occurredOn), submittedAt: toDate(r.submittedAt),
      })),
    };
  }
}
