import { Injectable } from '@nestjs/common';
import { canReadTenant } from '../../accounts/domain/access-policy.js';
import type { Principal } from '../../common/principal.js';
import { HubPanel } from '../../tenants/hub-panels.js';
import { AttendanceQueries } from '../attendance/attendance.queries.js';

/** The trainings panel of the tenant hub: upcoming required sessions, the rate over the last 12 months, the absences. */
@Injectable()
export class TrainingsHubQueries {
  constructor(private readonly attendance: AttendanceQueries) {}

  /** A handful of queries, whatever the numbers. */
  @HubPanel({ partial: 'trainings-hub', order: 20 })
  async panel(tenantId: number, principal: Principal): Promise<Record<string, unknown> | null> {
    if (!canReadTenant(principal, tenantId)) return null;
    const [upcoming, rate] = await Promise.all([this.attendance.upcomingRequired(tenantId), this.attendance.tenantRate(tenantId)]);
    return {
      tenantId,
      upcoming: upcoming.map((s) => ({ id: s.id, title: s.title, kind: s.kind, startsAt: s.startsAt, location: s.location })),
      ratePercent: rate.percent,
      attended: rate.result.attended,
      required: rate.result.required,
      hours: rate.hours,
      months: rate.months,
      absences: rate.absences.map((a) => ({ sessionId: a.sessionId, title: a.title, startsAt: a.startsAt })),
      absenceCount: rate.absences.length,
    };
  }
}
