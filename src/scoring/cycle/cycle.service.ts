import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { isOfficerOf } from '../../accounts/domain/access-policy.js';
import { UsersQueries } from '../../accounts/users.queries.js';
import { AuditService } from '../../audit/audit.service.js';
import { ConflictError, NotFoundError, ValidationFailedError } from '../../common/errors/domain-error.js';
import type { Actor, Principal } from '../../common/principal.js';
import { writeLock } from '../../database/raw-sql.js';
import { UnitOfWork } from '../../database/unit-of-work.js';
import { FilesService } from '../../files/files.service.js';
import type { UploadedPart } from '../../files/upload.interceptor.js';
import { I18nService } from '../../i18n/i18n.service.js';
import type { Locale } from '../../i18n/messages/index.js';
import { NotificationsService } from '../../notifications/notifications.service.js';
import { QueueService } from '../../queue/queue.service.js';
import { TenantsQueries } from '../../tenants/tenants.queries.js';
import { RulebookService } from '../core/rulebook.service.js';
import {
  adjustedGrade, adjustedScore, gradeOfScore, isMonth, monthOf, objectionOpen, percentiles, publishMissing, readExplanation, type PublishMissing, type StoredExplanation,
} from '../domain/month-cycle.rules.js';
import type { ScoreGrade } from '../domain/rulebook.js';
import { ScoreErratumEntity } from '../entities/score-erratum.entity.js';
import { ScoreMonthEntity } from '../entities/score-month.entity.js';
import { ScoreObjectionEntity } from '../entities/score-objection.entity.js';
import { ScoreSnapshotEntity } from '../entities/score-snapshot.entity.js';
import { MonthNotPublishableError } from './cycle.errors.js';
import type { AdjustDto, AnswerObjectionDto, CountersignDto, ErratumDto, ObjectionDto } from './dto/cycle.dto.js';
import { MAX_OBJECTION_FILES } from './dto/cycle.dto.js';
import { ScoreHistoryQueries } from '../core/score-history.queries.js';

export const OBJECTION_OWNER = 'score_objection';

/** What the objection form's `contribution` names: a contribution's (rule, record), or none for the whole result. */
export interface ContributionRef {
  rule: string;
  sourceType: string;
  sourceId: number;
}

export function contributionKey(c: ContributionRef): string {
  return `${c.rule}:${c.sourceType}:${c.sourceId}`;
}

export function parseExplanation(text: string): StoredExplanation {
  return readExplanation(text);
}

/**
 * The monthly cycle after the run (一月一审核、一月一公示): staff adjust a draft result with a reason;
 * the tenant's officers object, with evidence, until the window closes; staff answer each objection
 * (corrected with an adjustment, verified unchanged, rejected); a regulator countersigns — any later
 * adjustment or correction voids the countersignature; staff publish (409 with what is missing), the
 * percentiles are set and every tenant's officers told by a job; afterwards only numbered errata.
 * Every step is audited.
 */
@Injectable()
export class CycleService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly uow: UnitOfWork,
    private readonly audit: AuditService,
    private readonly files: FilesService,
    private readonly notifications: NotificationsService,
    private readonly queue: QueueService,
    private readonly i18n: I18nService,
    private readonly users: UsersQueries,
    private readonly history: ScoreHistoryQueries,
    private readonly tenants: TenantsQueries,
    private readonly rulebooks: RulebookService,
  ) {}

  async month(month: string): Promise<ScoreMonthEntity> {
    const row = isMonth(month) ? await this.dataSource.getRepository(ScoreMonthEntity).findOneBy({ month }) : null;
    if (!row) throw new NotFoundError('scoringCycle.monthNotFound', { month: String(month).slice(0, 20) });
    return row;
  }

  async snapshot(monthId: number, tenantId: number): Promise<ScoreSnapshotEntity> {
    const row = await this.dataSource.getRepository(ScoreSnapshotEntity).findOneBy({ monthId, tenantId });
    if (!row) throw new NotFoundError('scoringCycle.snapshotNotFound');
    return row;
  }

  /** Whether any month was ever run (the demo seed fills in months only in a park that has none). */
  async anyMonth(): Promise<boolean> {
    return (await this.dataSource.getRepository(ScoreMonthEntity).count({ take: 1 })) > 0;
  }

  /** How many objections a tenant filed to a month, whatever became of them. */
  async objectionsFiled(monthId: number, tenantId: number): Promise<number> {
    return this.dataSource.getRepository(ScoreObjectionEntity).countBy({ monthId, tenantId });
  }

  /**
   * Asks the worker to run (or re-run) a month now. The job id follows the month's state, so a
   * double click queues one run, and a later re-run another.
   */
  async requestRun(month: string, restart: boolean, actor: Actor): Promise<{ jobId: string }> {
    const today = this.i18n.today();
    if (!isMonth(month)) throw new ValidationFailedError({ month: [{ code: 'format' }] });
    if (month > monthOf(today)) throw new ValidationFailedError({ month: [{ code: 'notFuture', params: { limit: monthOf(today) } }] });
    const existing = await this.dataSource.getRepository(ScoreMonthEntity).findOneBy({ month });
    if (existing?.status === 'published') throw new ConflictError('scoringCycle.monthPublished', { month });
    const state = existing ? `${existing.status}-${existing.computedAt?.getTime() ?? 0}-${existing.cursor}` : 'new';
    const jobId = await this.queue.enqueue('cycle.monthEnd', { month, restart }, { jobId: `month-run-${month}-${state}${restart ? '-r' : ''}` });
    if (existing) {
      await this.uow.run((m) => this.audit.record(m, actor, { action: 'scoreMonth.runRequested', entityType: 'score_month', entityId: existing.id, after: { month, restart, jobId } }));
    }
    return { jobId };
  }

  /** Refuses changes to a month that is not in review: computing (409), published (409: use an erratum). */
  private assertInReview(month: ScoreMonthEntity, publishedKey = 'scoringCycle.useErratum'): void {
    if (month.status === 'published') throw new ConflictError(publishedKey, { month: month.month });
    if (month.status === 'computing') throw new ConflictError('scoringCycle.computing', { month: month.month });
  }

  /** Staff set a tenant's adjustment in a draft month (0 removes it), with a reason; a countersignature is voided. */
  async adjust(monthKey: string, tenantId: number, dto: AdjustDto, principal: Principal, actor: Actor): Promise<ScoreSnapshotEntity> {
    const month = await this.month(monthKey);
    this.assertInReview(month);
    const snapshot = await this.snapshot(month.id, tenantId);
    return this.uow.run(async (m) => {
      const after = await this.applyAdjustment(m, month, snapshot, dto.points, dto.reason, principal, actor);
      return after;
    });
  }

  /** Writes an adjustment (conditional on the month still in review) and voids a countersignature; audited. */
  private async applyAdjustment(
    m: EntityManager, month: ScoreMonthEntity, snapshot: ScoreSnapshotEntity, points: number, reason: string, principal: Principal, actor: Actor, correction: { objectionId: number } | null = null,
  ): Promise<ScoreSnapshotEntity> {
    const locked = await m.getRepository(ScoreMonthEntity).findOne({ where: { id: month.id }, lock: writeLock(this.dataSource) });
    if (!locked) throw new NotFoundError('scoringCycle.monthNotFound', { month: month.month });
    this.assertInReview(locked);
    const rulebook = await this.rulebooks.inForce(locked.asOf);
    const explanation = parseExplanation(snapshot.explanation);
    const score = adjustedScore(snapshot.computedScore, points, rulebook);
    const { grade, bandGrade } = adjustedGrade(score, points, rulebook, explanation);
    const change = {
      adjustment: points, adjustmentReason: points ? reason : null, adjustedById: principal.userId, adjustedAt: new Date(), score, grade, bandGrade,
    };
    await m.getRepository(ScoreSnapshotEntity).update({ id: snapshot.id }, change);
    await this.audit.record(m, actor, {
      action: correction ? 'scoreSnapshot.correct' : 'scoreSnapshot.adjust', entityType: 'score_snapshot', entityId: snapshot.id,
      before: { adjustment: snapshot.adjustment, score: snapshot.score, grade: snapshot.grade },
      after: { month: month.month, tenantId: snapshot.tenantId, adjustment: points, reason, score, grade, ...(correction ?? {}) },
    });
    await this.voidCountersignature(m, locked, actor);
    return Object.assign(snapshot, change);
  }

  private async voidCountersignature(m: EntityManager, month: ScoreMonthEntity, actor: Actor): Promise<void> {
    if (month.status !== 'countersigned') return;
    await m.getRepository(ScoreMonthEntity).update({ id: month.id }, { status: 'draft', countersignedById: null, countersignedAt: null, countersignNote: null });
    await this.audit.record(m, actor, {
      action: 'scoreMonth.countersignVoided', entityType: 'score_month', entityId: month.id,
      before: { status: 'countersigned', countersignedById: month.countersignedById }, after: { month: month.month, status: 'draft' },
    });
    month.status = 'draft';
  }

  /**
   * The snapshot an officer may object to: their own tenant's (another's looks missing), in a month
   * under review (409), within the window (409 with the day it closed). Also checked before an upload's body is read.
   */
  async objectable(monthKey: string, tenantId: number, principal: Principal): Promise<{ month: ScoreMonthEntity; snapshot: ScoreSnapshotEntity }> {
    if (!isOfficerOf(principal, tenantId)) throw new NotFoundError('scoringCycle.snapshotNotFound');
    const month = await this.month(monthKey);
    if (month.status === 'published') throw new ConflictError('scoringCycle.objectionPublished', { month: month.month });
    if (month.status === 'computing') throw new ConflictError('scoringCycle.computing', { month: month.month });
    const snapshot = await this.snapshot(month.id, tenantId);
    if (!objectionOpen(month.objectionClosesOn, this.i18n.today())) {
      throw new ConflictError('scoringCycle.objectionClosed', { date: month.objectionClosesOn ?? '' });
    }
    return { month, snapshot };
  }

  /** An officer objects to one contribution (or the whole result) with a reason and evidence; staff are told. */
  async object(monthKey: string, tenantId: number, dto: ObjectionDto, parts: UploadedPart[], principal: Principal, actor: Actor): Promise<ScoreObjectionEntity> {
    const { month, snapshot } = await this.objectable(monthKey, tenantId, principal);
    let ref: ContributionRef | null = null;
    if (dto.contribution) {
      const found = parseExplanation(snapshot.explanation).contributions.find((c) => contributionKey({ rule: c.rule, sourceType: c.source.type, sourceId: c.source.id }) === dto.contribution);
      if (!found) throw new ValidationFailedError({ contribution: [{ code: 'oneOf' }] });
      ref = { rule: found.rule, sourceType: found.source.type, sourceId: found.source.id };
    }
    if (parts.length > MAX_OBJECTION_FILES) throw new ValidationFailedError({ files: [{ code: 'maxFiles', params: { limit: MAX_OBJECTION_FILES } }] });
    this.files.check(parts);
    const tenant = await this.tenants.summary(tenantId);
    return this.uow.run(async (m, afterCommit) => {
      const repo = m.getRepository(ScoreObjectionEntity);
      const row = await repo.save(repo.create({
        monthId: month.id, snapshotId: snapshot.id, tenantId, rule: ref?.rule ?? null, sourceType: ref?.sourceType ?? null, sourceId: ref?.sourceId ?? null,
        reason: dto.reason, filedById: principal.userId, filedAt: new Date(), status: 'open', answer: null, answeredById: null, answeredAt: null,
      }));
      await m.getRepository(ScoreSnapshotEntity).increment({ id: snapshot.id }, 'openObjections', 1);
      const stored = await this.files.store(m, OBJECTION_OWNER, row.id, parts, principal.userId);
      await this.audit.record(m, actor, {
        action: 'scoreObjection.file', entityType: 'score_objection', entityId: row.id,
        after: {
          month: month.month, tenantId, rule: row.rule, sourceType: row.sourceType, sourceId: row.sourceId, reason: row.reason, status: 'open',
          files: stored.map((f) => ({ id: f.id, fileName: f.fileName, sha256: f.sha256, size: f.size })),
        },
      });
      await this.notifications.notify(m, afterCommit, {
        userIds: await this.users.managerIds(0, 1000),
        template: 'score-objection-filed',
        params: { tenantName: tenant?.name ?? '', month: month.month, rule: row.rule ?? '—', reason: row.reason.slice(0, 500) },
        link: `/scores/${month.month}/tenants/${tenantId}`,
        dedupeKey: `score-objection-filed:${row.id}`,
      });
      return row;
    });
  }

  /** The objection and its month, for staff (404 when missing, or not in `monthKey`). */
  async objection(monthKey: string, objectionId: number): Promise<{ month: ScoreMonthEntity; objection: ScoreObjectionEntity }> {
    const month = await this.month(monthKey);
    const objection = await this.dataSource.getRepository(ScoreObjectionEntity).findOneBy({ id: objectionId, monthId: month.id });
    if (!objection) throw new NotFoundError('scoringCycle.objectionNotFound');
    return { month, objection };
  }

  /** Staff answer an open objection; a correction sets the snapshot's adjustment (and voids a countersignature). The officers are told. */
  async answer(monthKey: string, objectionId: number, dto: AnswerObjectionDto, principal: Principal, actor: Actor): Promise<ScoreObjectionEntity> {
    const { month, objection } = await this.objection(monthKey, objectionId);
    if (dto.answer === 'corrected' && dto.points === undefined) throw new ValidationFailedError({ points: [{ code: 'required' }] });
    if (objection.status !== 'open') throw new ConflictError('scoringCycle.objectionAnswered');
    this.assertInReview(month);
    const snapshot = await this.dataSource.getRepository(ScoreSnapshotEntity).findOneByOrFail({ id: objection.snapshotId });
    const officers = (await this.users.officersOf([objection.tenantId])).get(objection.tenantId) ?? [];
    return this.uow.run(async (m, afterCommit) => {
      const answered = { status: dto.answer, answer: dto.reason, answeredById: principal.userId, answeredAt: new Date() };
      const moved = await m.getRepository(ScoreObjectionEntity).createQueryBuilder().update().set(answered)
        .where("id = :id AND status = 'open'", { id: objection.id }).execute();
      if (!moved.affected) throw new ConflictError('scoringCycle.objectionAnswered');
      await m.getRepository(ScoreSnapshotEntity).decrement({ id: snapshot.id }, 'openObjections', 1);
      let after = snapshot;
      if (dto.answer === 'corrected') {
        after = await this.applyAdjustment(m, month, snapshot, dto.points!, dto.reason, principal, actor, { objectionId: objection.id });
      }
      await this.audit.record(m, actor, {
        action: 'scoreObjection.answer', entityType: 'score_objection', entityId: objection.id,
        before: { status: 'open' },
        after: { month: month.month, tenantId: objection.tenantId, status: dto.answer, reason: dto.reason, ...(dto.answer === 'corrected' ? { adjustment: dto.points, score: after.score, grade: after.grade } : {}) },
      });
      await this.notifications.notify(m, afterCommit, {
        userIds: officers,
        template: 'score-objection-answered',
        params: { month: month.month, answer: dto.answer, reason: dto.reason.slice(0, 500), score: after.score, grade: after.grade },
        link: `/scores/${month.month}/tenants/${objection.tenantId}`,
        dedupeKey: `score-objection-answered:${objection.id}`,
      });
      return Object.assign(objection, answered);
    });
  }

  /** A regulator countersigns a draft month (note optional). */
  async countersign(monthKey: string, dto: CountersignDto, principal: Principal, actor: Actor): Promise<ScoreMonthEntity> {
    const month = await this.month(monthKey);
    if (month.status === 'published') throw new ConflictError('scoringCycle.monthPublished', { month: month.month });
    if (month.status === 'computing') throw new ConflictError('scoringCycle.computing', { month: month.month });
    if (month.status === 'countersigned') throw new ConflictError('scoringCycle.alreadyCountersigned', { month: month.month });
    return this.uow.run(async (m) => {
      const change = { status: 'countersigned' as const, countersignedById: principal.userId, countersignedAt: new Date(), countersignNote: dto.note ?? null };
      const moved = await m.getRepository(ScoreMonthEntity).createQueryBuilder().update().set(change)
        .where("id = :id AND status = 'draft'", { id: month.id }).execute();
      if (!moved.affected) throw new ConflictError('scoringCycle.alreadyCountersigned', { month: month.month });
      await this.audit.record(m, actor, {
        action: 'scoreMonth.countersign', entityType: 'score_month', entityId: month.id,
        before: { status: 'draft' }, after: { month: month.month, status: 'countersigned', note: change.countersignNote, snapshots: month.tenantsDone },
      });
      return Object.assign(month, change);
    });
  }

  /** What the month lacks before publication (for the page and the 409). */
  async missing(month: ScoreMonthEntity): Promise<PublishMissing> {
    const open = await this.dataSource.getRepository(ScoreObjectionEntity).countBy({ monthId: month.id, status: 'open' });
    return publishMissing(month, open, this.i18n.today());
  }

  /** The missing items as one sentence in `locale`. */
  describeMissing(missing: PublishMissing, locale: Locale | string): string {
    const parts: string[] = [];
    if (missing.countersignature) parts.push(this.i18n.t(locale, 'scoringCycle.missing.countersignature'));
    if (missing.openObjections) parts.push(this.i18n.t(locale, 'scoringCycle.missing.openObjections', { count: missing.openObjections }));
    if (missing.objectionWindowOpenUntil) parts.push(this.i18n.t(locale, 'scoringCycle.missing.objectionWindow', { date: missing.objectionWindowOpenUntil }));
    return parts.join(this.i18n.t(locale, 'scoringCycle.missing.separator'));
  }

  /**
   * Staff publish a countersigned month with no open objection and its window closed (409 listing
   * what is missing otherwise): the published score and grade are frozen, the percentiles set, and
   * the officers of every tenant told by the `scoring.publicationNotices` job.
   */
  async publish(monthKey: string, principal: Principal, actor: Actor, locale: Locale | string = this.i18n.defaultLocale): Promise<ScoreMonthEntity> {
    const month = await this.month(monthKey);
    if (month.status === 'published') throw new ConflictError('scoringCycle.monthPublished', { month: month.month });
    const missing = await this.missing(month);
    if (!missing.ready) throw new MonthNotPublishableError(month.month, missing, this.describeMissing(missing, locale));
    const snapshots = this.dataSource.getMetadata(ScoreSnapshotEntity).tableName;
    return this.uow.run(async (m, afterCommit) => {
      const change = { status: 'published' as const, publishedById: principal.userId, publishedAt: new Date() };
      const moved = await m.getRepository(ScoreMonthEntity).createQueryBuilder().update().set(change)
        .where("id = :id AND status = 'countersigned'", { id: month.id }).execute();
      if (!moved.affected) throw new ConflictError('scoringCycle.notCountersigned', { month: month.month });
      if (await m.getRepository(ScoreObjectionEntity).countBy({ monthId: month.id, status: 'open' })) {
        throw new MonthNotPublishableError(month.month, { ...missing, ready: false, openObjections: 1 }, this.describeMissing({ ...missing, openObjections: 1 }, locale));
      }
      await m.query(`UPDATE ${snapshots} SET publishedScore = score, publishedGrade = grade WHERE monthId = ?`, [month.id]);
      const histogram: { score: number | string; n: number | string }[] = await m.query(`SELECT score, COUNT(*) AS n FROM ${snapshots} WHERE monthId = ? GROUP BY score`, [month.id]);
      const table = percentiles(histogram.map((h) => ({ score: Number(h.score), n: Number(h.n) })));
      if (table.size) {
        // One pass over the month's rows: a CASE over the (at most 101) distinct scores.
        const cases = [...table.keys()].map(() => 'WHEN ? THEN ?').join(' ');
        await m.query(`UPDATE ${snapshots} SET percentile = CASE score ${cases} END WHERE monthId = ?`, [...[...table].flat(), month.id]);
      }
      const grades: { grade: string; n: number | string }[] = await m.query(`SELECT grade, COUNT(*) AS n FROM ${snapshots} WHERE monthId = ? GROUP BY grade`, [month.id]);
      await this.audit.record(m, actor, {
        action: 'scoreMonth.publish', entityType: 'score_month', entityId: month.id,
        before: { status: 'countersigned' },
        after: { month: month.month, status: 'published', snapshots: month.tenantsDone, grades: Object.fromEntries(grades.map((g) => [g.grade, Number(g.n)])) },
      });
      afterCommit(() => this.history.published());
      afterCommit(() => this.queue.enqueue('scoring.publicationNotices', { monthId: month.id }, { jobId: `score-publication-${month.id}` }));
      return Object.assign(month, change);
    });
  }

  /** A numbered erratum of a published month for one tenant: the snapshot's score and grade change (the published ones stay); the officers are told. */
  async erratum(monthKey: string, dto: ErratumDto, principal: Principal, actor: Actor): Promise<ScoreErratumEntity> {
    const month = await this.month(monthKey);
    if (month.status !== 'published') throw new ConflictError('scoringCycle.erratumNeedsPublished', { month: month.month });
    const snapshot = await this.dataSource.getRepository(ScoreSnapshotEntity).findOneBy({ monthId: month.id, tenantId: dto.tenantId });
    if (!snapshot) throw new ValidationFailedError({ tenantId: [{ code: 'unknownTenant' }] });
    const rulebook = await this.rulebooks.inForce(month.asOf);
    if (dto.score < rulebook.min || dto.score > rulebook.max) throw new ValidationFailedError({ score: [{ code: 'range', params: { min: rulebook.min, max: rulebook.max } }] });
    const grade: ScoreGrade = gradeOfScore(dto.score, rulebook, parseExplanation(snapshot.explanation));
    const officers = (await this.users.officersOf([dto.tenantId])).get(dto.tenantId) ?? [];
    return this.uow.run(async (m, afterCommit) => {
      // The month's row lock numbers errata one at a time.
      await m.getRepository(ScoreMonthEntity).findOne({ where: { id: month.id }, lock: writeLock(this.dataSource) });
      const current = await m.getRepository(ScoreSnapshotEntity).findOneByOrFail({ id: snapshot.id });
      const last = await m.getRepository(ScoreErratumEntity).createQueryBuilder('e').select('MAX(e.number)', 'n').where('e.monthId = :id', { id: month.id }).getRawOne<{ n: number | string | null }>();
      const number = Number(last?.n ?? 0) + 1;
      const repo = m.getRepository(ScoreErratumEntity);
      const row = await repo.save(repo.create({
        monthId: month.id, number, snapshotId: snapshot.id, tenantId: dto.tenantId, beforeScore: current.score, afterScore: dto.score,
        beforeGrade: current.grade, afterGrade: grade, reason: dto.reason, createdById: principal.userId, createdAt: new Date(),
      }));
      await m.getRepository(ScoreSnapshotEntity).update({ id: snapshot.id }, { score: dto.score, grade });
      await this.audit.record(m, actor, {
        action: 'scoreErratum.create', entityType: 'score_erratum', entityId: row.id,
        before: { score: current.score, grade: current.grade },
        after: { month: month.month, number, tenantId: dto.tenantId, score: dto.score, grade, reason: dto.reason },
      });
      await this.notifications.notify(m, afterCommit, {
        userIds: officers,
        template: 'score-erratum',
        params: { month: month.month, number, beforeScore: current.score, afterScore: dto.score, beforeGrade: current.grade, afterGrade: grade, reason: dto.reason.slice(0, 500) },
        link: `/scores/${month.month}/tenants/${dto.tenantId}`,
        dedupeKey: `score-erratum:${row.id}`,
      });
      return row;
    });
  }

  /** The objections' evidence files by objection id. */
  async objectionFiles(ids: number[]) {
    return this.files.listFor(OBJECTION_OWNER, ids);
  }
}
