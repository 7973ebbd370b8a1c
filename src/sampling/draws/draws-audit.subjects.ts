import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditSubjects, type AuditSubject } from '../../audit/audit-subjects.js';
import { I18nService } from '../../i18n/i18n.service.js';
import type { Locale } from '../../i18n/messages/index.js';
import { DrawEntity } from '../entities/draw.entity.js';
import { SamplingProgrammeEntity } from '../entities/sampling-programme.entity.js';

const ID = /^[1-9]\d{0,9}$/;

/** How the audit log names a draw: its programme and number; it opens the draw. */
@Injectable()
export class DrawsAuditSubjects {
  constructor(@InjectDataSource() private readonly dataSource: DataSource, private readonly i18n: I18nService) {}

  @AuditSubjects('draw')
  async draws(ids: readonly string[], locale: Locale): Promise<Map<string, AuditSubject>> {
    const wanted = ids.filter((id) => ID.test(id)).map(Number);
    if (!wanted.length) return new Map();
    const rows = await this.dataSource.getRepository(DrawEntity).createQueryBuilder('d')
      .innerJoin(SamplingProgrammeEntity, 'p', 'p.id = d.programmeId')
      .select(['d.id AS id', 'd.seq AS seq', 'p.title AS title'])
      .where('d.id IN (:...ids)', { ids: wanted })
      .getRawMany<Record<string, unknown>>();
    return new Map(rows.map((r) => [String(r.id), {
      label: this.i18n.t(locale, 'samplingDraws.auditSubject', { programme: String(r.title), seq: Number(r.seq) }),
      link: `/sampling/draws/${Number(r.id)}`,
    }]));
  }
}
