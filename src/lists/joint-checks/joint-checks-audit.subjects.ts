import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import { AuditSubjects, type AuditSubject } from '../../audit/audit-subjects.js';
import { I18nService } from '../../i18n/i18n.service.js';
import type { Locale } from '../../i18n/messages/index.js';
import { CheckPurposeEntity } from '../entities/check-purpose.entity.js';
import { JointCheckEntity } from '../entities/joint-check.entity.js';

const ID = /^[1-9]\d{0,9}$/;

/** How the audit log names a joint check (its USCC and purpose, linked to the check) and a check purpose. */
@Injectable()
export class JointChecksAuditSubjects {
  constructor(@InjectDataSource() private readonly dataSource: DataSource, private readonly i18n: I18nService) {}

  @AuditSubjects('joint_check')
  async checks(ids: readonly string[], locale: Locale): Promise<Map<string, AuditSubject>> {
    const wanted = ids.filter((id) => ID.test(id)).map(Number);
    if (!wanted.length) return new Map();
    const rows = await this.dataSource.getRepository(JointCheckEntity).find({ select: { id: true, uscc: true, purpose: true }, where: { id: In(wanted) } });
    return new Map(rows.map((r) => [String(r.id), {
      label: this.i18n.t(locale, 'jointChecks.auditSubject', { uscc: r.uscc, purpose: r.purpose }), link: `/joint-checks/${r.id}`,
    }]));
  }

  @AuditSubjects('check_purpose')
  async purposes(ids: readonly string[], locale: Locale): Promise<Map<string, AuditSubject>> {
    if (!ids.length) return new Map();
    const rows = await this.dataSource.getRepository(CheckPurposeEntity).find({ where: { code: In([...ids]) } });
    return new Map(rows.map((r) => [r.code, {
      label: this.i18n.t(locale, 'jointChecks.purposeSubject', { name: locale === 'en' ? r.nameEn : r.nameZh, code: r.code }), link: '/joint-checks/purposes',
    }]));
  }
}
