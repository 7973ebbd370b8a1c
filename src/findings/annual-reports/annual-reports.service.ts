import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { tenantFilterFor } from '../../accounts/domain/access-policy.js';
import { AuditService } from '../../audit/audit.service.js';
import { ValidationFailedError, type FieldProblems } from '../../common/errors/domain-error.js';
import { isUniqueViolation } from '../../common/filters/all-exceptions.filter.js';
import { pageWindow, type Page } from '../../common/pagination.js';
import type { Actor, Principal } from '../../common/principal.js';
import { dateText, toDate } from '../../database/raw-sql.js';
import { UnitOfWork } from '../../database/unit-of-work.js';
import { I18nService } from '../../i18n/i18n.service.js';
import { TenantsQueries } from '../../tenants/tenants.queries.js';
import { FindingsService } from '../core/findings.service.js';
import { AnnualReportEntity } from '../entities/annual-report.entity.js';
import type { AnnualReportQueryDto, RecordAnnualReportDto } from './dto/annual-report.dto.js';

export interface AnnualReportItem {
  id: number;
  tenantId: number;
  tenantName: string;
  uscc: string;
  year: number;
  filedOn: string;
  source: 'page' | 'api' | 'import';
  createdAt: Date;
}

/**
 * Annual reports (P04): recorded by a regulator or park staff, one per tenant and year (a second
 * record of the same year returns the first and writes nothing); audited. The import is the import
 * sub-feature's, through FindingsService.recordAnnualReports.
 */
@Injectable()
export class AnnualReportsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly uow: UnitOfWork,
    private readonly audit: AuditService,
    private readonly i18n: I18nService,
    private readonly findings: FindingsService,
    private readonly tenants: TenantsQueries,
  ) {}

  async record(dto: RecordAnnualReportDto, principal: Principal, actor: Actor, source: 'page' | 'api'): Promise<{ report: AnnualReportEntity; created: boolean }> {
    const problems: FieldProblems = {};
    let tenantId: number | null = null;
    if (dto.tenantId !== undefined) {
      if (await this.tenants.summary(dto.tenantId)) tenantId = dto.tenantId;
      else problems.tenantId = [{ code: 'unknownTenant' }];
    } else if (dto.uscc !== undefined) {
      tenantId = (await this.tenants.idsFor([dto.uscc], [])).byUscc.get(dto.uscc) ?? null;
      if (tenantId === null) problems.uscc = [{ code: 'unknownTenant' }];
    } else problems.tenantId = [{ code: 'required' }];
    const today = this.i18n.today();
    if (dto.filedOn > today) problems.filedOn = [{ code: 'notFuture', params: { limit: today } }];
    else if (dto.filedOn <= `${dto.year}-12-31`) problems.filedOn = [{ code: 'notBefore', params: { limit: `${dto.year + 1}-01-01` } }];
    if (Object.keys(problems).length) throw new ValidationFailedError(problems);

    const existing = async () => {
      const id = (await this.findings.existingReports(this.dataSource.manager, [{ tenantId: tenantId!, year: dto.year }])).get(`${tenantId}:${dto.year}`);
      return id === undefined ? null : this.dataSource.getRepository(AnnualReportEntity).findOneByOrFail({ id });
    };
    const before = await existing();
    if (before) return { report: before, created: false };
    try {
      const id = await this.uow.run(async (m) => {
        const [id] = await this.findings.recordAnnualReports(m, [{ tenantId: tenantId!, year: dto.year, filedOn: dto.filedOn }], principal.userId, source);
        await this.audit.record(m, actor, {
          action: 'annualReport.record', entityType: 'annual_report', entityId: id,
          after: { tenantId, year: dto.year, filedOn: dto.filedOn, source },
        });
        return id;
      });
      return { report: await this.dataSource.getRepository(AnnualReportEntity).findOneByOrFail({ id }), created: true };
    } catch (err) {
      const again = isUniqueViolation(err) ? await existing() : null;
      if (!again) throw err;
      return { report: again, created: false };
    }
  }

  /** The reports, filtered by tenant (name, USCC or id) and year, newest year first; an officer sees only their own tenant's. */
  async list(query: AnnualReportQueryDto, principal: Principal): Promise<Page<AnnualReportItem>> {
    const { page, pageSize, skip } = pageWindow(query);
    const qb = this.tenants.join(this.dataSource.getRepository(AnnualReportEntity).createQueryBuilder('a'), 'a.tenantId', 't');
    const own = tenantFilterFor(principal);
    if (own !== null) qb.andWhere('a.tenantId = :own', { own });
    if (query.tenantId) qb.andWhere('a.tenantId = :tenantId', { tenantId: query.tenantId });
    if (query.year) qb.andWhere('a.year = :year', { year: query.year });
    this.tenants.filter(qb, { q: query.q }, 't');
    const total = await qb.clone().getCount();
    const rows = await qb.addSelect('a.id', 'id').addSelect('a.tenantId', 'tenantId').addSelect('a.year', 'year').addSelect('a.filedOn', 'filedOn')
      .addSelect('a.source', 'source').addSelect('a.createdAt', 'createdAt')
      .orderBy('a.year', 'DESC').addOrderBy('a.id', 'DESC').offset(skip).limit(pageSize).getRawMany<Record<string, unknown>>();
    const items = rows.map((r) => {
      const t = this.tenants.fromRow(r, Number(r.tenantId), 't');
      return {
        id: Number(r.id), tenantId: t.id, tenantName: t.name, uscc: t.uscc, year: Number(r.year), filedOn: dateText(r.filedOn),
        source: r.source as AnnualReportItem['source'], createdAt: toDate(r.createdAt),
      };
    });
    return { items, total, page, pageSize };
  }
}
