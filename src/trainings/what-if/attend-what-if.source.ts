import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { datetimeParam, toDate } from '../../database/raw-sql.js';
import { I18nService } from '../../i18n/i18n.service.js';
import type { Locale } from '../../i18n/messages/index.js';
import { windowMonths, type Rulebook } from '../../scoring/domain/rulebook.js';
import type { ScoreFact } from '../../scoring/domain/score-fact.js';
import { WhatIfSource, type WhatIfOption } from '../../scoring/what-if/what-if-source.js';
import { TenantsQueries } from '../../tenants/tenants.queries.js';
import { attendanceRate, endedIn, parkDay, rateWindow, type AttendanceMark, type RequiredSession } from '../domain/attendance-rate.rules.js';
import { attendWhatIf, rateThresholds, type FactKey } from '../domain/training-facts.rules.js';
import { TrainingAttendanceEntity } from '../entities/training-attendance.entity.js';
import { TrainingExcuseEntity } from '../entities/training-excuse.entity.js';
import { TrainingInvitationEntity } from '../entities/training-invitation.entity.js';
import { TrainingSessionEntity } from '../entities/training-session.entity.js';

/** Upcoming sessions offered at most (the nearest first). */
const UPCOMING = 10;

/**
 * What-if for the trainings pillar: "attend" each upcoming required session (invited, not ended by
 * the end of the as-of day, not excused: no approved excuse, no `excused` mark). The tenant's rate
 * over the P07 window is counted as the facts count it (attendanceRate over its required sessions,
 * excuses and move-in applied); what one more attended session does to P07 is attendWhatIf's.
 * Three queries for one tenant: its invited sessions (window and upcoming) with marks, its approved
 * excuses, its move-in date.
 */
@Injectable()
export class AttendWhatIfSource {
  constructor(@InjectDataSource() private readonly dataSource: DataSource, private readonly tenants: TenantsQueries, private readonly i18n: I18nService) {}

  @WhatIfSource({ name: 'trainings' })
  async options(tenantId: number, asOf: string, rulebook: Rulebook, facts: readonly ScoreFact[], locale: Locale): Promise<WhatIfOption[]> {
    const timeZone = this.i18n.timeZone;
    const window = rateWindow(asOf, windowMonths(rulebook, 'P07'), timeZone);
    const [rows, excused, movedIn] = await Promise.all([
      this.dataSource.getRepository(TrainingInvitationEntity).createQueryBuilder('i')
        .innerJoin(TrainingSessionEntity, 's', 's.id = i.sessionId')
        .leftJoin(TrainingAttendanceEntity, 'a', 'a.sessionId = i.sessionId AND a.tenantId = i.tenantId')
        .select('s.id', 'id').addSelect('s.title', 'title').addSelect('s.kind', 'kind').addSelect('s.startsAt', 'startsAt').addSelect('s.endsAt', 'endsAt').addSelect('a.mark', 'mark')
        .where('i.tenantId = :tenantId', { tenantId })
        .andWhere("s.status = 'scheduled'")
        .andWhere('s.endsAt > :from', { from: datetimeParam(window.from) })
        .orderBy('s.startsAt', 'ASC').addOrderBy('s.id', 'ASC')
        .getRawMany<{ id: number | string; title: string; kind: string; startsAt: unknown; endsAt: unknown; mark: AttendanceMark | null }>(),
      this.dataSource.getRepository(TrainingExcuseEntity).createQueryBuilder('e')
        .select('e.sessionId', 'sessionId').where('e.tenantId = :tenantId', { tenantId }).andWhere("e.status = 'approved'")
        .getRawMany<{ sessionId: number | string }>(),
      this.tenants.movedInAfter([tenantId], '0001-01-01'),
    ]);
    const excusedIds = new Set(excused.map((e) => Number(e.sessionId)));
    const sessions = rows.map((r) => ({ id: Number(r.id), title: String(r.title), kind: String(r.kind), startsAt: toDate(r.startsAt), endsAt: toDate(r.endsAt), mark: r.mark ?? null }));
    const required: RequiredSession[] = sessions.filter((s) => endedIn(s.endsAt, window))
      .map((s) => ({ sessionId: s.id, startsAt: s.startsAt, endsAt: s.endsAt, mark: s.mark, excuseApproved: excusedIds.has(s.id) }));
    const tally = attendanceRate(required, window, movedIn.get(tenantId) ?? null, timeZone);
    const upcoming = sessions
      .filter((s) => s.endsAt.getTime() > window.to.getTime() && !excusedIds.has(s.id) && s.mark !== 'excused')
      .slice(0, UPCOMING);
    const thresholds = rateThresholds(rulebook);
    const markOnFile = facts.some((f) => f.rule === 'D02');
    const current: FactKey[] = facts.filter((f) => f.rule === 'P07').map((f) => ({ rule: f.rule, recordType: f.recordType, recordId: f.recordId }));
    // Every option's P07 names the same record (the nearest session): options done together keep one rate fact, never two.
    const rateRecord = upcoming[0]?.id;
    const options: WhatIfOption[] = [];
    for (const s of upcoming) {
      const change = attendWhatIf(tally, s, thresholds, asOf, current, rateRecord, markOnFile);
      if (!change) continue;
      options.push({
        key: `trainings:training_session:${s.id}`,
        action: 'attend',
        label: this.i18n.t(locale, 'trainings.whatIf.attend', { title: s.title, date: parkDay(s.startsAt, timeZone) }),
        link: '/trainings/my',
        source: { type: 'training_session', id: s.id },
        remove: change.remove,
        add: change.add,
      });
    }
    return options;
  }
}
