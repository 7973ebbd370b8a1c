import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditSubjects, type AuditSubject } from '../../audit/audit-subjects.js';
import { I18nService } from '../../i18n/i18n.service.js';
import type { Locale } from '../../i18n/messages/index.js';
import { TenantsQueries } from '../../tenants/tenants.queries.js';
import { InspectionTaskEntity } from '../entities/inspection-task.entity.js';

const ID = /^[1-9]\d{0,9}$/;

/** How the audit log names an inspection task: its number and tenant; it opens the task. */
@Injectable()
export class TasksAuditSubjects {
  constructor(@InjectDataSource() private readonly dataSource: DataSource, private readonly tenants: TenantsQueries, private readonly i18n: I18nService) {}

  @AuditSubjects('inspection_task')
  async tasks(ids: readonly string[], locale: Locale): Promise<Map<string, AuditSubject>> {
    const wanted = ids.filter((id) => ID.test(id)).map(Number);
    if (!wanted.length) return new Map();
    const rows = await this.tenants.join(this.dataSource.getRepository(InspectionTaskEntity).createQueryBuilder('k').select([]), 'k.tenantId', 't')
      .addSelect('k.id', 'id').where('k.id IN (:...ids)', { ids: wanted }).getRawMany<Record<string, unknown>>();
    return new Map(rows.map((r) => [String(r.id), {
      label: this.i18n.t(locale, 'samplingInspections.auditSubject', { id: Number(r.id), tenant: String(r.tName) }),
      link: `/sampling/tasks/${Number(r.id)}`,
    }]));
  }
}
