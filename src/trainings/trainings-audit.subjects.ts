import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import { AuditSubjects, type AuditSubject } from '../audit/audit-subjects.js';
import { I18nService } from '../i18n/i18n.service.js';
import type { Locale } from '../i18n/messages/index.js';
import { TrainingSeriesEntity } from './entities/training-series.entity.js';
import { TrainingSessionEntity } from './entities/training-session.entity.js';

const ID = /^[1-9]\d{0,9}$/;
const numericIds = (ids: readonly string[]) => ids.filter((id) => ID.test(id)).map(Number);

/** How the audit log names training sessions (title and park-time start) and series. */
@Injectable()
export class TrainingsAuditSubjects {
  constructor(@InjectDataSource() private readonly dataSource: DataSource, private readonly i18n: I18nService) {}

  @AuditSubjects('training_session')
  async sessions(ids: readonly string[], locale: Locale): Promise<Map<string, AuditSubject>> {
    const wanted = numericIds(ids);
    if (!wanted.length) return new Map();
    const rows = await this.dataSource.getRepository(TrainingSessionEntity).find({ select: { id: true, title: true, startsAt: true }, where: { id: In(wanted) } });
    return new Map(rows.map((s) => [String(s.id), {
      label: this.i18n.t(locale, 'audit.subjects.trainingSession', { title: s.title, startsAt: this.i18n.formatDateTime(s.startsAt, locale) }), link: `/trainings/${s.id}`,
    }]));
  }

  @AuditSubjects('training_series')
  async series(ids: readonly string[], locale: Locale): Promise<Map<string, AuditSubject>> {
    const wanted = numericIds(ids);
    if (!wanted.length) return new Map();
    const rows = await this.dataSource.getRepository(TrainingSeriesEntity).find({ where: { id: In(wanted) } });
    const first = await this.dataSource.getRepository(TrainingSessionEntity).find({ select: { id: true, seriesId: true, startsAt: true }, where: { seriesId: In(wanted) }, order: { startsAt: 'ASC' } });
    return new Map(rows.map((s) => {
      const head = first.find((x) => x.seriesId === s.id);
      return [String(s.id), { label: this.i18n.t(locale, 'audit.subjects.trainingSeries', { title: s.title, untilDate: s.untilDate }), link: head ? `/trainings/${head.id}` : null }];
    }));
  }
}
