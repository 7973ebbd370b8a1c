import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Brackets, DataSource, type SelectQueryBuilder } from 'typeorm';
import { datetimeParam } from '../../database/raw-sql.js';
import { I18nService } from '../../i18n/i18n.service.js';
import { windowMonths, type Rulebook } from '../../scoring/domain/rulebook.js';
import { FactSource } from '../../scoring/facts/fact-source.js';
import { TenantsQueries } from '../../tenants/tenants.queries.js';
import { endedIn, parkDay, rateWindow, type AttendanceMark, type RateWindow, type RequiredSession } from '../domain/attendance-rate.rules.js';
import { markedFacts, rateThresholds, tallyOf, trainingFacts, type FactAbsence, type FactSession, type RateTally, type TrainingFact } from '../domain/training-facts.rules.js';
import { TrainingAttendanceEntity } from '../entities/training-attendance.entity.js';
import { TrainingExcuseEntity } from '../entities/training-excuse.entity.js';
import { TrainingInvitationEntity } from '../entities/training-invitation.entity.js';
import { TrainingSessionEntity } from '../entities/training-session.entity.js';
import { chunk } from '../../common/chunk.js';

/**
 * Tenants per IN (…) list: with the window's session ids, well under every driver's parameter limit
 * (SQLite's 32,766). Larger lists measured faster on MariaDB than 1,000 (fewer round trips and
 * index dives per row), see the bench.
 */
const CHUNK = 5000;
/** Chunks queried at the same time (the pool has more connections; SQLite serialises them anyway). */
const PARALLEL = 2;
/**
 * Beyond this many tenants (the monthly run over the whole park), absences and approved excuses are
 * read once for the window's sessions rather than per chunk: one pass over their rows beats
 * dozens of id lists.
 */
const WHOLE_PARK = 20_000;
/**
 * Up to this many tenants (one tenant's live score, a what-if), only the sessions they were invited to,
 * hosted or spoke at are read rather than every session of the windows.
 */
const FEW = 50;


/**
 * The trainings pillar's score facts (P07, P08, N03, and the zero-point D02: an attendance mark on
 * file) for many tenants as of a date, set-based:
 * one query for the sessions held in the windows, then per 5,000 tenants one aggregate (the rate's
 * counts, computed in SQL over the window's session ids: no row per session leaves the database)
 * and one list of unexcused absences; tenants that moved in during the window (few) get their required sessions row by row
 * so the rule can leave out those held before the move-in. D02 comes with the rate's counts (the
 * highest marked session of the window, one more column of the same aggregate); only tenants with
 * no mark in the window get one more aggregate over all their marks (the covering index). The decisions are in
 * domain/training-facts.rules.ts; windows and thresholds are the rulebook's.
 */
@Injectable()
export class TrainingFactsSource {
  constructor(@InjectDataSource() private readonly dataSource: DataSource, private readonly tenants: TenantsQueries, private readonly i18n: I18nService) {}

  @FactSource({ name: 'trainings', rules: ['P07', 'P08', 'N03', 'D02'] })
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
    // Sessions are few (hundreds a year): every one that ended in a window, in one query. For a few
    // tenants (a live score) only those they were invited to, hosted or spoke at: every other session
    // is read below by the tenants' invitations alone, so the facts are the same.
    const sessionQuery = this.dataSource.getRepository(TrainingSessionEntity).createQueryBuilder('s')
      .select(['s.id', 's.title', 's.kind', 's.startsAt', 's.endsAt', 's.status', 's.hostTenantId', 's.speakerTenantId'])
      .where("s.status = 'scheduled'")
      .andWhere('s.endsAt > :from AND s.endsAt <= :to', { from: datetimeParam(widest.from), to: datetimeParam(widest.to) });
    if (ids.length <= FEW) {
      const invited = sessionQuery.subQuery().select('i.sessionId').from(TrainingInvitationEntity, 'i').where('i.tenantId IN (:...few)').getQuery();
      sessionQuery.andWhere(new Brackets((w) => w.where(`s.id IN ${invited}`).orWhere('s.hostTenantId IN (:...few)').orWhere('s.speakerTenantId IN (:...few)')), { few: ids });
    }
    // D02: sessions not ended by the end of the as-of day, or cancelled (few: the upcoming ones), are no record yet.
    const endedBy = windows.P07.to;
    // Read once, and only when a tenant without a mark in the window needs it (most live scores do not).
    let notEndedRead: Promise<number[]> | null = null;
    const notEnded = () => (notEndedRead ??= this.dataSource.getRepository(TrainingSessionEntity).createQueryBuilder('s')
      .select('s.id', 'id')
      .where(new Brackets((w) => w.where('s.endsAt > :endedBy', { endedBy: datetimeParam(endedBy) }).orWhere("s.status <> 'scheduled'")))
      .getRawMany<{ id: number | string }>()
      .then((rows) => rows.map((r) => Number(r.id))));
    // A few tenants' move-in dates come with the sessions (every one on file; those after the earliest session are kept below).
    const [sessionRows, movedInFew] = await Promise.all([
      sessionQuery.getMany(),
      ids.length <= FEW ? this.tenants.movedInAfter(ids, '1000-01-01') : null,
    ]);
    const sessions = new Map<number, FactSession>(sessionRows.map((s) => [s.id, s]));
    const presence = (chunk: readonly number[], known: ReadonlyMap<number, number>) => this.presenceFacts(chunk, known, notEnded, sessions, endedBy, timeZone);
    // D02 sorts before every other trainings fact (compareTrainingFacts: by rule), so it goes first.
    const withPresence = (facts: Map<number, TrainingFact[]>, present: Map<number, TrainingFact[]>) => {
      for (const [tenantId, list] of present) facts.get(tenantId)?.unshift(...list);
      return facts;
    };
    if (!sessions.size) {
      const work = chunk(ids, CHUNK);
      for (let i = 0; i < work.length; i += PARALLEL) {
        for (const present of await Promise.all(work.slice(i, i + PARALLEL).map((chunk) => presence(chunk, new Map())))) withPresence(out, present);
      }
      return out;
    }
    // The sessions of each window as an id list: the big tables are then read by their keys alone.
    const p07Ids = sessionRows.filter((s) => endedIn(s.endsAt, windows.P07)).map((s) => s.id);
    const n03Ids = sessionRows.filter((s) => endedIn(s.endsAt, windows.N03)).map((s) => s.id);
    const earliestStart = sessionRows.reduce((min, s) => (s.startsAt < min ? s.startsAt : min), sessionRows[0].startsAt);
    const thresholds = rateThresholds(rulebook);

    const whole = ids.length > WHOLE_PARK;
    const wanted = new Set(ids);
    const [allAbsences, allExcused] = whole
      ? await Promise.all([this.absences(null, n03Ids), this.approvedExcuses(null, [...new Set([...p07Ids, ...n03Ids])])])
      : [null, null];
    const byTenant = <T extends { tenantId: number }>(list: T[] | null) => {
      const map = new Map<number, T[]>();
      for (const x of list ?? []) if (wanted.has(x.tenantId)) map.set(x.tenantId, [...(map.get(x.tenantId) ?? []), x]);
      return map;
    };
    const absencesOf = byTenant(allAbsences);
    const excusedOf = byTenant(allExcused);
    const movedInAll = whole && sessionRows.length ? await this.tenants.movedInAfter(ids, parkDay(sessionRows.reduce((min, s) => (s.startsAt < min ? s.startsAt : min), sessionRows[0].startsAt), timeZone)) : null;

    const work = chunk(ids, CHUNK);
    for (let i = 0; i < work.length; i += PARALLEL) {
      const results = await Promise.all(work.slice(i, i + PARALLEL).map(async (chunk) => {
        // Only a tenant that moved in after the earliest session started can have sessions to leave out.
        const movedIn = movedInAll ? new Map(chunk.flatMap((id) => (movedInAll.has(id) ? [[id, movedInAll.get(id)!] as [number, string]] : [])))
          : movedInFew ? new Map([...movedInFew].filter(([, day]) => day > parkDay(earliestStart, timeZone)))
            : await this.tenants.movedInAfter(chunk, parkDay(earliestStart, timeZone));
        if (movedInFew) {
          const { tallies, absences, lastMarked } = await this.fewTenants(chunk, p07Ids, n03Ids, sessions, windows.P07, movedIn, timeZone);
          return withPresence(trainingFacts({ tenantIds: chunk, timeZone, thresholds, windows, tallies, sessions, absences, movedIn }), await presence(chunk, lastMarked));
        }
        const plain = chunk.filter((id) => !movedIn.has(id));
        const late = [...movedIn.keys()];
        const [tallies, absences, excused] = await Promise.all([
          this.tallies(plain, p07Ids),
          whole ? chunk.flatMap((id) => absencesOf.get(id) ?? []) : this.absences(chunk, n03Ids),
          whole ? chunk.flatMap((id) => excusedOf.get(id) ?? []) : this.approvedExcuses(chunk, [...new Set([...p07Ids, ...n03Ids])]),
        ]);
        const excusedKeys = new Set(excused.map((e) => `${e.tenantId}:${e.sessionId}`));
        // Approved excuses (few) leave their session out of the SQL counts; a tenant whose latest
        // counted session was excused is recounted row by row (its record must be a counted session).
        const p07 = new Set(p07Ids);
        const recount: number[] = [...late];
        for (const e of excused) {
          const t = tallies.get(e.tenantId);
          if (!t || !p07.has(e.sessionId) || e.mark === 'excused') continue;
          t.required -= 1;
          if (e.mark === 'present' || e.mark === 'late') t.attended -= 1;
          if (t.lastSessionId === e.sessionId) recount.push(e.tenantId);
        }
        // D02 where the window tells: its highest marked required session (an absence is a mark too).
        const lastMarked = new Map<number, number>();
        const markedAt = (tenantId: number, sessionId: number) => lastMarked.set(tenantId, Math.max(sessionId, lastMarked.get(tenantId) ?? 0));
        for (const [tenantId, t] of tallies) if (t.lastMarkedSessionId) markedAt(tenantId, t.lastMarkedSessionId);
        for (const a of absences) markedAt(a.tenantId, a.sessionId);
        for (const [tenantId, list] of await this.requiredSessions(recount, p07Ids, sessions, excusedKeys)) {
          tallies.set(tenantId, tallyOf(list, windows.P07, movedIn.get(tenantId), timeZone));
          for (const r of list) if (r.mark !== null) markedAt(tenantId, r.sessionId);
        }
        for (const a of absences) a.excuseApproved = excusedKeys.has(`${a.tenantId}:${a.sessionId}`);
        const facts = trainingFacts({ tenantIds: chunk, timeZone, thresholds, windows, tallies, sessions, absences, movedIn });
        return withPresence(facts, await presence(chunk, lastMarked));
      }));
      for (const facts of results) for (const [tenantId, list] of facts) out.set(tenantId, list);
    }
    return out;
  }

  /**
   * D02 of a chunk: `known` names the tenants' highest marked session found with the rate; the others
   * get theirs from one aggregate over the covering index (the highest marked session, leaving out
   * `notEnded`). The sessions named outside `sessions` (older ones) are read by id; markedFacts decides.
   */
  private async presenceFacts(
    tenantIds: readonly number[], known: ReadonlyMap<number, number>, notEndedOf: () => Promise<number[]>, sessions: ReadonlyMap<number, FactSession>, endedBy: Date, timeZone: string,
  ): Promise<Map<number, TrainingFact[]>> {
    const latest = new Map(known);
    const missing = tenantIds.filter((id) => !latest.has(id));
    if (missing.length) {
      const notEnded = await notEndedOf();
      const qb = this.dataSource.getRepository(TrainingAttendanceEntity).createQueryBuilder('a')
        .select('a.tenantId', 'tenantId').addSelect('MAX(a.sessionId)', 'sessionId')
        .where('a.tenantId IN (:...missing)', { missing });
      if (notEnded.length) qb.andWhere('a.sessionId NOT IN (:...notEnded)', { notEnded });
      for (const r of await qb.groupBy('a.tenantId').getRawMany<{ tenantId: number | string; sessionId: number | string }>()) latest.set(Number(r.tenantId), Number(r.sessionId));
    }
    const named = new Map<number, FactSession>();
    const unknown = [...new Set([...latest.values()].filter((id) => !sessions.has(id)))];
    const older = new Map<number, FactSession>();
    for (const part of chunk(unknown, 1000)) {
      const rows = await this.dataSource.getRepository(TrainingSessionEntity).createQueryBuilder('s')
        .select(['s.id', 's.title', 's.kind', 's.startsAt', 's.endsAt', 's.status', 's.hostTenantId', 's.speakerTenantId'])
        .where('s.id IN (:...part)', { part })
        .getMany();
      for (const s of rows) older.set(s.id, s);
    }
    for (const [tenantId, sessionId] of latest) {
      const s = sessions.get(sessionId) ?? older.get(sessionId);
      if (s) named.set(tenantId, s);
    }
    return markedFacts(named, endedBy, timeZone);
  }

  /**
   * A few tenants (a live score), row by row in one query: their required sessions of both windows
   * with the mark and whether an excuse was approved. The tally is the detailed path's (tallyOf, as
   * for a tenant that moved in), the absences are the `absent` marks of the N03 window, and the
   * highest marked session of the P07 window (or absence) is D02's, as the set-based path finds them.
   */
  private async fewTenants(
    tenantIds: readonly number[], p07Ids: readonly number[], n03Ids: readonly number[], sessions: ReadonlyMap<number, FactSession>, window: RateWindow,
    movedIn: ReadonlyMap<number, string>, timeZone: string,
  ): Promise<{ tallies: Map<number, RateTally>; absences: FactAbsence[]; lastMarked: Map<number, number> }> {
    const both = [...new Set([...p07Ids, ...n03Ids])];
    const qb = this.required(tenantIds, both);
    const approved = qb.subQuery().select('1').from(TrainingExcuseEntity, 'e')
      .where("e.tenantId = i.tenantId AND e.sessionId = i.sessionId AND e.status = 'approved'").getQuery();
    const rows = await qb
      .select('i.tenantId', 'tenantId').addSelect('i.sessionId', 'sessionId').addSelect('a.mark', 'mark')
      .addSelect(`CASE WHEN EXISTS ${approved} THEN 1 ELSE 0 END`, 'excused')
      .getRawMany<{ tenantId: number | string; sessionId: number | string; mark: AttendanceMark | null; excused: number | string }>();
    const p07 = new Set(p07Ids);
    const n03 = new Set(n03Ids);
    const required = new Map<number, RequiredSession[]>(tenantIds.map((id) => [id, []]));
    const absences: FactAbsence[] = [];
    const lastMarked = new Map<number, number>();
    const markedAt = (tenantId: number, sessionId: number) => lastMarked.set(tenantId, Math.max(sessionId, lastMarked.get(tenantId) ?? 0));
    for (const r of rows) {
      const tenantId = Number(r.tenantId);
      const s = sessions.get(Number(r.sessionId));
      if (!s) continue;
      const mark = r.mark ?? null;
      const excuseApproved = Number(r.excused) === 1;
      if (p07.has(s.id)) {
        required.get(tenantId)?.push({ sessionId: s.id, startsAt: s.startsAt, endsAt: s.endsAt, mark, excuseApproved });
        if (mark !== null) markedAt(tenantId, s.id);
      }
      if (n03.has(s.id) && mark === 'absent') {
        absences.push({ tenantId, sessionId: s.id, excuseApproved });
        markedAt(tenantId, s.id);
      }
    }
    const tallies = new Map<number, RateTally>();
    for (const [tenantId, list] of required) tallies.set(tenantId, tallyOf(list, window, movedIn.get(tenantId), timeZone));
    return { tallies, absences, lastMarked };
  }

  /** Of the tenants' invitations to `sessionIds`, those not marked excused, with the mark (approved excuse requests are applied afterwards). */
  private required(tenantIds: readonly number[], sessionIds: readonly number[]): SelectQueryBuilder<TrainingInvitationEntity> {
    return this.dataSource.getRepository(TrainingInvitationEntity).createQueryBuilder('i')
      .leftJoin(TrainingAttendanceEntity, 'a', 'a.sessionId = i.sessionId AND a.tenantId = i.tenantId')
      .where('i.tenantId IN (:...tenantIds)', { tenantIds })
      .andWhere('i.sessionId IN (:...sessionIds)', { sessionIds })
      .andWhere(new Brackets((w) => w.where('a.mark IS NULL').orWhere("a.mark <> 'excused'")));
  }

  /** Approved excuse requests of the tenants for `sessionIds` where they were invited, with the mark they got. */
  private async approvedExcuses(tenantIds: readonly number[] | null, sessionIds: readonly number[]): Promise<{ tenantId: number; sessionId: number; mark: AttendanceMark | null }[]> {
    if (!sessionIds.length) return [];
    const qb = this.dataSource.getRepository(TrainingExcuseEntity).createQueryBuilder('e')
      .innerJoin(TrainingInvitationEntity, 'i', 'i.sessionId = e.sessionId AND i.tenantId = e.tenantId')
      .leftJoin(TrainingAttendanceEntity, 'a', 'a.sessionId = e.sessionId AND a.tenantId = e.tenantId')
      .select('e.tenantId', 'tenantId').addSelect('e.sessionId', 'sessionId').addSelect('a.mark', 'mark')
      .where('e.sessionId IN (:...sessionIds)', { sessionIds });
    if (tenantIds) qb.andWhere('e.tenantId IN (:...tenantIds)', { tenantIds });
    const rows = await qb
      .andWhere("e.status = 'approved'")
      .distinct(true)
      .getRawMany<{ tenantId: number | string; sessionId: number | string; mark: AttendanceMark | null }>();
    return rows.map((r) => ({ tenantId: Number(r.tenantId), sessionId: Number(r.sessionId), mark: r.mark ?? null }));
  }

  /** The rate's counts per tenant, aggregated in SQL. */
  private async tallies(tenantIds: readonly number[], sessionIds: readonly number[]): Promise<Map<number, RateTally>> {
    const out = new Map<number, RateTally>();
    if (!tenantIds.length || !sessionIds.length) return out;
    const rows = await this.required(tenantIds, sessionIds)
      .select('i.tenantId', 'tenantId')
      .addSelect('COUNT(*)', 'required')
      .addSelect("SUM(CASE WHEN a.mark IN ('present', 'late') THEN 1 ELSE 0 END)", 'attended')
      .addSelect('MAX(i.sessionId)', 'lastSessionId')
      .addSelect('MAX(CASE WHEN a.mark IS NOT NULL THEN i.sessionId ELSE NULL END)', 'lastMarkedSessionId')
      .groupBy('i.tenantId')
      .getRawMany<{ tenantId: number | string; required: number | string; attended: number | string | null; lastSessionId: number | string; lastMarkedSessionId: number | string | null }>();
    for (const r of rows) {
      out.set(Number(r.tenantId), {
        attended: Number(r.attended ?? 0), required: Number(r.required), lastSessionId: Number(r.lastSessionId),
        lastMarkedSessionId: r.lastMarkedSessionId === null || r.lastMarkedSessionId === undefined ? null : Number(r.lastMarkedSessionId),
      });
    }
    return out;
  }

  /** Row by row, for the few tenants whose move-in date decides (or whose latest session was excused); `excused` are the approved requests as `tenant:session`. */
  private async requiredSessions(tenantIds: readonly number[], sessionIds: readonly number[], sessions: ReadonlyMap<number, FactSession>, excused: ReadonlySet<string>): Promise<Map<number, RequiredSession[]>> {
    const out = new Map<number, RequiredSession[]>(tenantIds.map((id) => [id, []]));
    if (!tenantIds.length || !sessionIds.length) return out;
    const rows = await this.required(tenantIds, sessionIds)
      .select('i.tenantId', 'tenantId').addSelect('i.sessionId', 'sessionId').addSelect('a.mark', 'mark')
      .getRawMany<{ tenantId: number | string; sessionId: number | string; mark: AttendanceMark | null }>();
    for (const r of rows) {
      const s = sessions.get(Number(r.sessionId));
      if (s) out.get(Number(r.tenantId))?.push({ sessionId: s.id, startsAt: s.startsAt, endsAt: s.endsAt, mark: r.mark ?? null, excuseApproved: excused.has(`${r.tenantId}:${s.id}`) });
    }
    return out;
  }


  /** `absent` marks on required sessions of the window (approved excuses are applied afterwards), from the covering index. */
  private async absences(tenantIds: readonly number[] | null, sessionIds: readonly number[]): Promise<FactAbsence[]> {
    if (!sessionIds.length) return [];
    const qb = this.dataSource.getRepository(TrainingAttendanceEntity).createQueryBuilder('a')
      .innerJoin(TrainingInvitationEntity, 'i', 'i.sessionId = a.sessionId AND i.tenantId = a.tenantId')
      .select('a.tenantId', 'tenantId').addSelect('a.sessionId', 'sessionId')
      .where('a.sessionId IN (:...sessionIds)', { sessionIds })
      .andWhere("a.mark = 'absent'");
    if (tenantIds) qb.andWhere('a.tenantId IN (:...tenantIds)', { tenantIds });
    const rows = await qb.getRawMany<{ tenantId: number | string; sessionId: number | string }>();
    return rows.map((r) => ({ tenantId: Number(r.tenantId), sessionId: Number(r.sessionId), excuseApproved: false }));
  }
}
