import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type SelectQueryBuilder } from 'typeorm';
import { isManager, isRegulator } from '../../accounts/domain/access-policy.js';
import type { Principal } from '../../common/principal.js';
import { dateText } from '../../database/raw-sql.js';
import { HomeSection } from '../../home/home-sections.js';
import { I18nService } from '../../i18n/i18n.service.js';
import { TenantsQueries } from '../../tenants/tenants.queries.js';
import { FindingsService } from '../core/findings.service.js';
import { FindingEntity } from '../entities/finding.entity.js';

/** Rows shown per queue; the count links to the whole filtered register. */
const SHOWN = 10;

type Queue = 'awaiting' | 'overdue' | 'listings';

/**
 * The findings work queue on the home page: for a regulator, their department's rectifications
 * awaiting verification, overdue rectifications and abnormal-operations listings still open; for park
 * staff the same over the departments that delegated verification to the park. Nothing for others,
 * or when there is no department to work for. Per queue one count and one page of rows.
 */
@Injectable()
export class FindingsHomeSection {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly findings: FindingsService,
    private readonly tenants: TenantsQueries,
    private readonly i18n: I18nService,
  ) {}

  @HomeSection({ partial: 'home-findings', order: 20 })
  async section(principal: Principal): Promise<Record<string, unknown> | null> {
    let departmentIds: number[];
    if (isRegulator(principal)) departmentIds = principal.departmentId != null ? [principal.departmentId] : [];
    else if (isManager(principal)) departmentIds = [...(await this.findings.departmentsById()).values()].filter((d) => d.delegatesVerification).map((d) => d.id);
    else return null;
    if (!departmentIds.length) return null;
    const today = this.i18n.today();
    const queues = await Promise.all((['awaiting', 'overdue', 'listings'] as Queue[]).map((q) => this.queue(q, departmentIds, today)));
    const link = (q: Queue) => {
      const dept = departmentIds.length === 1 ? `&departmentId=${departmentIds[0]}` : '';
      return q === 'listings' ? `/findings?type=abnormal_operations${dept}` : `/findings?status=${q === 'awaiting' ? 'submitted' : 'overdue'}${dept}`;
    };
    return {
      delegated: !isRegulator(principal),
      queues: queues.map((qu, i) => ({ key: (['awaiting', 'overdue', 'listings'] as Queue[])[i], ...qu, link: link((['awaiting', 'overdue', 'listings'] as Queue[])[i]) })),
    };
  }

  private where(qb: SelectQueryBuilder<FindingEntity>, queue: Queue, departmentIds: number[], today: string): SelectQueryBuilder<FindingEntity> {
    qb.where('f.departmentId IN (:...departmentIds)', { departmentIds });
    if (queue === 'awaiting') return qb.andWhere("f.rectificationStatus = 'submitted'");
    if (queue === 'overdue') return qb.andWhere("f.rectificationStatus = 'open'").andWhere('f.rectifyBy < :today', { today });
    return qb.andWhere("f.type = 'abnormal_operations'").andWhere('f.endedOn IS NULL').andWhere('f.repairedOn IS NULL');
  }

  private async queue(queue: Queue, departmentIds: number[], today: string) {
    const repo = this.dataSource.getRepository(FindingEntity);
    const order = queue === 'listings' ? 'f.decisionDate' : 'f.rectifyBy';
    const [count, rows] = await Promise.all([
      this.where(repo.createQueryBuilder('f'), queue, departmentIds, today).getCount(),
      this.where(this.tenants.join(repo.createQueryBuilder('f'), 'f.tenantId', 't'), queue, departmentIds, today)
        .addSelect('f.id', 'id').addSelect('f.tenantId', 'tenantId').addSelect('f.title', 'title').addSelect('f.decisionNo', 'decisionNo')
        .addSelect('f.rectifyBy', 'rectifyBy').addSelect('f.decisionDate', 'decisionDate')
        .orderBy(order, 'ASC').addOrderBy('f.id', 'ASC').limit(SHOWN).getRawMany<Record<string, unknown>>(),
    ]);
    return {
      count,
      more: count > rows.length,
      items: rows.map((r) => ({
        id: Number(r.id), tenantId: Number(r.tenantId), tenantName: this.tenants.fromRow(r, Number(r.tenantId), 't').name, title: String(r.title),
        decisionNo: String(r.decisionNo), rectifyBy: r.rectifyBy ? dateText(r.rectifyBy) : null, decisionDate: dateText(r.decisionDate),
      })),
    };
  }
}
