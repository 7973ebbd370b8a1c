import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import { AuditSubjects, type AuditSubject } from '../audit/audit-subjects.js';
import { I18nService } from '../i18n/i18n.service.js';
import type { Locale } from '../i18n/messages/index.js';
import { TenantsQueries } from '../tenants/tenants.queries.js';
import { AnnualReportEntity } from './entities/annual-report.entity.js';
import { FindingEntity } from './entities/finding.entity.js';

const ID = /^[1-9]\d{0,9}$/;
const numericIds = (ids: readonly string[]) => ids.filter((id) => ID.test(id)).map(Number);

/** How the audit log names findings (tenant, title, decision number) and annual reports (tenant, year). */
@Injectable()
export class FindingsAuditSubjects {
  constructor(@InjectDataSource() private readonly dataSource: DataSource, private readonly i18n: I18nService, private readonly tenants: TenantsQueries) {}

  @AuditSubjects('finding')
  async findings(ids: readonly string[], locale: Locale): Promise<Map<string, AuditSubject>> {
    const wanted = numericIds(ids);
    if (!wanted.length) return new Map();
    const rows = await this.dataSource.getRepository(FindingEntity).find({ select: { id: true, tenantId: true, title: true, decisionNo: true }, where: { id: In(wanted) } });
    const tenants = await this.tenants.summaries(rows.map((r) => r.tenantId));
    return new Map(rows.map((f) => [String(f.id), {
      label: this.i18n.t(locale, 'audit.subjects.finding', { tenant: tenants.get(f.tenantId)?.name ?? `#${f.tenantId}`, title: f.title, decisionNo: f.decisionNo }),
      link: `/findings/${f.id}`,
    }]));
  }

  @AuditSubjects('annual_report')
  async annualReports(ids: readonly string[], locale: Locale): Promise<Map<string, AuditSubject>> {
    const wanted = numericIds(ids);
    if (!wanted.length) return new Map();
    const rows = await this.dataSource.getRepository(AnnualReportEntity).find({ select: { id: true, tenantId: true, year: true }, where: { id: In(wanted) } });
    const tenants = await this.tenants.summaries(rows.map((r) => r.tenantId));
    return new Map(rows.map((r) => [String(r.id), {
      label: this.i18n.t(locale, 'audit.subjects.annualReport', { tenant: tenants.get(r.tenantId)?.name ?? `#${r.tenantId}`, year: r.year }),
      link: `/findings/annual-reports?tenantId=${r.tenantId}`,
    }]));
  }
}
