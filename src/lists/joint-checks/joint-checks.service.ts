import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import { isAdmin } from '../../accounts/domain/access-policy.js';
import { AuditService } from '../../audit/audit.service.js';
import { ConflictError, ForbiddenError, NotFoundError, ValidationFailedError } from '../../common/errors/domain-error.js';
import type { Actor, Principal } from '../../common/principal.js';
import { datetimeParam } from '../../database/raw-sql.js';
import { UnitOfWork } from '../../database/unit-of-work.js';
import { I18nService } from '../../i18n/i18n.service.js';
import { CreditStatusService, type UsccStanding } from '../core/credit-status.service.js';
import { driverQuery } from '../../database/driver-query.js';
import type { ListKind } from '../domain/list-kinds.js';
import { measureApplies, type MeasureKind } from '../domain/measure-eligibility.rules.js';
import { CheckPurposeEntity } from '../entities/check-purpose.entity.js';
import { JointCheckFeedbackEntity, type AppliedMeasure } from '../entities/joint-check-feedback.entity.js';
import { JointCheckEntity } from '../entities/joint-check.entity.js';
import { MeasuresCatalogueService } from '../incentives/measures-catalogue.service.js';
import { BatchedInsert } from './batched-insert.js';
import { BatchedReads } from './batched-reads.js';
import type { EditPurposeDto, JointCheckDto, JointCheckFeedbackDto, NewPurposeDto } from './dto/joint-check.dto.js';

/** A measure in a joint check's answer: title and description in the request's language. */
export interface AnsweredMeasure {
  code: string;
  kind: MeasureKind;
  title: string;
  description: string;
}


/** A set-based read per park day for keys `day|key` (a USCC or a tenant id), answered by the same keys. */
async function byDay<V>(keys: string[], read: (keys: string[], day: string) => Promise<Map<string | number, V>>): Promise<Map<string, V>> {
  const byDay = new Map<string, string[]>();
  for (const key of keys) {
    const bar = key.indexOf('|');
    const day = key.slice(0, bar);
    const list = byDay.get(day);
    if (list) list.push(key.slice(bar + 1));
    else byDay.set(day, [key.slice(bar + 1)]);
  }
  const out = new Map<string, V>();
  for (const [day, part] of byDay) {
    for (const [k, value] of await read(part, day)) out.set(`${day}|${k}`, value);
  }
  return out;
}

/** What a joint check answers. */
export interface JointCheckAnswer {
  checkId: string;
  uscc: string;
  name: string;
  lists: ListKind[];
  grade: string | null;
  score: number | null;
  asOf: string | null;
  measures: AnsweredMeasure[];
}

export interface CheckPurpose {
  code: string;
  nameZh: string;
  nameEn: string;
  active: boolean;
  sortOrder: number;
}

/** How long a process keeps the purposes before reading them again (edits in another process show within this). */
const PURPOSES_TTL_MS = 30_000;

/**
 * The joint check (逢办必查): another system asks for a tenant's standing for a purpose, and gets its
 * lists, its last published grade and score and the 信易+ measures configured for that purpose that
 * apply to it; every check is logged before it is answered. Hot path: the tenant by USCC with its lists,
 * published standing and whether it may have an open finding (one statement) beside the cached purposes
 * and catalogue, its open findings counted only when it may have one and a "no open finding" measure
 * would otherwise apply, then the log row. Under load,
 * concurrent checks share the standing read and the log INSERT (see
 * BatchedReads, BatchedInsert); the caller's token comes from a cache of at most 5 s
 * (ApiTokensService.resolve).
 * Also the caller's feedback (once per check) and the admins' list of purposes.
 */
@Injectable()
export class JointChecksService {
  private purposesCache: { at: number; rows: Promise<CheckPurpose[]> } | null = null;
  /**
   * The log's writer: a row goes at the end of the event loop's turn with that turn's rows unless an INSERT is under way;
   * then it waits for it and goes with the rows that queued meanwhile (fewer statements and commits under load; each check
   * still awaits its own row).
   */
  private readonly log = new BatchedInsert(
    driverQuery(this.dataSource),
    'INSERT INTO joint_checks (checkId, uscc, tenantId, purpose, requester, requestedById, lists, grade, score, asOf, measures, checkedAt)',
    12, 50, 1, true,
  );
  /**
   * The tenant by USCC with its lists and published standing on a day (`day|uscc`, one statement: CreditStatusService.standingByUscc)
   * and its open findings (`day|tenantId`): concurrent checks share one set-based read (those of one turn of the event loop, and
   * those that arrive while one is under way), so under load a statement serves several checks (one at a time measured faster
   * than two: bigger groups, fewer statements).
   */
  private readonly standingOn = new BatchedReads<string, UsccStanding>((keys) => byDay(keys, (codes, day) => this.credit.standingByUscc(codes, day)), 100, 1, true);
  private readonly openFindingsOn = new BatchedReads<string, number>((keys) => byDay(keys, (ids, day) => this.credit.openFindingCounts(ids.map(Number), day)), 100, 1, true);
  /** The park day, worked out at most once a second (a time-zone conversion on every check cost more than the SQL). */
  private day: { at: number; day: string } = { at: 0, day: '' };

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly credit: CreditStatusService,
    private readonly catalogue: MeasuresCatalogueService,
    private readonly uow: UnitOfWork,
    private readonly audit: AuditService,
    private readonly i18n: I18nService,
  ) {}

  /** Every purpose, active or not, in their order (cached ≤ 30 s; `purposesChanged()` after an edit here). */
  purposes(): Promise<CheckPurpose[]> {
    const now = Date.now();
    if (!this.purposesCache || now - this.purposesCache.at > PURPOSES_TTL_MS) {
      const rows = this.dataSource.getRepository(CheckPurposeEntity).find({ order: { sortOrder: 'ASC', code: 'ASC' } })
        .then((list) => list.map((p) => ({ code: p.code, nameZh: p.nameZh, nameEn: p.nameEn, active: !!p.active, sortOrder: p.sortOrder })));
      rows.catch(() => { this.purposesCache = null; });
      this.purposesCache = { at: now, rows };
    }
    return this.purposesCache.rows;
  }

  private parkDay(): string {
    const now = Date.now();
    if (now - this.day.at >= 1000 || now < this.day.at) this.day = { at: now, day: this.i18n.today() };
    return this.day.day;
  }

  purposesChanged(): void {
    this.purposesCache = null;
  }

  /** Answers and logs one check. 400 `purpose` for an unknown or inactive purpose, 404 for an unknown USCC. */
  async check(input: JointCheckDto, principal: Principal, locale: string): Promise<JointCheckAnswer> {
    const today = this.parkDay();
    const [standing, purposes, measures] = await Promise.all([this.standingOn.get(`${today}|${input.uscc}`), this.purposes(), this.catalogue.forPurpose(input.purpose, today)]);
    if (!purposes.some((p) => p.code === input.purpose && p.active)) {
      throw new ValidationFailedError({ purpose: [{ code: 'oneOf' }] }, 'jointChecks.badPurpose', { purpose: input.purpose });
    }
    if (!standing) throw new NotFoundError('jointChecks.unknownUscc', { uscc: input.uscc });
    const { tenant } = standing;
    let status = standing.status;
    // Open findings only ever take a measure away ("no open finding"): they are read only when the tenant may have one
    // (the standing read says) and such a measure would apply on the lists and grade alone, not on every check.
    if (standing.maybeOpenFindings && measures.some((m) => m.eligibility.noOpenFinding && measureApplies(m, status, today))) {
      status = { ...status, openFindings: (await this.openFindingsOn.get(`${today}|${tenant.id}`)) ?? 0 };
    }
    const en = locale === 'en';
    const applying = measures.filter((m) => measureApplies(m, status, today));
    const answer: JointCheckAnswer = {
      checkId: randomUUID(), uscc: tenant.uscc, name: tenant.name, lists: status.lists, grade: status.grade, score: status.score, asOf: status.asOf,
      measures: applying.map((m) => ({ code: m.code, kind: m.kind, title: en ? m.titleEn : m.titleZh, description: en ? m.descriptionEn : m.descriptionZh })),
    };
    // Every check is logged before it is answered: a raw INSERT, several concurrent checks' rows in one statement.
    await this.log.insert([answer.checkId, answer.uscc, tenant.id, input.purpose, input.requester, principal.userId, answer.lists.join(','), answer.grade,
      answer.score, answer.asOf, applying.map((m) => m.code).join(',').slice(0, 500), datetimeParam(new Date())]);
    return answer;
  }

  /** The check by its public id (404 when unknown). */
  async byCheckId(checkId: string, m: EntityManager = this.dataSource.manager): Promise<JointCheckEntity> {
    const row = /^[0-9a-f-]{36}$/i.test(checkId) ? await m.getRepository(JointCheckEntity).findOneBy({ checkId: checkId.toLowerCase() }) : null;
    if (!row) throw new NotFoundError('jointChecks.notFound');
    return row;
  }

  /**
   * What the caller applied: only the user whose token asked (or an admin), once (409 after), and only
   * codes of the measures the check returned (400 `applied`). Audited.
   */
  async feedback(checkId: string, dto: JointCheckFeedbackDto, principal: Principal, actor: Actor): Promise<JointCheckFeedbackEntity> {
    const check = await this.byCheckId(checkId);
    if (check.requestedById !== principal.userId && !isAdmin(principal)) throw new ForbiddenError('jointChecks.notYourCheck');
    const returned = new Set(check.measures.split(',').filter(Boolean));
    const problems = dto.applied.flatMap((a, i) => (returned.has(a.code) ? [] : [{ i, code: a.code }]));
    const seen = new Set<string>();
    const dup = dto.applied.find((a) => (seen.has(a.code) ? true : (seen.add(a.code), false)));
    if (problems.length || dup) {
      throw new ValidationFailedError(
        { applied: [...(problems.length ? [{ code: 'oneOf' }] : []), ...(dup ? [{ code: 'invalid' }] : [])] },
        problems.length ? 'jointChecks.measureNotReturned' : 'jointChecks.measureTwice',
        { codes: [...problems.map((p) => p.code), ...(dup ? [dup.code] : [])].join(', ') },
      );
    }
    return this.uow.run(async (m) => {
      const repo = m.getRepository(JointCheckFeedbackEntity);
      if (await repo.exists({ where: { jointCheckId: check.id } })) throw new ConflictError('jointChecks.feedbackGiven');
      const applied: AppliedMeasure[] = dto.applied.map((a) => ({ code: a.code, applied: a.applied, ...(a.note ? { note: a.note } : {}) }));
      const row = await repo.save(repo.create({ jointCheckId: check.id, applied, note: dto.note ?? null, reportedById: principal.userId, reportedAt: new Date() }));
      await this.audit.record(m, actor, { action: 'joint_check.feedback', entityType: 'joint_check', entityId: check.id, after: { checkId: check.checkId, applied, note: row.note } });
      return row;
    });
  }

  /** A new purpose (admin). 409 when the code exists. */
  async addPurpose(dto: NewPurposeDto, actor: Actor): Promise<void> {
    await this.uow.run(async (m) => {
      const repo = m.getRepository(CheckPurposeEntity);
      if (await repo.exists({ where: { code: dto.code } })) {
        throw new ConflictError('jointChecks.purposeExists', { code: dto.code }, { code: [{ code: 'taken' }] });
      }
      const row = repo.create({ code: dto.code, nameZh: dto.nameZh, nameEn: dto.nameEn, active: true, sortOrder: dto.sortOrder ?? 0 });
      await repo.insert(row);
      await this.audit.record(m, actor, { action: 'check_purpose.create', entityType: 'check_purpose', entityId: dto.code, after: row });
    });
    this.purposesChanged();
  }

  /** Rename, reorder, deactivate or reactivate a purpose (admin; never deleted: the log names it). */
  async editPurpose(code: string, dto: EditPurposeDto, actor: Actor): Promise<void> {
    await this.uow.run(async (m) => {
      const repo = m.getRepository(CheckPurposeEntity);
      const before = await repo.findOneBy({ code });
      if (!before) throw new NotFoundError('jointChecks.purposeNotFound');
      const after = { ...before, nameZh: dto.nameZh, nameEn: dto.nameEn, sortOrder: dto.sortOrder ?? before.sortOrder, active: dto.active ?? !!before.active };
      await repo.update({ code }, { nameZh: after.nameZh, nameEn: after.nameEn, sortOrder: after.sortOrder, active: after.active });
      await this.audit.record(m, actor, { action: 'check_purpose.update', entityType: 'check_purpose', entityId: code, before: { ...before, active: !!before.active }, after });
    });
    this.purposesChanged();
  }
}
