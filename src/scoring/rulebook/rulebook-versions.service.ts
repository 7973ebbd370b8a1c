import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, Not, type EntityManager } from 'typeorm';
import { UsersQueries } from '../../accounts/users.queries.js';
import { AuditService } from '../../audit/audit.service.js';
import { ConflictError, ForbiddenError, NotFoundError, ValidationFailedError, type FieldProblems } from '../../common/errors/domain-error.js';
import type { Actor } from '../../common/principal.js';
import { pageWindow, type Page } from '../../common/pagination.js';
import { UnitOfWork, type AfterCommit } from '../../database/unit-of-work.js';
import { I18nService } from '../../i18n/i18n.service.js';
import { QueueService } from '../../queue/queue.service.js';
import { RulebookService } from '../core/rulebook.service.js';
import { DEFAULT_RULEBOOK, type Rulebook } from '../domain/rulebook.js';
import type { BacktestResult } from '../domain/rulebook-backtest.rules.js';
import { rulebookDiff, type RulebookChange } from '../domain/rulebook-diff.rules.js';
import { rulebookBody, toEditable, validateRulebookDraft, type EditableRulebook } from '../domain/rulebook-validation.rules.js';
import { RulebookVersionEntity, type RulebookVersionStatus } from '../entities/rulebook-version.entity.js';

export const RULEBOOK_STATUSES: readonly RulebookVersionStatus[] = ['draft', 'pending', 'approved', 'rejected'];
export const REASON_MAX = 2000;

/** A semantically wrong rulebook (overlapping bands, a cap of the wrong sign, an unknown fact): 422 with field errors. */
export class RulebookInvalidError extends ValidationFailedError {
  constructor(fields: FieldProblems) {
    super(fields);
    // A well-formed body whose rules do not hold: 422, where a malformed one gets the base class's 400.
    (this as unknown as { status: number }).status = 422;
  }
}

export const sha256Hex = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');

export type BacktestState = 'running' | 'done' | 'failed' | 'stale';

export interface VersionSummary {
  id: number;
  version: string;
  effectiveFrom: string;
  status: RulebookVersionStatus;
  note: string | null;
  createdBy: { id: number; name: string } | null;
  createdAt: Date;
  submittedAt: Date | null;
  decidedBy: { id: number; name: string } | null;
  decidedAt: Date | null;
  decisionReason: string | null;
  /** In force today. */
  inForce: boolean;
  /** Approved, effective later than today. */
  upcoming: boolean;
  backtestState: BacktestState | null;
}

export interface VersionDetail extends VersionSummary {
  rulebook: Rulebook;
  editable: EditableRulebook;
  sha256: string | null;
  backtest: BacktestResult | null;
  backtestAt: Date | null;
  /** The version in force today, and what this one changes against it (null when this one is in force). */
  inForceVersion: { id: number | null; version: string } | null;
  changes: RulebookChange[] | null;
}

export interface VersionQuery {
  status?: RulebookVersionStatus;
  page?: number;
  pageSize?: number;
}

/**
 * Rulebook versions: admins draft them (every save validated, stored as the domain's Rulebook,
 * back-tested by the `scoring.backtest` job), submit them once the back-test of the saved body has
 * run, and a regulator who is not the author approves (the body's SHA-256 recorded) or rejects
 * them with a reason. Every change is audited.
 */
@Injectable()
export class RulebookVersionsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly uow: UnitOfWork,
    private readonly audit: AuditService,
    private readonly queue: QueueService,
    private readonly rulebooks: RulebookService,
    private readonly users: UsersQueries,
    private readonly i18n: I18nService,
  ) {}

  private repo(m: EntityManager = this.dataSource.manager) {
    return m.getRepository(RulebookVersionEntity);
  }

  async list(query: VersionQuery = {}): Promise<Page<VersionSummary>> {
    const { page, pageSize, skip } = pageWindow(query, 20);
    const [rows, total] = await this.repo().findAndCount({
      select: { id: true, version: true, effectiveFrom: true, status: true, note: true, createdById: true, createdAt: true, submittedAt: true,
        decidedById: true, decidedAt: true, decisionReason: true, backtestAt: true, sha256: true },
      where: query.status ? { status: query.status } : {},
      order: { effectiveFrom: 'DESC', id: 'DESC' }, skip, take: pageSize,
    });
    // Whether a draft's back-test is current needs its body; drafts are few.
    const drafts = rows.filter((r) => r.status === 'draft').map((r) => r.id);
    const bodies = drafts.length ? await this.repo().find({ select: { id: true, body: true, backtest: true }, where: drafts.map((id) => ({ id })) }) : [];
    const byId = new Map(bodies.map((b) => [b.id, b]));
    const names = await this.users.names(rows.flatMap((r) => [r.createdById, r.decidedById]).filter((x): x is number => x !== null));
    const inForce = await this.rulebooks.versionInForce(this.i18n.today());
    return {
      items: rows.map((r) => this.summary(r, names, inForce?.id ?? null, byId.get(r.id))),
      total, page, pageSize,
    };
  }

  /** Versions awaiting a regulator (the list page's "pending approvals"). */
  async pending(): Promise<VersionSummary[]> {
    return (await this.list({ status: 'pending', pageSize: 100 })).items;
  }

  async get(id: number): Promise<VersionDetail> {
    const row = await this.repo().findOneBy({ id });
    if (!row) throw new NotFoundError('scoringRulebook.errors.notFound');
    const today = this.i18n.today();
    const names = await this.users.names([row.createdById, row.decidedById].filter((x): x is number => x !== null));
    const inForce = await this.rulebooks.versionInForce(today);
    const rulebook = parse(row);
    const current = inForce?.rulebook ?? DEFAULT_RULEBOOK;
    const isCurrent = inForce ? inForce.id === row.id : false;
    return {
      ...this.summary(row, names, inForce?.id ?? null, row),
      rulebook, editable: toEditable(rulebook, row.note), sha256: row.sha256,
      backtest: row.backtest ? JSON.parse(row.backtest) as BacktestResult : null, backtestAt: row.backtestAt,
      inForceVersion: isCurrent ? null : { id: inForce?.id ?? null, version: current.version },
      changes: isCurrent ? null : rulebookDiff(current, rulebook),
    };
  }

  /** The editing model of a version (a new draft's prefill), or of the one in force today. */
  async editableOf(id: number | null): Promise<EditableRulebook> {
    if (id === null) return toEditable(await this.rulebooks.inForce(this.i18n.today()));
    const row = await this.repo().findOneBy({ id });
    if (!row) throw new NotFoundError('scoringRulebook.errors.notFound');
    return toEditable(parse(row), row.note);
  }

  async createDraft(input: unknown, actor: Actor): Promise<RulebookVersionEntity> {
    const { rulebook, note } = this.validate(input);
    return this.uow.run(async (m, afterCommit) => {
      await this.assertVersionFree(m, rulebook.version, null);
      const body = rulebookBody(rulebook);
      const row = await this.repo(m).save(this.repo(m).create({
        version: rulebook.version, effectiveFrom: rulebook.effectiveFrom, status: 'draft', body, sha256: null, note,
        createdById: actor.userId, createdAt: new Date(), submittedAt: null, decidedById: null, decidedAt: null, decisionReason: null,
        backtest: null, backtestAt: null,
      }));
      await this.audit.record(m, actor, {
        action: 'rulebook.draftCreate', entityType: 'rulebook_version', entityId: row.id,
        after: { version: row.version, effectiveFrom: row.effectiveFrom, note, bodySha256: sha256Hex(body) },
      });
      this.enqueueBacktest(afterCommit, row.id, body);
      return row;
    });
  }

  async updateDraft(id: number, input: unknown, actor: Actor): Promise<RulebookVersionEntity> {
    if (!await this.repo().existsBy({ id })) throw new NotFoundError('scoringRulebook.errors.notFound');
    const { rulebook, note } = this.validate(input);
    return this.uow.run(async (m, afterCommit) => {
      const row = await this.repo(m).findOneBy({ id });
      if (!row) throw new NotFoundError('scoringRulebook.errors.notFound');
      if (row.status !== 'draft') throw new ConflictError('scoringRulebook.errors.notDraft');
      await this.assertVersionFree(m, rulebook.version, id);
      const body = rulebookBody(rulebook);
      const before = { version: row.version, effectiveFrom: row.effectiveFrom, note: row.note, bodySha256: sha256Hex(row.body) };
      const changed = body !== row.body;
      const moved = await this.repo(m).createQueryBuilder().update()
        .set({ version: rulebook.version, effectiveFrom: rulebook.effectiveFrom, body, note, ...(changed ? { backtest: null, backtestAt: null } : {}) })
        .where("id = :id AND status = 'draft'", { id }).execute();
      if (!moved.affected) throw new ConflictError('scoringRulebook.errors.notDraft');
      await this.audit.record(m, actor, {
        action: 'rulebook.draftUpdate', entityType: 'rulebook_version', entityId: id,
        before, after: { version: rulebook.version, effectiveFrom: rulebook.effectiveFrom, note, bodySha256: sha256Hex(body) },
      });
      if (changed || !row.backtest) this.enqueueBacktest(afterCommit, id, body);
      return Object.assign(row, { version: rulebook.version, effectiveFrom: rulebook.effectiveFrom, body, note });
    });
  }

  /** Runs the back-test of a draft again (after a failure). */
  async rerunBacktest(id: number, actor: Actor): Promise<void> {
    await this.uow.run(async (m, afterCommit) => {
      const row = await this.repo(m).findOneBy({ id });
      if (!row) throw new NotFoundError('scoringRulebook.errors.notFound');
      if (row.status !== 'draft') throw new ConflictError('scoringRulebook.errors.notDraft');
      await this.repo(m).update({ id }, { backtest: null, backtestAt: null });
      await this.audit.record(m, actor, { action: 'rulebook.backtestRerun', entityType: 'rulebook_version', entityId: id, after: { bodySha256: sha256Hex(row.body) } });
      afterCommit(() => this.queue.enqueue('scoring.backtest', { versionId: id }, { jobId: `rulebook-backtest-${id}-${Date.now()}` }));
    });
  }

  /** The author asks for approval: only a draft whose saved body has a finished back-test. */
  async submit(id: number, actor: Actor): Promise<void> {
    await this.uow.run(async (m) => {
      const row = await this.repo(m).findOneBy({ id });
      if (!row) throw new NotFoundError('scoringRulebook.errors.notFound');
      if (row.status !== 'draft') throw new ConflictError('scoringRulebook.errors.notDraft');
      const sha256 = sha256Hex(row.body);
      const state = backtestState(row);
      if (state !== 'done') throw new ConflictError(`scoringRulebook.errors.backtest_${state}`);
      const today = this.i18n.today();
      if (row.effectiveFrom < today) throw new ConflictError('scoringRulebook.errors.effectiveFromPassed', { date: row.effectiveFrom }, { effectiveFrom: [{ code: 'notBefore', params: { limit: today } }] });
      const moved = await this.repo(m).createQueryBuilder().update().set({ status: 'pending', sha256, submittedAt: new Date() })
        .where("id = :id AND status = 'draft'", { id }).execute();
      if (!moved.affected) throw new ConflictError('scoringRulebook.errors.notDraft');
      await this.audit.record(m, actor, {
        action: 'rulebook.submit', entityType: 'rulebook_version', entityId: id,
        before: { status: 'draft' }, after: { status: 'pending', version: row.version, effectiveFrom: row.effectiveFrom, sha256 },
      });
    });
  }

  /** A regulator other than the author approves: the version is in force from its effective date. */
  async approve(id: number, actor: Actor & { userId: number }): Promise<void> {
    await this.uow.run(async (m) => {
      const row = await this.pendingRow(m, id, actor);
      const today = this.i18n.today();
      if (row.effectiveFrom < today) throw new ConflictError('scoringRulebook.errors.effectiveFromPassed', { date: row.effectiveFrom });
      const sha256 = sha256Hex(row.body);
      if (row.sha256 !== sha256) throw new ConflictError('scoringRulebook.errors.bodyChanged');
      const moved = await this.repo(m).createQueryBuilder().update().set({ status: 'approved', decidedById: actor.userId, decidedAt: new Date(), decisionReason: null })
        .where("id = :id AND status = 'pending'", { id }).execute();
      if (!moved.affected) throw new ConflictError('scoringRulebook.errors.notPending');
      await this.audit.record(m, actor, {
        action: 'rulebook.approve', entityType: 'rulebook_version', entityId: id,
        before: { status: 'pending' }, after: { status: 'approved', version: row.version, effectiveFrom: row.effectiveFrom, sha256 },
      });
    });
    this.rulebooks.invalidate();
  }

  async reject(id: number, reason: string | undefined, actor: Actor & { userId: number }): Promise<void> {
    const text = (reason ?? '').trim();
    const problems: FieldProblems = {};
    if (!text) problems.reason = [{ code: 'required' }];
    else if (text.length > REASON_MAX) problems.reason = [{ code: 'maxLength', params: { limit: REASON_MAX } }];
    if (Object.keys(problems).length) throw new ValidationFailedError(problems);
    await this.uow.run(async (m) => {
      const row = await this.pendingRow(m, id, actor);
      const moved = await this.repo(m).createQueryBuilder().update().set({ status: 'rejected', decidedById: actor.userId, decidedAt: new Date(), decisionReason: text })
        .where("id = :id AND status = 'pending'", { id }).execute();
      if (!moved.affected) throw new ConflictError('scoringRulebook.errors.notPending');
      await this.audit.record(m, actor, {
        action: 'rulebook.reject', entityType: 'rulebook_version', entityId: id,
        before: { status: 'pending' }, after: { status: 'rejected', version: row.version, reason: text, sha256: sha256Hex(row.body) },
      });
    });
  }

  private async pendingRow(m: EntityManager, id: number, actor: { userId: number }): Promise<RulebookVersionEntity> {
    const row = await this.repo(m).findOneBy({ id });
    if (!row) throw new NotFoundError('scoringRulebook.errors.notFound');
    if (row.status !== 'pending') throw new ConflictError('scoringRulebook.errors.notPending');
    if (row.createdById === actor.userId) throw new ForbiddenError('scoringRulebook.errors.ownVersion');
    return row;
  }

  private validate(input: unknown): { rulebook: Rulebook; note: string | null } {
    const result = validateRulebookDraft(input, this.i18n.today());
    if (!result.ok) throw new RulebookInvalidError(result.problems);
    return result;
  }

  private async assertVersionFree(m: EntityManager, version: string, id: number | null): Promise<void> {
    if (await this.repo(m).existsBy({ version, ...(id ? { id: Not(id) } : {}) })) {
      throw new ConflictError('scoringRulebook.errors.versionTaken', { version }, { version: [{ code: 'taken' }] });
    }
  }

  private enqueueBacktest(afterCommit: AfterCommit, id: number, body: string): void {
    afterCommit(() => this.queue.enqueue('scoring.backtest', { versionId: id }, { jobId: `rulebook-backtest-${id}-${sha256Hex(body).slice(0, 16)}` }));
  }

  private summary(r: RulebookVersionEntity, names: Map<number, string>, inForceId: number | null, full?: Pick<RulebookVersionEntity, 'body' | 'backtest'>): VersionSummary {
    const today = this.i18n.today();
    const person = (id: number | null) => (id === null ? null : { id, name: names.get(id) ?? `#${id}` });
    return {
      id: r.id, version: r.version, effectiveFrom: r.effectiveFrom, status: r.status, note: r.note,
      createdBy: person(r.createdById), createdAt: r.createdAt, submittedAt: r.submittedAt,
      decidedBy: person(r.decidedById), decidedAt: r.decidedAt, decisionReason: r.decisionReason,
      inForce: inForceId === r.id,
      upcoming: r.status === 'approved' && r.effectiveFrom > today,
      backtestState: r.status === 'draft' && full ? backtestState({ body: full.body, backtest: full.backtest }) : null,
    };
  }
}

function parse(row: RulebookVersionEntity): Rulebook {
  return { ...(JSON.parse(row.body) as Rulebook), version: row.version, effectiveFrom: row.effectiveFrom };
}

/** Where a draft's back-test stands: none yet (running), finished for the saved body, failed, or computed for an earlier body. */
export function backtestState(row: Pick<RulebookVersionEntity, 'body' | 'backtest'>): BacktestState {
  if (!row.backtest) return 'running';
  const result = JSON.parse(row.backtest) as BacktestResult;
  if (result.bodySha256 !== sha256Hex(row.body)) return 'stale';
  return result.status === 'done' ? 'done' : 'failed';
}
