import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import { AuditSubjects, type AuditSubject } from '../audit/audit-subjects.js';
import { dateText } from '../database/raw-sql.js';
import { I18nService } from '../i18n/i18n.service.js';
import type { Locale } from '../i18n/messages/index.js';
import { isCalendarDay } from './domain/calendar-days.rules.js';
import { CalendarDayEntity } from './entities/calendar-day.entity.js';

/**
 * How the audit log names a day of the working calendar: the day with its name and kind while it is
 * listed, the bare day once removed (its entry's `before` keeps what it was); it opens that year's page.
 */
@Injectable()
export class CalendarAuditSubjects {
  constructor(@InjectDataSource() private readonly dataSource: DataSource, private readonly i18n: I18nService) {}

  @AuditSubjects('calendar_day')
  async calendarDays(ids: readonly string[], locale: Locale): Promise<Map<string, AuditSubject>> {
    const wanted = ids.filter(isCalendarDay);
    if (!wanted.length) return new Map();
    const rows = await this.dataSource.getRepository(CalendarDayEntity).findBy({ day: In(wanted) });
    const listed = new Map(rows.map((r) => [dateText(r.day), r]));
    return new Map(wanted.map((day) => {
      const r = listed.get(day);
      const label = r
        ? this.i18n.t(locale, 'calendar.auditSubject', { day, name: r.name, kind: this.i18n.t(locale, `calendar.kindsShort.${r.kind}`) })
        : day;
      return [day, { label, link: `/admin/calendar?year=${day.slice(0, 4)}` }];
    }));
  }
}
