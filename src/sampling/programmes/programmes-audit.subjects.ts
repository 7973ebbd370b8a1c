import { Injectable } from '@nestjs/common';
import { AuditSubjects, type AuditSubject } from '../../audit/audit-subjects.js';
import { I18nService } from '../../i18n/i18n.service.js';
import type { Locale } from '../../i18n/messages/index.js';
import { ProgrammesQueries } from './programmes.queries.js';

const ID = /^[1-9]\d{0,9}$/;

/** How the audit log names a sampling programme: its year, title and revision; it opens the programme. */
@Injectable()
export class ProgrammesAuditSubjects {
  constructor(private readonly queries: ProgrammesQueries, private readonly i18n: I18nService) {}

  @AuditSubjects('sampling_programme')
  async programmes(ids: readonly string[], locale: Locale): Promise<Map<string, AuditSubject>> {
    const wanted = ids.filter((id) => ID.test(id)).map(Number);
    const rows = await this.queries.titles(wanted);
    return new Map([...rows].map(([id, r]) => [String(id), {
      label: this.i18n.t(locale, 'samplingProgrammes.auditSubject', { year: r.year, title: r.title, revision: r.revision }),
      link: `/sampling/programmes/${id}`,
    }]));
  }
}
