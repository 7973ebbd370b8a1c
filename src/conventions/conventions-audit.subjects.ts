import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditSubjects, type AuditSubject } from '../audit/audit-subjects.js';
import { dateText } from '../database/raw-sql.js';
import { I18nService } from '../i18n/i18n.service.js';
import type { Locale } from '../i18n/messages/index.js';
import { TenantsQueries } from '../tenants/tenants.queries.js';
import { BreachResponseEntity } from './entities/breach-response.entity.js';
import { BreachEntity } from './entities/breach.entity.js';
import { ConventionClauseEntity } from './entities/convention-clause.entity.js';
import { ConventionVersionEntity } from './entities/convention-version.entity.js';
import { SignatureEntity } from './entities/signature.entity.js';
import { SigningObligationEntity } from './entities/signing-obligation.entity.js';

const ID = /^[1-9]\d{0,9}$/;
const numericIds = (ids: readonly string[]) => ids.filter((id) => ID.test(id)).map(Number);

/**
 * How the audit log (and the score's explanation) names convention versions, breaches, responses,
 * signatures and signing obligations: one query per
 * type, the tenant's name joined through the registry's query API.
 */
@Injectable()
export class ConventionsAuditSubjects {
  constructor(@InjectDataSource() private readonly dataSource: DataSource, private readonly tenants: TenantsQueries, private readonly i18n: I18nService) {}

  private version(locale: Locale, title: string, titleEn: string | null, versionNo: number): string {
    return this.i18n.t(locale, 'audit.subjects.conventionVersion', { title: locale === 'en' && titleEn ? titleEn : title, versionNo });
  }

  @AuditSubjects('convention_version')
  async versions(ids: readonly string[], locale: Locale): Promise<Map<string, AuditSubject>> {
    const wanted = numericIds(ids);
    if (!wanted.length) return new Map();
    const rows = await this.dataSource.getRepository(ConventionVersionEntity).createQueryBuilder('v')
      .select(['v.id', 'v.title', 'v.titleEn', 'v.versionNo']).where('v.id IN (:...ids)', { ids: wanted }).getMany();
    return new Map(rows.map((v) => [String(v.id), { label: this.version(locale, v.title, v.titleEn, v.versionNo), link: `/conventions/versions/${v.id}` }]));
  }

  @AuditSubjects('breach')
  async breaches(ids: readonly string[], locale: Locale): Promise<Map<string, AuditSubject>> {
    const wanted = numericIds(ids);
    if (!wanted.length) return new Map();
    const rows = await this.tenants.join(this.dataSource.getRepository(BreachEntity).createQueryBuilder('b'), 'b.tenantId', 't')
      .innerJoin(ConventionClauseEntity, 'c', 'c.id = b.clauseId')
      .select('b.id', 'id').addSelect('b.occurredOn', 'occurredOn').addSelect('c.number', 'clause').addSelect('t.name', 'tenant')
      .where('b.id IN (:...ids)', { ids: wanted })
      .getRawMany<{ id: number; occurredOn: unknown; clause: string; tenant: string }>();
    return new Map(rows.map((b) => [String(b.id), {
      label: this.i18n.t(locale, 'audit.subjects.breach', { tenant: b.tenant, clause: b.clause, date: dateText(b.occurredOn) }),
      link: `/conventions/breaches/${b.id}`,
    }]));
  }

  /** A response is shown as the breach it answers, and opens that breach's page. */
  @AuditSubjects('breach_response')
  async responses(ids: readonly string[], locale: Locale): Promise<Map<string, AuditSubject>> {
    const wanted = numericIds(ids);
    if (!wanted.length) return new Map();
    const rows = await this.tenants.join(this.dataSource.getRepository(BreachResponseEntity).createQueryBuilder('r'), 'r.tenantId', 't')
      .innerJoin(BreachEntity, 'b', 'b.id = r.breachId')
      .innerJoin(ConventionClauseEntity, 'c', 'c.id = b.clauseId')
      .select('r.id', 'id').addSelect('r.breachId', 'breachId').addSelect('b.occurredOn', 'occurredOn').addSelect('c.number', 'clause').addSelect('t.name', 'tenant')
      .where('r.id IN (:...ids)', { ids: wanted })
      .getRawMany<{ id: number; breachId: number; occurredOn: unknown; clause: string; tenant: string }>();
    return new Map(rows.map((r) => [String(r.id), {
      label: this.i18n.t(locale, 'audit.subjects.breachResponse', { tenant: r.tenant, clause: r.clause, date: dateText(r.occurredOn) }),
      link: `/conventions/breaches/${r.breachId}`,
    }]));
  }

  @AuditSubjects('signature')
  async signatures(ids: readonly string[], locale: Locale): Promise<Map<string, AuditSubject>> {
    const wanted = numericIds(ids);
    if (!wanted.length) return new Map();
    const rows = await this.tenants.join(this.dataSource.getRepository(SignatureEntity).createQueryBuilder('s'), 's.tenantId', 't')
      .innerJoin(ConventionVersionEntity, 'v', 'v.id = s.versionId')
      .select('s.id', 'id').addSelect('v.title', 'title').addSelect('v.titleEn', 'titleEn').addSelect('v.versionNo', 'versionNo').addSelect('t.name', 'tenant')
      .where('s.id IN (:...ids)', { ids: wanted })
      .getRawMany<{ id: number; title: string; titleEn: string | null; versionNo: number; tenant: string }>();
    return new Map(rows.map((s) => [String(s.id), {
      label: this.i18n.t(locale, 'audit.subjects.signature', { tenant: s.tenant, version: this.version(locale, s.title, s.titleEn, Number(s.versionNo)) }),
      link: `/conventions/signatures/${s.id}`,
    }]));
  }

  @AuditSubjects('obligation')
  async obligations(ids: readonly string[], locale: Locale): Promise<Map<string, AuditSubject>> {
    const wanted = numericIds(ids);
    if (!wanted.length) return new Map();
    const rows = await this.tenants.join(this.dataSource.getRepository(SigningObligationEntity).createQueryBuilder('o'), 'o.tenantId', 't')
      .innerJoin(ConventionVersionEntity, 'v', 'v.id = o.versionId')
      .select('o.id', 'id').addSelect('o.deadline', 'deadline').addSelect('v.title', 'title').addSelect('v.titleEn', 'titleEn').addSelect('v.versionNo', 'versionNo').addSelect('t.name', 'tenant')
      .where('o.id IN (:...ids)', { ids: wanted })
      .getRawMany<{ id: number; deadline: unknown; title: string; titleEn: string | null; versionNo: number; tenant: string }>();
    return new Map(rows.map((o) => [String(o.id), {
      label: this.i18n.t(locale, 'audit.subjects.obligation', { tenant: o.tenant, version: this.version(locale, o.title, o.titleEn, Number(o.versionNo)), deadline: dateText(o.deadline) }),
      link: `/conventions/obligations/${o.id}`,
    }]));
  }
}
