import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import { AuditSubjects, type AuditSubject } from '../../audit/audit-subjects.js';
import { I18nService } from '../../i18n/i18n.service.js';
import type { Locale } from '../../i18n/messages/index.js';
import { TenantsQueries } from '../../tenants/tenants.queries.js';
import { CreditMeasureEntity } from '../entities/credit-measure.entity.js';
import { MeasureClaimEntity } from '../entities/measure-claim.entity.js';

const ID = /^[1-9]\d{0,9}$/;

/** How the audit log names 信易+ records: a measure by its title and code, a claim or restriction by tenant and measure; each opens its page. */
@Injectable()
export class IncentivesAuditSubjects {
  constructor(@InjectDataSource() private readonly dataSource: DataSource, private readonly tenants: TenantsQueries, private readonly i18n: I18nService) {}

  @AuditSubjects('credit_measure')
  async measures(ids: readonly string[], locale: Locale): Promise<Map<string, AuditSubject>> {
    const wanted = ids.filter((id) => ID.test(id)).map(Number);
    if (!wanted.length) return new Map();
    const rows = await this.dataSource.getRepository(CreditMeasureEntity).find({ select: { id: true, code: true, titleZh: true, titleEn: true }, where: { id: In(wanted) } });
    return new Map(rows.map((r) => [String(r.id), {
      label: this.i18n.t(locale, 'incentives.audit.measure', { title: locale === 'en' ? r.titleEn : r.titleZh, code: r.code }),
      link: `/benefits/admin/${r.id}/edit`,
    }]));
  }

  @AuditSubjects('measure_claim')
  async claims(ids: readonly string[], locale: Locale): Promise<Map<string, AuditSubject>> {
    const wanted = ids.filter((id) => ID.test(id)).map(Number);
    if (!wanted.length) return new Map();
    const rows = await this.tenants.join(this.dataSource.getRepository(MeasureClaimEntity).createQueryBuilder('c').select([])
      .innerJoin(CreditMeasureEntity, 'm', 'm.id = c.measureId'), 'c.tenantId', 't')
      .addSelect('c.id', 'id').addSelect('m.titleZh', 'titleZh').addSelect('m.titleEn', 'titleEn').addSelect('m.kind', 'kind')
      .where('c.id IN (:...ids)', { ids: wanted })
      .getRawMany<Record<string, unknown>>();
    return new Map(rows.map((r) => [String(r.id), {
      label: this.i18n.t(locale, `incentives.audit.${String(r.kind) === 'restriction' ? 'restriction' : 'claim'}`, {
        tenant: String(r.tName), title: String(locale === 'en' ? r.titleEn : r.titleZh),
      }),
      link: `/benefits/claims/${Number(r.id)}`,
    }]));
  }
}
