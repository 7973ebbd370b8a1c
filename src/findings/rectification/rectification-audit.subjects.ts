import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditSubjects, type AuditSubject } from '../../audit/audit-subjects.js';
import { dateText } from '../../database/raw-sql.js';
import { I18nService } from '../../i18n/i18n.service.js';
import type { Locale } from '../../i18n/messages/index.js';
import { TenantsQueries } from '../../tenants/tenants.queries.js';
import { FindingRectificationEntity } from '../entities/finding-rectification.entity.js';
import { FindingEntity } from '../entities/finding.entity.js';

const ID = /^[1-9]\d{0,9}$/;

/** How the audit log names a rectification submission: the tenant, the finding's title and decision number, the day; it opens the finding's rectification page. */
@Injectable()
export class RectificationAuditSubjects {
  constructor(@InjectDataSource() private readonly dataSource: DataSource, private readonly tenants: TenantsQueries, private readonly i18n: I18nService) {}

  @AuditSubjects('finding_rectification')
  async submissions(ids: readonly string[], locale: Locale): Promise<Map<string, AuditSubject>> {
    const wanted = ids.filter((id) => ID.test(id)).map(Number);
    if (!wanted.length) return new Map();
    const rows = await this.tenants.join(this.dataSource.getRepository(FindingRectificationEntity).createQueryBuilder('r'), 'r.tenantId', 't')
      .innerJoin(FindingEntity, 'f', 'f.id = r.findingId')
      .select('r.id', 'id').addSelect('r.findingId', 'findingId').addSelect('r.submittedOn', 'submittedOn')
      .addSelect('f.title', 'title').addSelect('f.decisionNo', 'decisionNo').addSelect('t.name', 'tenant')
      .where('r.id IN (:...ids)', { ids: wanted })
      .getRawMany<{ id: number; findingId: number; submittedOn: unknown; title: string; decisionNo: string; tenant: string }>();
    return new Map(rows.map((r) => [String(r.id), {
      label: this.i18n.t(locale, 'audit.subjects.findingRectification', { tenant: r.tenant, title: r.title, decisionNo: r.decisionNo, date: dateText(r.submittedOn) }),
      link: `/findings/${Number(r.findingId)}/rectification`,
    }]));
  }
}
