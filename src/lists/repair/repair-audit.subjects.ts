import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditSubjects, type AuditSubject } from '../../audit/audit-subjects.js';
import { I18nService } from '../../i18n/i18n.service.js';
import type { Locale } from '../../i18n/messages/index.js';
import { TenantsQueries } from '../../tenants/tenants.queries.js';
import { RepairApplicationEntity } from '../entities/repair-application.entity.js';

const ID = /^[1-9]\d{0,9}$/;

/** How the audit log names a credit-repair application: the tenant and the record it is about; it opens the application. */
@Injectable()
export class RepairAuditSubjects {
  constructor(@InjectDataSource() private readonly dataSource: DataSource, private readonly tenants: TenantsQueries, private readonly i18n: I18nService) {}

  @AuditSubjects('repair_application')
  async repairs(ids: readonly string[], locale: Locale): Promise<Map<string, AuditSubject>> {
    const wanted = ids.filter((id) => ID.test(id)).map(Number);
    if (!wanted.length) return new Map();
    const rows = await this.tenants.join(this.dataSource.getRepository(RepairApplicationEntity).createQueryBuilder('r').select([]), 'r.tenantId', 't')
      .addSelect('r.id', 'id').addSelect('r.subjectType', 'subjectType').addSelect('r.subjectId', 'subjectId')
      .where('r.id IN (:...ids)', { ids: wanted })
      .getRawMany<Record<string, unknown>>();
    return new Map(rows.map((r) => [String(r.id), {
      label: this.i18n.t(locale, 'listsRepair.auditSubject', {
        tenant: String(r.tName), subject: this.i18n.t(locale, `listsRepair.subjectTypes.${String(r.subjectType)}`), id: Number(r.subjectId),
      }),
      link: `/repairs/${Number(r.id)}`,
    }]));
  }
}
