import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In, LessThanOrEqual } from 'typeorm';
import { hiddenFrom, isAdmin, isOfficerOf, isRegulator } from '../../accounts/domain/access-policy.js';
import { UsersQueries } from '../../accounts/users.queries.js';
import { AuditService } from '../../audit/audit.service.js';
import { WorkingCalendarService } from '../../calendar/working-calendar.service.js';
import { ConflictError, ForbiddenError, NotFoundError, ValidationFailedError } from '../../common/errors/domain-error.js';
import type { Actor, Principal } from '../../common/principal.js';
import { UnitOfWork } from '../../database/unit-of-work.js';
import { I18nService } from '../../i18n/i18n.service.js';
import { NotificationsService } from '../../notifications/notifications.service.js';
import { normalizeUscc } from '../../tenants/domain/uscc.rules.js';
import { TenantsQueries, type TenantSummary } from '../../tenants/tenants.queries.js';
import { LIST_CRITERIA, type ListCriterion, type ListKind } from '../domain/list-kinds.js';
import {
  approvalBlockers, earlyExitBlocker, entryPeriod, objectionClosesOn, objectionInTime, ruleInForce,
} from '../domain/list-periods.rules.js';
import { ListChangeEntity } from '../entities/list-change.entity.js';
import { ListEntryEntity } from '../entities/list-entry.entity.js';
import { ListObjectionEntity } from '../entities/list-objection.entity.js';
import { ListRuleEntity } from '../entities/list-rule.entity.js';
import type { ListReasonDto, ListTextDto, ProposeListEntryDto } from './dto/list-entry.dto.js';

/** What a notice to the deciders is about, so it leaves their bells once the entry is decided or withdrawn. */
export const pendingSubject = (entryId: number) => `list-entry:${entryId}`;

/** Entries ended per transaction by the daily expiry. */
const EXPIRY_BATCH = 200;

/** An objection after the window: 409, naming the last day it was open (`closedOn` in the API's answer). */
export class ObjectionClosedError extends ConflictError {
  constructor(readonly closedOn: string) {
    super('listsEntries.objectionClosed', { date: closedOn });
  }
}

/** An instant as the `datetime` columns keep it on every driver (MySQL keeps whole seconds): the feed's keyset compares these. */
export const wholeSecond = (d: Date = new Date()) => new Date(Math.floor(d.getTime() / 1000) * 1000);

/**
 * The red, black and watch lists' entries (rules.md, list_rules): park staff propose (a regulator only
 * to the black list); a black or watch proposal is told to the tenant at once with reasons, legal basis
 * and its right to object within the rule's working days; the tenant's officers object, staff or
 * regulators answer; a regulator other than the proposer approves once the window has closed and every
 * objection is answered (it starts that day, planned end and earliest exit from the rule), or rejects;
 * the proposer may withdraw before. Active entries end by an early-exit decision, by the daily expiry,
 * or by credit repair (`endByRepair`, called by the repair part in its own transaction). Every step is
 * audited ('list_entry') and each start and end is a row of the changes feed. Nothing is deleted.
 */
@Injectable()
export class ListEntriesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly uow: UnitOfWork,
    private readonly audit: AuditService,
    private readonly notifications: NotificationsService,
    private readonly i18n: I18nService,
    private readonly tenants: TenantsQueries,
    private readonly users: UsersQueries,
    private readonly calendar: WorkingCalendarService,
  ) {}

  /** Every list rule on file (a handful of effective-dated rows). */
  rules(): Promise<ListRuleEntity[]> {
    return this.dataSource.getRepository(ListRuleEntity).find({ order: { list: 'ASC', effectiveFrom: 'ASC' } });
  }

  /** The rule of `list` in force on `day`. */
  async ruleFor(list: ListKind, day: string): Promise<ListRuleEntity | null> {
    return ruleInForce(await this.rules(), list, day);
  }

  /** The entry as `principal` may see it: another tenant's looks missing to an officer. */
  async visible(id: number, principal: Principal): Promise<ListEntryEntity> {
    const row = await this.dataSource.getRepository(ListEntryEntity).findOneBy({ id });
    if (!row || hiddenFrom(principal, row.tenantId)) throw new NotFoundError('listsEntries.notFound');
    return row;
  }

  /** Whether the park has any list entry at all (the demo seed fills an empty park only). */
  async anyEntry(): Promise<boolean> {
    return (await this.dataSource.getRepository(ListEntryEntity).count({ take: 1 })) > 0;
  }

  /**
   * A proposal whose prior notice went out earlier than it was recorded here (a park bringing its lists
   * over from paper or another system, and the demo seed): the notice time and the window's last day
   * as they were. Only an undecided black or watch proposal; audited.
   */
  async noticedEarlier(id: number, noticedAt: Date, objectionClosesOn: string, actor: Actor): Promise<void> {
    await this.uow.run(async (m) => {
      const row = await m.getRepository(ListEntryEntity).findOneBy({ id, status: 'proposed' });
      if (!row || !row.objectionClosesOn) throw new ConflictError('listsEntries.notProposed');
      const before = { proposedAt: row.proposedAt, noticeSentAt: row.noticeSentAt, objectionClosesOn: row.objectionClosesOn };
      await m.getRepository(ListEntryEntity).update(id, { proposedAt: noticedAt, noticeSentAt: noticedAt, objectionClosesOn, updatedAt: new Date() });
      await this.audit.record(m, actor, { action: 'listEntry.noticedEarlier', entityType: 'list_entry', entityId: id, before, after: { proposedAt: noticedAt, noticeSentAt: noticedAt, objectionClosesOn } });
    });
  }

  /** The entry, whoever asks (deciders' routes; 404 when there is none). */
  async existing(id: number): Promise<ListEntryEntity> {
    const row = await this.dataSource.getRepository(ListEntryEntity).findOneBy({ id });
    if (!row) throw new NotFoundError('listsEntries.notFound');
    return row;
  }

  /**
   * The entry a credit repair may be asked for, as the asker may see it: an officer only their own
   * tenant's (404 otherwise); staff and regulators any. Whether it is eligible is the repair rules' call.
   */
  async repairable(entryId: number, principal: Principal): Promise<ListEntryEntity> {
    return this.visible(entryId, principal);
  }

  /** The tenant a proposal names, by id or USCC (field-keyed 400 when neither finds one). */
  private async tenantOf(dto: Pick<ProposeListEntryDto, 'tenantId' | 'uscc'>): Promise<TenantSummary> {
    if (dto.tenantId != null) {
      const t = await this.tenants.summary(dto.tenantId);
      if (t) return t;
      throw new ValidationFailedError({ tenantId: [{ code: 'unknownTenant' }] });
    }
    if (dto.uscc) {
      const code = normalizeUscc(dto.uscc);
      const { byUscc } = await this.tenants.idsFor([code], []);
      const id = byUscc.get(code);
      const t = id != null ? await this.tenants.summary(id) : null;
      if (t) return t;
      throw new ValidationFailedError({ uscc: [{ code: 'unknownTenant' }] });
    }
    throw new ValidationFailedError({ tenantId: [{ code: 'required' }] });
  }

  /**
   * A proposal. Park staff (and admins) any list, a regulator the black list only (403). One open
   * proposal or active entry per tenant and list (409). Black and watch: the tenant's officers are told
   * at once and may object until the rule's `objectionWorkingDays`-th working day after today.
   */
  async propose(dto: ProposeListEntryDto, principal: Principal, actor: Actor, source: 'page' | 'api'): Promise<ListEntryEntity> {
    if (isRegulator(principal) && dto.list !== 'black') throw new ForbiddenError('listsEntries.regulatorBlackOnly');
    if (!(LIST_CRITERIA[dto.list] as readonly string[]).includes(dto.criterion)) throw new ValidationFailedError({ criterion: [{ code: 'oneOf' }] });
    const tenant = await this.tenantOf(dto);
    const today = this.i18n.today();
    const rule = await this.ruleFor(dto.list, today);
    if (!rule) throw new ConflictError('listsEntries.noRule');
    const closesOn = objectionClosesOn(rule, today, await this.calendar.calendar());
    const officers = (await this.users.officersOf([tenant.id])).get(tenant.id) ?? [];
    return this.uow.run(async (m, afterCommit) => {
      const repo = m.getRepository(ListEntryEntity);
      if (await repo.countBy({ tenantId: tenant.id, list: dto.list, status: In(['proposed', 'active']) })) throw new ConflictError('listsEntries.alreadyOpen');
      const now = new Date();
      const row = await repo.save(repo.create({
        tenantId: tenant.id, list: dto.list, status: 'proposed', criterion: dto.criterion as ListCriterion, reasons: dto.reasons,
        legalBasis: dto.legalBasis?.trim() || rule.legalBasis, records: (dto.records ?? []).map((r) => ({ type: r.type, id: r.id, label: r.label })),
        listRuleId: rule.id, proposedById: principal.userId, proposedAt: now, noticeSentAt: closesOn ? now : null, objectionClosesOn: closesOn,
        decidedById: null, decidedAt: null, decisionReason: null, startsOn: null, plannedEndOn: null, earliestExitOn: null,
        endedOn: null, endKind: null, endReason: null, endedById: null, createdAt: now, updatedAt: now,
      }));
      await this.audit.record(m, actor, {
        action: 'listEntry.propose', entityType: 'list_entry', entityId: row.id,
        after: {
          tenantId: tenant.id, uscc: tenant.uscc, list: row.list, criterion: row.criterion, reasons: row.reasons, legalBasis: row.legalBasis,
          records: row.records, listRuleId: rule.id, objectionClosesOn: closesOn, status: 'proposed', source,
        },
      });
      if (closesOn) {
        await this.notifications.notify(m, afterCommit, {
          userIds: officers, template: 'list-proposed',
          params: { tenantName: tenant.name, list: row.list, reasons: row.reasons, legalBasis: row.legalBasis, closesOn, days: rule.objectionWorkingDays },
          link: `/lists/${row.id}`, dedupeKey: `list-proposed:${row.id}`,
        });
      }
      return row;
    });
  }

  /** The tenant's officer objects to a proposal of their tenant, on or before its last day (409 with the day it closed). */
  async object(id: number, dto: ListTextDto, principal: Principal, actor: Actor): Promise<ListObjectionEntity> {
    const row = await this.visible(id, principal);
    if (!isOfficerOf(principal, row.tenantId)) throw new NotFoundError('listsEntries.notFound');
    if (row.status !== 'proposed') throw new ConflictError('listsEntries.notProposed');
    if (row.objectionClosesOn === null) throw new ConflictError('listsEntries.noObjectionWindow');
    const today = this.i18n.today();
    if (!objectionInTime(row.objectionClosesOn, today)) throw new ObjectionClosedError(row.objectionClosesOn);
    const tenant = await this.tenants.summary(row.tenantId);
    return this.uow.run(async (m, afterCommit) => {
      const repo = m.getRepository(ListObjectionEntity);
      const objection = await repo.save(repo.create({
        entryId: id, tenantId: row.tenantId, text: dto.text, filedById: principal.userId, filedAt: new Date(), status: 'open', answer: null, answeredById: null, answeredAt: null,
      }));
      await this.audit.record(m, actor, {
        action: 'listEntry.object', entityType: 'list_entry', entityId: id,
        after: { tenantId: row.tenantId, list: row.list, objectionId: objection.id, text: dto.text, filedOn: today },
      });
      await this.notifications.notify(m, afterCommit, {
        userIds: [row.proposedById], template: 'list-objection',
        params: { tenantName: tenant?.name ?? '', list: row.list, text: dto.text },
        link: `/lists/${id}`, dedupeKey: `list-objection:${objection.id}`, subject: pendingSubject(id),
      });
      return objection;
    });
  }

  /** Park staff or a regulator answer an open objection of a pending proposal; the officers are told. */
  async answer(id: number, objectionId: number, dto: ListTextDto, principal: Principal, actor: Actor): Promise<ListObjectionEntity> {
    const row = await this.existing(id);
    const objection = await this.dataSource.getRepository(ListObjectionEntity).findOneBy({ id: objectionId, entryId: id });
    if (!objection) throw new NotFoundError('listsEntries.objectionNotFound');
    if (row.status !== 'proposed') throw new ConflictError('listsEntries.notProposed');
    const officers = (await this.users.officersOf([row.tenantId])).get(row.tenantId) ?? [];
    return this.uow.run(async (m, afterCommit) => {
      const change = { status: 'answered' as const, answer: dto.text, answeredById: principal.userId, answeredAt: new Date() };
      const moved = await m.getRepository(ListObjectionEntity).update({ id: objectionId, status: 'open' }, change);
      if (!moved.affected) throw new ConflictError('listsEntries.objectionAnswered');
      await this.audit.record(m, actor, {
        action: 'listEntry.answer', entityType: 'list_entry', entityId: id,
        before: { objectionId, status: 'open' }, after: { tenantId: row.tenantId, objectionId, status: 'answered', answer: dto.text },
      });
      await this.notifications.notify(m, afterCommit, {
        userIds: officers, template: 'list-objection-answered',
        params: { list: row.list, answer: dto.text },
        link: `/lists/${id}`, dedupeKey: `list-objection-answered:${objectionId}`,
      });
      return Object.assign(objection, change);
    });
  }

  /** Objections of an entry awaiting an answer. */
  openObjections(entryId: number): Promise<number> {
    return this.dataSource.getRepository(ListObjectionEntity).countBy({ entryId, status: 'open' });
  }

  /** Refuses a decision by its own proposer (403): maker–checker. */
  private refuseOwn(row: ListEntryEntity, principal: Principal): void {
    if (row.proposedById === principal.userId) throw new ForbiddenError('listsEntries.ownProposal');
  }

  /**
   * A regulator other than the proposer approves a proposal once its objection window has closed and
   * every objection is answered (409 naming what is missing): it is on the list from today, until the
   * planned end of the rule it was proposed under; a row 'added' in the feed; the officers are told.
   */
  async approve(id: number, dto: ListReasonDto, principal: Principal, actor: Actor): Promise<ListEntryEntity> {
    const row = await this.existing(id);
    this.refuseOwn(row, principal);
    const today = this.i18n.today();
    const blockers = approvalBlockers(row, today, await this.openObjections(id));
    const window = blockers.find((b) => b.kind === 'windowOpen');
    const open = blockers.find((b) => b.kind === 'openObjections');
    if (blockers.some((b) => b.kind === 'notProposed')) throw new ConflictError('listsEntries.notProposed');
    if (window && open) throw new ConflictError('listsEntries.approveWindowAndObjections', { date: window.closesOn, count: open.count });
    if (window) throw new ConflictError('listsEntries.approveWindowOpen', { date: window.closesOn });
    if (open) throw new ConflictError('listsEntries.approveObjectionsOpen', { count: open.count });
    const rule = await this.dataSource.getRepository(ListRuleEntity).findOneByOrFail({ id: row.listRuleId });
    const period = entryPeriod(rule, today);
    const [tenant, officers] = await Promise.all([this.tenants.summary(row.tenantId), this.users.officersOf([row.tenantId])]);
    return this.uow.run(async (m, afterCommit) => {
      const now = new Date();
      const change = {
        status: 'active' as const, decidedById: principal.userId, decidedAt: now, decisionReason: dto.reason,
        startsOn: period.startsOn, plannedEndOn: period.plannedEndOn, earliestExitOn: period.earliestExitOn, updatedAt: now,
      };
      const moved = await m.getRepository(ListEntryEntity).update({ id, status: 'proposed' }, change);
      if (!moved.affected) throw new ConflictError('listsEntries.notProposed');
      // The same tenant on the same list twice: a second approval waits for the first to end.
      const already = await m.getRepository(ListEntryEntity).countBy({ tenantId: row.tenantId, list: row.list, status: 'active' });
      if (already > 1) throw new ConflictError('listsEntries.alreadyOpen');
      await m.getRepository(ListChangeEntity).insert({
        entryId: id, tenantId: row.tenantId, uscc: tenant?.uscc ?? '', list: row.list, change: 'added', effectiveOn: period.startsOn, changedAt: wholeSecond(now),
      });
      await this.audit.record(m, actor, {
        action: 'listEntry.approve', entityType: 'list_entry', entityId: id,
        before: { status: 'proposed' },
        after: { tenantId: row.tenantId, list: row.list, status: 'active', decisionReason: dto.reason, ...period },
      });
      await this.notifications.retire(m, [pendingSubject(id)]);
      await this.notifications.notify(m, afterCommit, {
        userIds: officers.get(row.tenantId) ?? [], template: 'list-decided',
        params: { tenantName: tenant?.name ?? '', list: row.list, approved: 1, rejected: 0, withdrawn: 0, reason: dto.reason, startsOn: period.startsOn, plannedEndOn: period.plannedEndOn },
        link: `/lists/${id}`, dedupeKey: `list-decided:${id}`,
      });
      return Object.assign(row, change);
    });
  }

  /** A regulator other than the proposer rejects a proposal with a reason (at any time before a decision); the officers are told. */
  async reject(id: number, dto: ListReasonDto, principal: Principal, actor: Actor): Promise<ListEntryEntity> {
    const row = await this.existing(id);
    this.refuseOwn(row, principal);
    if (row.status !== 'proposed') throw new ConflictError('listsEntries.notProposed');
    const officers = row.noticeSentAt ? (await this.users.officersOf([row.tenantId])).get(row.tenantId) ?? [] : [];
    return this.uow.run(async (m, afterCommit) => {
      const now = new Date();
      const change = { status: 'rejected' as const, decidedById: principal.userId, decidedAt: now, decisionReason: dto.reason, updatedAt: now };
      const moved = await m.getRepository(ListEntryEntity).update({ id, status: 'proposed' }, change);
      if (!moved.affected) throw new ConflictError('listsEntries.notProposed');
      await this.audit.record(m, actor, {
        action: 'listEntry.reject', entityType: 'list_entry', entityId: id,
        before: { status: 'proposed' }, after: { tenantId: row.tenantId, list: row.list, status: 'rejected', decisionReason: dto.reason },
      });
      await this.notifications.retire(m, [pendingSubject(id)]);
      if (officers.length) {
        await this.notifications.notify(m, afterCommit, {
          userIds: officers, template: 'list-decided',
          params: { tenantName: '', list: row.list, approved: 0, rejected: 1, withdrawn: 0, reason: dto.reason, startsOn: '', plannedEndOn: '' },
          link: `/lists/${id}`, dedupeKey: `list-decided:${id}`,
        });
      }
      return Object.assign(row, change);
    });
  }

  /** The proposer (or an admin) withdraws a proposal before the decision; the officers, if told, are told again. */
  async withdraw(id: number, principal: Principal, actor: Actor): Promise<ListEntryEntity> {
    const row = await this.existing(id);
    if (row.proposedById !== principal.userId && !isAdmin(principal)) throw new ForbiddenError('listsEntries.notProposer');
    if (row.status !== 'proposed') throw new ConflictError('listsEntries.notProposed');
    const officers = row.noticeSentAt ? (await this.users.officersOf([row.tenantId])).get(row.tenantId) ?? [] : [];
    return this.uow.run(async (m, afterCommit) => {
      const now = new Date();
      const change = { status: 'withdrawn' as const, decidedById: principal.userId, decidedAt: now, updatedAt: now };
      const moved = await m.getRepository(ListEntryEntity).update({ id, status: 'proposed' }, change);
      if (!moved.affected) throw new ConflictError('listsEntries.notProposed');
      await this.audit.record(m, actor, {
        action: 'listEntry.withdraw', entityType: 'list_entry', entityId: id, before: { status: 'proposed' }, after: { tenantId: row.tenantId, list: row.list, status: 'withdrawn' },
      });
      await this.notifications.retire(m, [pendingSubject(id)]);
      if (officers.length) {
        await this.notifications.notify(m, afterCommit, {
          userIds: officers, template: 'list-decided',
          params: { tenantName: '', list: row.list, approved: 0, rejected: 0, withdrawn: 1, reason: '', startsOn: '', plannedEndOn: '' },
          link: `/lists/${id}`, dedupeKey: `list-withdrawn:${id}`,
        });
      }
      return Object.assign(row, change);
    });
  }

  /** A regulator ends an active entry early with a reason: the black list only from its earliest exit day (409 naming it). */
  async exit(id: number, dto: ListReasonDto, principal: Principal, actor: Actor): Promise<ListEntryEntity> {
    const row = await this.existing(id);
    const today = this.i18n.today();
    const blocker = earlyExitBlocker(row, today);
    if (blocker?.kind === 'notActive') throw new ConflictError('listsEntries.notActive');
    if (blocker?.kind === 'tooEarly') throw new ConflictError('listsEntries.exitTooEarly', { date: blocker.earliestExitOn });
    const [tenant, officers] = await Promise.all([this.tenants.summary(row.tenantId), this.users.officersOf([row.tenantId])]);
    return this.uow.run(async (m, afterCommit) => {
      const now = new Date();
      const change = { status: 'ended' as const, endKind: 'early_exit' as const, endedOn: today, endReason: dto.reason, endedById: principal.userId, updatedAt: now };
      const moved = await m.getRepository(ListEntryEntity).update({ id, status: 'active' }, change);
      if (!moved.affected) throw new ConflictError('listsEntries.notActive');
      await m.getRepository(ListChangeEntity).insert({
        entryId: id, tenantId: row.tenantId, uscc: tenant?.uscc ?? '', list: row.list, change: 'ended', effectiveOn: today, changedAt: wholeSecond(now),
      });
      await this.audit.record(m, actor, {
        action: 'listEntry.exit', entityType: 'list_entry', entityId: id,
        before: { status: 'active', plannedEndOn: row.plannedEndOn }, after: { tenantId: row.tenantId, list: row.list, status: 'ended', endKind: 'early_exit', endedOn: today, endReason: dto.reason },
      });
      await this.notifications.notify(m, afterCommit, {
        userIds: officers.get(row.tenantId) ?? [], template: 'list-ended',
        params: { list: row.list, expired: 0, endedOn: today, reason: dto.reason },
        link: `/lists/${id}`, dedupeKey: `list-ended:${id}`,
      });
      return Object.assign(row, change);
    });
  }

  /**
   * Ends the active entries whose planned end has come by `today` (dated their planned end), a batch
   * per transaction: idempotent (an entry already ended is left alone), set-based (one read, one update,
   * one multi-row insert into the feed per batch). Returns how many ended.
   */
  async expire(today: string, actor: Actor): Promise<number> {
    let ended = 0;
    for (;;) {
      const batch = await this.dataSource.getRepository(ListEntryEntity).find({
        select: { id: true, tenantId: true, list: true, plannedEndOn: true },
        where: { status: 'active', plannedEndOn: LessThanOrEqual(today) }, order: { id: 'ASC' }, take: EXPIRY_BATCH,
      });
      if (!batch.length) return ended;
      const ids = batch.map((r) => r.id);
      const [tenants, officers] = await Promise.all([this.tenants.summaries([...new Set(batch.map((r) => r.tenantId))]), this.users.officersOf(batch.map((r) => r.tenantId))]);
      const done = await this.uow.run(async (m, afterCommit) => {
        const repo = m.getRepository(ListEntryEntity);
        // Only those still active now (another run may have ended some): read again under the write lock.
        const still = await repo.find({ select: { id: true, tenantId: true, list: true, plannedEndOn: true }, where: { id: In(ids), status: 'active' }, lock: m.connection.options.type === 'better-sqlite3' ? undefined : { mode: 'pessimistic_write' } });
        if (!still.length) return 0;
        const now = new Date();
        await repo.createQueryBuilder().update(ListEntryEntity)
          .set({ status: 'ended', endKind: 'expired', endedOn: () => m.connection.driver.escape('plannedEndOn'), updatedAt: now })
          .where({ id: In(still.map((r) => r.id)), status: 'active' })
          .execute();
        await m.getRepository(ListChangeEntity).insert(still.map((r) => ({
          entryId: r.id, tenantId: r.tenantId, uscc: tenants.get(r.tenantId)?.uscc ?? '', list: r.list, change: 'ended' as const, effectiveOn: r.plannedEndOn!, changedAt: wholeSecond(now),
        })));
        for (const r of still) {
          await this.audit.record(m, actor, {
            action: 'listEntry.expire', entityType: 'list_entry', entityId: r.id,
            before: { status: 'active' }, after: { tenantId: r.tenantId, list: r.list, status: 'ended', endKind: 'expired', endedOn: r.plannedEndOn },
          });
        }
        await this.notifications.notify(m, afterCommit, still.map((r) => ({
          userIds: officers.get(r.tenantId) ?? [], template: 'list-ended',
          params: { list: r.list, expired: 1, endedOn: r.plannedEndOn!, reason: '' },
          link: `/lists/${r.id}`, dedupeKey: `list-ended:${r.id}`,
        })));
        return still.length;
      });
      ended += done;
      if (batch.length < EXPIRY_BATCH) return ended;
    }
  }

  /**
   * Ends an active entry by an approved credit repair, inside the caller's transaction: status ended,
   * endKind 'repaired', endedOn = `day` (exclusive), a 'repaired' row in the changes feed, audited.
   * An entry no longer active is a 409 and nothing changes.
   */
  async endByRepair(m: EntityManager, entryId: number, day: string, actor: Actor, reason: string): Promise<void> {
    const repo = m.getRepository(ListEntryEntity);
    const row = await repo.findOneBy({ id: entryId });
    if (!row) throw new NotFoundError('listsEntries.notFound');
    const now = new Date();
    const change = { status: 'ended' as const, endKind: 'repaired' as const, endedOn: day, endReason: reason, endedById: actor.userId, updatedAt: now };
    const moved = await repo.update({ id: entryId, status: 'active' }, change);
    if (!moved.affected) throw new ConflictError('listsEntries.notActive');
    const tenant = await this.tenants.summary(row.tenantId);
    await m.getRepository(ListChangeEntity).insert({
      entryId, tenantId: row.tenantId, uscc: tenant?.uscc ?? '', list: row.list, change: 'repaired', effectiveOn: day, changedAt: wholeSecond(now),
    });
    await this.audit.record(m, actor, {
      action: 'listEntry.repaired', entityType: 'list_entry', entityId: entryId,
      before: { status: 'active', endedOn: null },
      after: { tenantId: row.tenantId, list: row.list, status: 'ended', endKind: 'repaired', endedOn: day, endReason: reason },
    });
  }
}
