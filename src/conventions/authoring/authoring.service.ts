import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import { AuditService } from '../../audit/audit.service.js';
import { ConflictError, NotFoundError, ValidationFailedError, type FieldProblems } from '../../common/errors/domain-error.js';
import type { Actor } from '../../common/principal.js';
import { validateOrThrow } from '../../common/validation.js';
import { persistedValue, writeLock } from '../../database/raw-sql.js';
import { UnitOfWork } from '../../database/unit-of-work.js';
import { I18nService } from '../../i18n/i18n.service.js';
import { QueueService } from '../../queue/queue.service.js';
import { OnTenantsJoined } from '../../tenants/tenant-hooks.js';
import { TenantsQueries } from '../../tenants/tenants.queries.js';
import { ConventionsService } from '../core/conventions.service.js';
import { ObligationStatusService } from '../core/obligation-status.service.js';
import { sha256Hex, signingDeadline, type ConventionKind } from '../domain/convention.rules.js';
import { ConventionClauseEntity } from '../entities/convention-clause.entity.js';
import { ConventionVersionEntity } from '../entities/convention-version.entity.js';
import { ConventionEntity } from '../entities/convention.entity.js';
import { SigningObligationEntity } from '../entities/signing-obligation.entity.js';
import { CreateConventionDto, DraftVersionDto } from './dto/authoring.dto.js';
import { draftProblems, type ClauseInput, type CreateConventionInput, type DraftInput } from '../domain/authoring.rules.js';

export interface SigningCounts {
  total: number;
  signed: number;
  pending: number;
  overdue: number;
}

export interface ConventionOverview {
  id: number;
  kind: ConventionKind;
  createdAt: Date;
  versions: (ConventionVersionEntity & { counts: SigningCounts | null })[];
  current: ConventionVersionEntity | null;
  draft: ConventionVersionEntity | null;
}

export interface PublishOutcome {
  version: ConventionVersionEntity;
  deadline: string;
  obligations: number;
}

/** Drops empty optional strings so that "" and null mean the same: absent. */
function plainDraft(input: Partial<CreateConventionInput>): Record<string, unknown> {
  const opt = (s: string | null | undefined) => (typeof s === 'string' && s.trim() !== '' ? s : undefined);
  return {
    ...input,
    titleEn: opt(input.titleEn),
    clauses: Array.isArray(input.clauses)
      ? input.clauses.map((c) => ({ ...c, customCategory: opt(c?.customCategory), textEn: opt(c?.textEn) }))
      : input.clauses,
  };
}

/**
 * Writing and publishing conventions: drafts are edited freely; publishing freezes the text,
 * supersedes the previous version and asks every active tenant to sign (one set-based insert).
 */
@Injectable()
export class AuthoringService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly uow: UnitOfWork,
    private readonly audit: AuditService,
    private readonly conventions: ConventionsService,
    private readonly queue: QueueService,
    private readonly i18n: I18nService,
    private readonly tenants: TenantsQueries,
    private readonly obligationStatus: ObligationStatusService,
  ) {}

  /**
   * A tenant that joins the active registry after a version was published (registered, imported,
   * reactivated) is asked to sign it too, with a full signing period from today. Idempotent.
   */
  @OnTenantsJoined('conventions: ask to sign the versions in force')
  async obligationsForJoined(m: EntityManager, tenantIds: readonly number[], now: Date): Promise<void> {
    const published = await m.getRepository(ConventionVersionEntity).findBy({ status: 'published' });
    const repo = m.getRepository(SigningObligationEntity);
    for (const version of published) {
      const deadline = signingDeadline(now, version.signingPeriodDays, this.i18n.timeZone);
      for (let i = 0; i < tenantIds.length; i += 1000) {
        const part = tenantIds.slice(i, i + 1000);
        const asked = new Set((await repo.find({ select: { tenantId: true }, where: { versionId: version.id, tenantId: In(part) } })).map((o) => o.tenantId));
        const rows = part.filter((tenantId) => !asked.has(tenantId)).map((tenantId) => ({ versionId: version.id, tenantId, deadline, createdAt: now }));
        // Chunks keep each statement under SQLite's bound-parameter limit.
        for (let j = 0; j < rows.length; j += 200) await repo.insert(rows.slice(j, j + 200));
      }
    }
  }

  private async validDraft<T extends DraftVersionDto>(cls: new () => T, input: Partial<CreateConventionInput>): Promise<T> {
    const plain = plainDraft(input);
    let dto: T | null = null;
    let problems: FieldProblems = {};
    try {
      dto = await validateOrThrow(cls, plain);
    } catch (err) {
      if (!(err instanceof ValidationFailedError)) throw err;
      problems = err.fields;
    }
    // Cross-clause rules are checked even when a field failed, so that every problem shows at once.
    const cross = draftProblems(plain as unknown as DraftInput);
    for (const [field, list] of Object.entries(cross)) if (!problems[field]) problems[field] = list;
    if (Object.keys(problems).length || !dto) throw new ValidationFailedError(problems);
    return dto;
  }

  private clauseRows(versionId: number, clauses: readonly ClauseInput[]): Partial<ConventionClauseEntity>[] {
    return clauses.map((c, i) => ({
      versionId,
      position: i + 1,
      number: c.number.trim(),
      category: c.category,
      customCategory: c.category === 'custom' ? (c.customCategory ?? '').trim() : null,
      textZh: c.textZh.trim(),
      textEn: c.textEn?.trim() ? c.textEn.trim() : null,
    }));
  }

  private async insertClauses(m: EntityManager, versionId: number, clauses: readonly ClauseInput[]): Promise<void> {
    const rows = this.clauseRows(versionId, clauses);
    // Chunks keep each statement under SQLite's bound-parameter limit.
    for (let i = 0; i < rows.length; i += 100) await m.getRepository(ConventionClauseEntity).insert(rows.slice(i, i + 100));
  }

  /** A new convention with its first draft version (number 1). */
  async createConvention(input: CreateConventionInput, actor: Actor): Promise<{ conventionId: number; versionId: number }> {
    const dto = await this.validDraft(CreateConventionDto, input);
    return this.dataSource.transaction(async (m) => {
      const convention = await m.getRepository(ConventionEntity).save(m.getRepository(ConventionEntity).create({ kind: dto.kind, createdById: actor.userId }));
      const version = await m.getRepository(ConventionVersionEntity).save(m.getRepository(ConventionVersionEntity).create({
        conventionId: convention.id, versionNo: 1, title: dto.title.trim(), titleEn: dto.titleEn?.trim() || null, status: 'draft',
        effectiveDate: dto.effectiveDate, signingPeriodDays: dto.signingPeriodDays, signingDeadline: null, publishedAt: null,
        publishedById: null, supersededAt: null, textSha256: null, createdById: actor.userId,
      }));
      await this.insertClauses(m, version.id, dto.clauses);
      await this.audit.record(m, actor, {
        action: 'convention.create', entityType: 'convention_version', entityId: version.id,
        after: { conventionId: convention.id, kind: dto.kind, versionNo: 1, title: version.title, clauses: dto.clauses.length },
      });
      return { conventionId: convention.id, versionId: version.id };
    });
  }

  private async lockedVersion(m: EntityManager, id: number): Promise<ConventionVersionEntity> {
    const version = await m.getRepository(ConventionVersionEntity).findOne({
      where: { id },
      lock: writeLock(this.dataSource),
    });
    if (!version) throw new NotFoundError('conventionsAuthoring.errors.versionNotFound');
    return version;
  }

  private assertDraft(version: ConventionVersionEntity): void {
    if (version.status !== 'draft') {
      throw new ConflictError('conventionsAuthoring.errors.notDraft', { versionNo: version.versionNo, status: version.status });
    }
  }

  /** Replaces a draft's metadata and its whole clause list (added, edited, removed and reordered at once). */
  async updateDraft(versionId: number, input: DraftInput, actor: Actor): Promise<ConventionVersionEntity> {
    // Look first so that a published version is refused with 409 even when the input is also wrong.
    const current = await this.dataSource.getRepository(ConventionVersionEntity).findOneBy({ id: versionId });
    if (!current) throw new NotFoundError('conventionsAuthoring.errors.versionNotFound');
    this.assertDraft(current);
    // The kind belongs to the convention, not to a version: a form that still carries it is not refused for that.
    const { kind: _kind, ...draft } = input as DraftInput & { kind?: unknown };
    const dto = await this.validDraft(DraftVersionDto, draft);
    return this.dataSource.transaction(async (m) => {
      const version = await this.lockedVersion(m, versionId);
      this.assertDraft(version);
      const before = { title: version.title, titleEn: version.titleEn, effectiveDate: version.effectiveDate, signingPeriodDays: version.signingPeriodDays };
      Object.assign(version, {
        title: dto.title.trim(), titleEn: dto.titleEn?.trim() || null, effectiveDate: dto.effectiveDate, signingPeriodDays: dto.signingPeriodDays,
      });
      await m.getRepository(ConventionVersionEntity).save(version);
      await m.getRepository(ConventionClauseEntity).delete({ versionId });
      await this.insertClauses(m, versionId, dto.clauses);
      await this.audit.record(m, actor, {
        action: 'convention.draft.update', entityType: 'convention_version', entityId: versionId,
        before, after: { ...before, title: version.title, titleEn: version.titleEn, effectiveDate: version.effectiveDate, signingPeriodDays: version.signingPeriodDays, clauses: dto.clauses.length },
      });
      return version;
    });
  }

  /** The next draft of a convention, a copy of its current published version (or of its latest one). */
  async newDraft(conventionId: number, actor: Actor): Promise<ConventionVersionEntity> {
    return this.dataSource.transaction(async (m) => {
      const convention = await m.getRepository(ConventionEntity).findOneBy({ id: conventionId });
      if (!convention) throw new NotFoundError('conventionsAuthoring.errors.conventionNotFound');
      const versions = await m.getRepository(ConventionVersionEntity).find({ where: { conventionId }, order: { versionNo: 'DESC' } });
      const draft = versions.find((v) => v.status === 'draft');
      if (draft) throw new ConflictError('conventionsAuthoring.errors.draftExists', { versionNo: draft.versionNo });
      const source = versions.find((v) => v.status === 'published') ?? versions[0];
      if (!source) throw new NotFoundError('conventionsAuthoring.errors.versionNotFound');
      const clauses = await m.getRepository(ConventionClauseEntity).find({ where: { versionId: source.id }, order: { position: 'ASC' } });
      const version = await m.getRepository(ConventionVersionEntity).save(m.getRepository(ConventionVersionEntity).create({
        conventionId, versionNo: versions[0].versionNo + 1, title: source.title, titleEn: source.titleEn, status: 'draft',
        effectiveDate: source.effectiveDate, signingPeriodDays: source.signingPeriodDays, signingDeadline: null, publishedAt: null,
        publishedById: null, supersededAt: null, textSha256: null, createdById: actor.userId,
      }));
      await this.insertClauses(m, version.id, clauses);
      await this.audit.record(m, actor, {
        action: 'convention.draft.create', entityType: 'convention_version', entityId: version.id,
        after: { conventionId, versionNo: version.versionNo, copiedFrom: source.id },
      });
      return version;
    });
  }

  /** How many tenants publishing would ask to sign, and by when (for the confirmation page). */
  async publishPreview(versionId: number, now = new Date()): Promise<{ tenants: number; deadline: string }> {
    const version = await this.dataSource.getRepository(ConventionVersionEntity).findOneBy({ id: versionId });
    if (!version) throw new NotFoundError('conventionsAuthoring.errors.versionNotFound');
    return { tenants: await this.tenants.countActive(), deadline: signingDeadline(now, version.signingPeriodDays, this.i18n.timeZone) };
  }

  /**
   * Publishes a draft in one transaction: freezes the text (its SHA-256), supersedes the previous
   * published version (closing its unsigned obligations), creates a signing obligation for every
   * active tenant with one INSERT … SELECT,
   * and after commit enqueues the notices job.
   */
  async publish(versionId: number, actor: Actor, now = new Date()): Promise<PublishOutcome> {
    return this.uow.run(async (m, afterCommit) => {
      const version = await this.lockedVersion(m, versionId);
      this.assertDraft(version);
      const full = await this.conventions.version(versionId, m);
      if (!full.clauses.length) throw new ValidationFailedError({ clauses: [{ code: 'required' }] }, 'conventionsAuthoring.errors.noClauses');
      const deadline = signingDeadline(now, version.signingPeriodDays, this.i18n.timeZone);
      const textSha256 = sha256Hex(this.conventions.canonicalText(full));

      const previous = await m.getRepository(ConventionVersionEntity).findBy({ conventionId: version.conventionId, status: 'published' });
      for (const p of previous) await m.getRepository(ConventionVersionEntity).update({ id: p.id }, { status: 'superseded', supersededAt: now });
      const supersededObligations = await this.obligationStatus.supersede(m, previous.map((p) => p.id));

      Object.assign(version, { status: 'published', publishedAt: now, publishedById: actor.userId, signingDeadline: deadline, textSha256 });
      await m.getRepository(ConventionVersionEntity).save(version);

      const obligations = await this.createObligations(m, versionId, deadline, now);
      await this.audit.record(m, actor, {
        action: 'convention.publish', entityType: 'convention_version', entityId: versionId,
        before: { status: 'draft' },
        after: { status: 'published', versionNo: version.versionNo, textSha256, signingDeadline: deadline, obligations, superseded: previous.map((p) => p.id), supersededObligations },
      });
      afterCommit(() => this.queue.enqueue('conventions.publishedNotices', { versionId }, { jobId: `published-notices-${versionId}` }));
      return { version, deadline, obligations };
    });
  }

  /** One statement whatever the number of tenants; returns how many obligations the version has. */
  private async createObligations(m: EntityManager, versionId: number, deadline: string, now: Date): Promise<number> {
    // The driver's own conversion, so the value is stored exactly as TypeORM would store it.
    const createdAt = persistedValue(this.dataSource, SigningObligationEntity, 'createdAt', now);
    await m.query(
      `INSERT INTO signing_obligations (versionId, tenantId, deadline, createdAt) SELECT ?, a.id, ?, ? FROM (${this.tenants.activeIdsSql()}) a`,
      [versionId, deadline, createdAt],
    );
    return m.getRepository(SigningObligationEntity).countBy({ versionId });
  }

  /**
   * Every convention with its versions, newest first, and for each published version how many
   * tenants have signed, are pending or overdue (one GROUP BY over the obligations that apply).
   */
  async overview(today: string): Promise<ConventionOverview[]> {
    const [conventions, versions, counts] = await Promise.all([
      this.dataSource.getRepository(ConventionEntity).find({ order: { id: 'DESC' } }),
      this.dataSource.getRepository(ConventionVersionEntity).find({ order: { conventionId: 'DESC', versionNo: 'DESC' } }),
      this.dataSource.query(
        `SELECT o.versionId AS versionId, COUNT(*) AS total,
                SUM(CASE WHEN o.signatureId IS NOT NULL THEN 1 ELSE 0 END) AS signed,
                SUM(CASE WHEN o.signatureId IS NULL AND o.deadline < ? THEN 1 ELSE 0 END) AS overdue
         FROM signing_obligations o INNER JOIN convention_versions v ON v.id = o.versionId
         WHERE v.status = 'published' AND o.status = 'active' GROUP BY o.versionId`,
        [today],
      ) as Promise<{ versionId: number | string; total: number | string; signed: number | string | null; overdue: number | string | null }[]>,
    ]);
    const byVersion = new Map(counts.map((c) => {
      const total = Number(c.total);
      const signed = Number(c.signed ?? 0);
      const overdue = Number(c.overdue ?? 0);
      return [Number(c.versionId), { total, signed, overdue, pending: total - signed - overdue }];
    }));
    return conventions.map((c) => {
      const own = versions.filter((v) => v.conventionId === c.id).map((v) => Object.assign(v, {
        counts: v.status === 'published' ? byVersion.get(v.id) ?? { total: 0, signed: 0, pending: 0, overdue: 0 } : null,
      }));
      return {
        id: c.id, kind: c.kind, createdAt: c.createdAt, versions: own,
        current: own.find((v) => v.status === 'published') ?? null,
        draft: own.find((v) => v.status === 'draft') ?? null,
      };
    });
  }

  /** The version before this one in the same convention (by number), or null for the first. */
  async previousVersion(version: ConventionVersionEntity): Promise<ConventionVersionEntity | null> {
    return this.dataSource.getRepository(ConventionVersionEntity).createQueryBuilder('v')
      .where('v.conventionId = :c AND v.versionNo < :n', { c: version.conventionId, n: version.versionNo })
      .orderBy('v.versionNo', 'DESC').getOne();
  }
}
