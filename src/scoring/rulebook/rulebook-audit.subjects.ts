import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import { AuditSubjects, type AuditSubject } from '../../audit/audit-subjects.js';
import { I18nService } from '../../i18n/i18n.service.js';
import type { Locale } from '../../i18n/messages/index.js';
import { RulebookVersionEntity } from '../entities/rulebook-version.entity.js';

const ID = /^[1-9]\d{0,9}$/;

/** How the audit log names rulebook versions (label and effective date). */
@Injectable()
export class RulebookAuditSubjects {
  constructor(@InjectDataSource() private readonly dataSource: DataSource, private readonly i18n: I18nService) {}

  @AuditSubjects('rulebook_version')
  async versions(ids: readonly string[], locale: Locale): Promise<Map<string, AuditSubject>> {
    const wanted = ids.filter((id) => ID.test(id)).map(Number);
    if (!wanted.length) return new Map();
    const rows = await this.dataSource.getRepository(RulebookVersionEntity).find({ select: { id: true, version: true, effectiveFrom: true }, where: { id: In(wanted) } });
    return new Map(rows.map((r) => [String(r.id), {
      label: this.i18n.t(locale, 'audit.subjects.rulebookVersion', { version: r.version, effectiveFrom: r.effectiveFrom }),
      link: `/rulebook/versions/${r.id}`,
    }]));
  }
}
