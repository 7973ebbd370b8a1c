import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Brackets, DataSource, type SelectQueryBuilder } from 'typeorm';
import { datetimeParam, toDate } from '../../database/raw-sql.js';
import { I18nService } from '../../i18n/i18n.service.js';
import { windowMonths, type Rulebook } from '../../scoring/domain/rulebook.js';
import { FactSource } from '../../scoring/facts/fact-source.js';
import { TenantsQueries } from '../../tenants/tenants.queries.js';
import { parkDay, rateWindow, type AttendanceMark, type RateWindow, type RequiredSession } from '../domain/attendance-rate.rules.js';
import { rateThresholds, tallyOf, trainingFacts, type FactAbsence, type FactSession, type RateTally, type TrainingFact } from '../domain/training-facts.rules.js';
import { TrainingAttendanceEntity } from '../entities/training-attendance.entity.js';
import { TrainingExcuseEntity } from '../entities/training-excuse.entity.js';
import { TrainingInvitationEntity } from '../entities/training-invitation.entity.js';
import { TrainingSessionEntity } from '../entities/training-session.entity.js';

/** Tenants per IN (…) list: keeps statements well under every driver's parameter limit. */
const CHUNK = 1000;
/** Chunks queried at the same time (the pool has more connections; SQLite serialises them anyway). */
const PARALLEL = 4;

function chunks<T>(items: readonly T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/**
 * The trainings pillar's score facts (P07, P08, N03) for many tenants as of a date, set-based:
 * one query for the sessions held in the windows, then per 1,000 tenants one aggregate (the rate's
 * counts, computed in SQL: no row per session leaves the database) and one list of unexcused
 * absences; tenants that moved in during the window (few) get their required sessions row by row
 * so the rule can leave out those held before the move-in. The decisions are in
 * domain/training-facts.rules.ts; windows and thresholds are the rulebook's.
 */
@Injectable()
export class TrainingFactsSource {
  constructor(@InjectDataSource() private readonly dataSource: DataSource, private readonly tenants: TenantsQueries, private readonly i18n: I18nService) {}

  @FactSource({ name: 'trainings', rules: ['P07', 'P08', 'N03'] })
  async factsFor(tenantIds: readonly number[], asOf: string, rulebook: Rulebook): Promise<Map<number, TrainingFact[]>> {
    const timeZone = this.i18n.timeZone;
    const ids = [...new Set(tenantIds)];
    const out = new Map<number, TrainingFact[]>(ids.map((id) => [id, []]));
    if (!ids.length) return out;
    const windows = {
      P07: rateWindow(asOf, windowMonths(rulebook, 'P07'), timeZone),
      P08: rateWindow(asOf, windowMonths(rulebook, 'P08'), timeZone),
      N03: rateWindow(asOf, windowMonths(rulebook, 'N03'), timeZone),
    };
    const widest: RateWindow = {
      from: new Date(Math.min(windows.P07.from.getTime(), windows.P08.from.getTime(), windows.N03.from.getTime())),
      to: windows.P07.to,
    };
    // Sessions are few (hundreds a year): every one that ended in a window, in one query.
    const sessionRows = await this.dataSource.getRepository(TrainingSessionEntity).createQueryBuilder('s')
      .select(['s.id', 's.title', 's.kind', 's.startsAt', 's.endsAt', 's.status', 's.hostTenantId', 's.speakerTenantId'])
      .where("s.status = 'scheduled'")
      .andWhere('s.endsAt > :from AND s.endsAt <= :to', { from: datetimeParam(widest.from), to: datetimeParam(widest.to) })
      .getMany();
    const sessions = new Map<number, FactSession>(sessionRows.map((s) => [s.id, s]));
    if (!sessions.size) return out;
    const earliestStart = sessionRows.reduce((min, s) => (s.startsAt < min ? s.startsAt : min), sessionRows[0].startsAt);
    const thresholds = rateThresholds(rulebook);

    const work = chunks(ids);
    for (let i = 0; i < work.length; i += PARALLEL) {
      const results = await Promise.all(work.slice(i, i + PARALLEL).map(async (chunk) => {
        // Only a tenant that moved in after the earliest session started can have sessions to leave out.
        const movedIn = await this.tenants.movedInAfter(chunk, parkDay(earliestStart, timeZone));
        const plain = chunk.filter((id) => !movedIn.has(id));
        const late = [...movedIn.keys()];
        const [tallies, detailed, absences] = await Promise.all([
          this.tallies(plain, windows.P07),
          this.requiredSessions(late, windows.P07),
          this.absences(chunk, windows.N03),
        ]);
        for (const [tenantId, list] of detailed) tallies.set(tenantId, tallyOf(list, windows.P07, movedIn.get(tenantId), timeZone));
        return trainingFacts({ tenantIds: chunk, timeZone, thresholds, windows, tallies, sessions, absences, movedIn });
      }));
      for (const facts of results) for (const [tenantId, list] of facts) out.set(tenantId, list);
    }
    return out;
  }

  /** Required sessions that ended in the window and were not excused (by mark or approved request), of a tenant and its invitations. */
  private required(qb: SelectQueryBuilder<TrainingInvitationEntity>, window: RateWindow): SelectQueryBuilder<TrainingInvitationEntity> {
    const excuses = this.dataSource.getMetadata(TrainingExcuseEntity).tableName;
    return qb
      .innerJoin(TrainingSessionEntity, 's', "s.id = i.sessionId AND s.status = 'scheduled'")
      .leftJoin(TrainingAttendanceEntity, 'a', 'a.sessionId = i.sessionId AND a.tenantId = i.tenantId')
      .andWhere('s.endsAt > :from AND s.endsAt <= :to', { from: datetimeParam(window.from), to: datetimeParam(window.to) })
      .andWhere(new Brackets((w) => w.where('a.mark IS NULL').orWhere("a.mark <> 'excused'")))
      .andWhere(`NOT EXISTS (SELECT 1 FROM ${excuses} e WHERE e.sessionId = i.sessionId AND e.tenantId = i.tenantId AND e.status = 'approved')`);
  }

  /** The rate's counts per tenant, aggregated in SQL. */
  private async tallies(tenantIds: readonly number[], window: RateWindow): Promise<Map<number, RateTally>> {
    const out = new Map<number, RateTally>();
    if (!tenantIds.length) return out;
    const rows = await this.required(this.dataSource.getRepository(TrainingInvitationEntity).createQueryBuilder('i').where('i.tenantId IN (:...tenantIds)', { tenantIds }), window)
      .select('i.tenantId', 'tenantId')
      .addSelect('COUNT(*)', 'required')
      .addSelect("SUM(CASE WHEN a.mark IN ('present', 'late') THEN 1 ELSE 0 END)", 'attended')
      .addSelect('MAX(i.sessionId)', 'lastSessionId')
      .groupBy('i.tenantId')
      .getRawMany<{ tenantId: number | string; required: number | string; attended: number | string | null; lastSessionId: number | string }>();
    for (const r of rows) out.set(Number(r.tenantId), { attended: Number(r.attended ?? 0), required: Number(r.required), lastSessionId: Number(r.lastSessionId) });
    return out;
  }

  /** Row by row, for the few tenants whose move-in date decides. */
  private async requiredSessions(tenantIds: readonly number[], window: RateWindow): Promise<Map<number, RequiredSession[]>> {
    const out = new Map<number, RequiredSession[]>(tenantIds.map((id) => [id, []]));
    if (!tenantIds.length) return out;
    const rows = await this.required(this.dataSource.getRepository(TrainingInvitationEntity).createQueryBuilder('i').where('i.tenantId IN (:...tenantIds)', { tenantIds }), window)
      .select('i.tenantId', 'tenantId').addSelect('i.sessionId', 'sessionId').addSelect('s.startsAt', 'startsAt').addSelect('s.endsAt', 'endsAt').addSelect('a.mark', 'mark')
      .getRawMany<{ tenantId: number | string; sessionId: number | string; startsAt: unknown; endsAt: unknown; mark: AttendanceMark | null }>();
    for (const r of rows) {
      out.get(Number(r.tenantId))?.push({ sessionId: Number(r.sessionId), startsAt: toDate(r.startsAt), endsAt: toDate(r.endsAt), mark: r.mark ?? null });
    }
    return out;
  }

  /** `absent` marks on required sessions that ended in the window, without an approved excuse. */
  private async absences(tenantIds: readonly number[], window: RateWindow): Promise<FactAbsence[]> {
    const excuses = this.dataSource.getMetadata(TrainingExcuseEntity).tableName;
    const rows = await this.dataSource.getRepository(TrainingAttendanceEntity).createQueryBuilder('a')
      .innerJoin(TrainingInvitationEntity, 'i', 'i.sessionId = a.sessionId AND i.tenantId = a.tenantId')
      .innerJoin(TrainingSessionEntity, 's', "s.id = a.sessionId AND s.status = 'scheduled'")
      .select('a.tenantId', 'tenantId').addSelect('a.sessionId', 'sessionId')
      .where('a.tenantId IN (:...tenantIds)', { tenantIds })
      .andWhere("a.mark = 'absent'")
      .andWhere('s.endsAt > :from AND s.endsAt <= :to', { from: datetimeParam(window.from), to: datetimeParam(window.to) })
      .andWhere(`NOT EXISTS (SELECT 1 FROM ${excuses} e WHERE e.sessionId = a.sessionId AND e.tenantId = a.tenantId AND e.status = 'approved')`)
      .getRawMany<{ tenantId: number | string; sessionId: number | string }>();
    return rows.map((r) => ({ tenantId: Number(r.tenantId), sessionId: Number(r.sessionId), excuseApproved: false }));
  }
}
