import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditSubjects, type AuditSubject } from '../../audit/audit-subjects.js';
import { dateText } from '../../database/raw-sql.js';
import { I18nService } from '../../i18n/i18n.service.js';
import type { Locale } from '../../i18n/messages/index.js';
import { TenantsQueries } from '../../tenants/tenants.queries.js';
import { SelfReportEntity } from '../entities/self-report.entity.js';

const ID = /^[1-9]\d{0,9}$/;

/** How the audit log (and the score's explanation) names a self-report: the tenant, its kind, title and day; it opens the claim's page. */
@Injectable()
export class SelfReportAuditSubjects {
  constructor(@InjectDataSource() private readonly dataSource: DataSource, private readonly tenants: TenantsQueries, private readonly i18n: I18nService) {}

  @AuditSubjects('self_report')
  async selfReports(ids: readonly string[], locale: Locale): Promise<Map<string, AuditSubject>> {
    const wanted = ids.filter((id) => ID.test(id)).map(Number);
    if (!wanted.length) return new Map();
    const rows = await this.tenants.join(this.dataSource.getRepository(SelfReportEntity).createQueryBuilder('s').select([]), 's.tenantId', 't')
      .addSelect('s.id', 'id').addSelect('s.kind', 'kind').addSelect('s.title', 'title').addSelect('s.occurredOn', 'occurredOn')
      .where('s.id IN (:...ids)', { ids: wanted })
      .getRawMany<Record<string, unknown>>();
    return new Map(rows.map((r) => [String(r.id), {
      label: this.i18n.t(locale, 'audit.subjects.selfReport', {
        tenant: String(r.tName), kind: this.i18n.t(locale, `selfReports.kinds.${String(r.kind)}`), title: String(r.title), date: dateText(r.occurredOn),
      }),
      link: `/self-reports/${Number(r.id)}`,
    }]));
  }
}
