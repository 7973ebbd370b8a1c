import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import { AuditSubjects, type AuditSubject } from '../audit/audit-subjects.js';
import { I18nService } from '../i18n/i18n.service.js';
import type { Locale } from '../i18n/messages/index.js';
import { ApiTokenEntity } from './entities/api-token.entity.js';
import { DepartmentEntity } from './entities/department.entity.js';
import { UserEntity } from './entities/user.entity.js';

const ID = /^[1-9]\d{0,9}$/;
const numericIds = (ids: readonly string[]) => ids.filter((id) => ID.test(id)).map(Number);

/** How the audit log names accounts, their API tokens and departments, linked to the admin pages. */
@Injectable()
export class AccountsAuditSubjects {
  constructor(@InjectDataSource() private readonly dataSource: DataSource, private readonly i18n: I18nService) {}

  @AuditSubjects('user')
  async users(ids: readonly string[], locale: Locale): Promise<Map<string, AuditSubject>> {
    const wanted = numericIds(ids);
    if (!wanted.length) return new Map();
    const rows = await this.dataSource.getRepository(UserEntity).find({ select: { id: true, name: true, email: true }, where: { id: In(wanted) } });
    return new Map(rows.map((u) => [String(u.id), { label: this.i18n.t(locale, 'audit.subjects.user', { name: u.name, email: u.email }), link: `/admin/users/${u.id}` }]));
  }

  /** A token by its label and prefix, linked to its user's page, where tokens are issued and revoked. */
  @AuditSubjects('api_token')
  async tokens(ids: readonly string[], locale: Locale): Promise<Map<string, AuditSubject>> {
    const wanted = numericIds(ids);
    if (!wanted.length) return new Map();
    const rows = await this.dataSource.getRepository(ApiTokenEntity).createQueryBuilder('k')
      .innerJoin('k.user', 'u')
      .select('k.id', 'id').addSelect('k.label', 'label').addSelect('k.prefix', 'prefix').addSelect('k.userId', 'userId').addSelect('u.name', 'userName')
      .where('k.id IN (:...ids)', { ids: wanted })
      .getRawMany<{ id: number; label: string; prefix: string; userId: number; userName: string }>();
    return new Map(rows.map((k) => [String(k.id), {
      label: this.i18n.t(locale, 'audit.subjects.apiToken', { label: k.label, prefix: k.prefix, user: k.userName }),
      link: `/admin/users/${k.userId}`,
    }]));
  }

  @AuditSubjects('department')
  async departments(ids: readonly string[], locale: Locale): Promise<Map<string, AuditSubject>> {
    const wanted = numericIds(ids);
    if (!wanted.length) return new Map();
    const rows = await this.dataSource.getRepository(DepartmentEntity).find({ select: { id: true, nameZh: true, nameEn: true }, where: { id: In(wanted) } });
    return new Map(rows.map((d) => [String(d.id), { label: locale === 'en' && d.nameEn ? d.nameEn : d.nameZh, link: `/admin/departments/${d.id}` }]));
  }
}
