import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import { AuditSubjects, type AuditSubject } from '../audit/audit-subjects.js';
import { I18nService } from '../i18n/i18n.service.js';
import type { Locale } from '../i18n/messages/index.js';
import { TenantsQueries } from '../tenants/tenants.queries.js';
import { EvaluationDimensionEntity } from './entities/evaluation-dimension.entity.js';
import { EvaluationDisputeEntity } from './entities/evaluation-dispute.entity.js';
import { EvaluationEngagementEntity } from './entities/evaluation-engagement.entity.js';
import { EvaluationInstitutionEntity } from './entities/evaluation-institution.entity.js';
import { EvaluationEntity } from './entities/evaluation.entity.js';

const ID = /^[1-9]\d{0,9}$/;
const numericIds = (ids: readonly string[]) => ids.filter((id) => ID.test(id)).map(Number);

/** How the audit log names evaluations, their disputes, institutions, engagements and dimensions. */
@Injectable()
export class EvaluationsAuditSubjects {
  constructor(@InjectDataSource() private readonly dataSource: DataSource, private readonly i18n: I18nService, private readonly tenants: TenantsQueries) {}

  @AuditSubjects('evaluation')
  async evaluations(ids: readonly string[], locale: Locale): Promise<Map<string, AuditSubject>> {
    const wanted = numericIds(ids);
    if (!wanted.length) return new Map();
    const rows = await this.dataSource.getRepository(EvaluationEntity).find({ select: { id: true, tenantId: true, periodFrom: true, periodTo: true }, where: { id: In(wanted) } });
    const tenants = await this.tenants.summaries(rows.map((r) => r.tenantId));
    return new Map(rows.map((r) => [String(r.id), {
      label: this.i18n.t(locale, 'audit.subjects.evaluation', { tenant: tenants.get(r.tenantId)?.name ?? '', periodFrom: r.periodFrom, periodTo: r.periodTo }), link: `/evaluations/${r.id}`,
    }]));
  }

  @AuditSubjects('evaluation_dispute')
  async disputes(ids: readonly string[], locale: Locale): Promise<Map<string, AuditSubject>> {
    const wanted = numericIds(ids);
    if (!wanted.length) return new Map();
    const rows = await this.dataSource.getRepository(EvaluationDisputeEntity).find({ select: { id: true, tenantId: true, evaluationId: true }, where: { id: In(wanted) } });
    const tenants = await this.tenants.summaries(rows.map((r) => r.tenantId));
    return new Map(rows.map((r) => [String(r.id), {
      label: this.i18n.t(locale, 'audit.subjects.evaluationDispute', { tenant: tenants.get(r.tenantId)?.name ?? '', id: r.evaluationId }), link: `/evaluations/${r.evaluationId}`,
    }]));
  }

  @AuditSubjects('evaluation_institution')
  async institutions(ids: readonly string[]): Promise<Map<string, AuditSubject>> {
    const wanted = numericIds(ids);
    if (!wanted.length) return new Map();
    const rows = await this.dataSource.getRepository(EvaluationInstitutionEntity).find({ select: { id: true, name: true }, where: { id: In(wanted) } });
    return new Map(rows.map((r) => [String(r.id), { label: r.name, link: `/admin/institutions/${r.id}` }]));
  }

  @AuditSubjects('evaluation_engagement')
  async engagements(ids: readonly string[], locale: Locale): Promise<Map<string, AuditSubject>> {
    const wanted = numericIds(ids);
    if (!wanted.length) return new Map();
    const rows = await this.dataSource.getRepository(EvaluationEngagementEntity).find({ where: { id: In(wanted) } });
    const [tenants, institutions] = await Promise.all([
      this.tenants.summaries(rows.map((r) => r.tenantId)),
      this.dataSource.getRepository(EvaluationInstitutionEntity).find({ select: { id: true, name: true }, where: { id: In(rows.map((r) => r.institutionId)) } }),
    ]);
    const names = new Map(institutions.map((i) => [i.id, i.name]));
    return new Map(rows.map((r) => [String(r.id), {
      label: this.i18n.t(locale, 'audit.subjects.evaluationEngagement', { institution: names.get(r.institutionId) ?? '', tenant: tenants.get(r.tenantId)?.name ?? '', periodFrom: r.periodFrom, periodTo: r.periodTo }),
      link: `/admin/institutions/${r.institutionId}`,
    }]));
  }

  @AuditSubjects('evaluation_dimension')
  async dimensions(ids: readonly string[], locale: Locale): Promise<Map<string, AuditSubject>> {
    const wanted = numericIds(ids);
    if (!wanted.length) return new Map();
    const rows = await this.dataSource.getRepository(EvaluationDimensionEntity).find({ where: { id: In(wanted) } });
    return new Map(rows.map((r) => [String(r.id), { label: `${locale === 'en' ? r.labelEn : r.labelZh} (${r.code})`, link: '/admin/evaluation-dimensions' }]));
  }
}
