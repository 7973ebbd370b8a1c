import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In, LessThanOrEqual, type EntityManager } from 'typeorm';
import { hiddenFrom, isManager, isOfficerOf, isRegulator, isRegulatorOf } from '../../accounts/domain/access-policy.js';
import { UsersQueries } from '../../accounts/users.queries.js';
import { AuditService } from '../../audit/audit.service.js';
import { WorkingCalendarService } from '../../calendar/working-calendar.service.js';
import { ConflictError, ForbiddenError, NotFoundError, ValidationFailedError, type FieldProblems } from '../../common/errors/domain-error.js';
import type { Actor, Principal } from '../../common/principal.js';
import { ConventionsService, type CommitmentSignature } from '../../conventions/core/conventions.service.js';
import { UnitOfWork } from '../../database/unit-of-work.js';
import { dateText } from '../../database/raw-sql.js';
import { FilesService } from '../../files/files.service.js';
import { evidenceProblems, refuseEvidence } from '../../files/evidence-files.js';
import type { UploadedPart } from '../../files/upload.interceptor.js';
import { FindingsService, type RepairableFinding } from '../../findings/core/findings.service.js';
import { I18nService } from '../../i18n/i18n.service.js';
import { NotificationsService } from '../../notifications/notifications.service.js';
import { TenantsQueries, type TenantSummary } from '../../tenants/tenants.queries.js';
import { TrainingRecordsService, type AttendedTraining } from '../../trainings/core/training-records.service.js';
import type { RepairStatus, RepairSubjectKind, RepairSubjectType } from '../domain/list-kinds.js';
import { isOpenRepair, repairTransition, type RepairEvent } from '../domain/repair-deadlines.rules.js';
import { entryRepairEligibility, findingRepairEligibility, trainingProblem, type RepairEligibility } from '../domain/repair-eligibility.rules.js';
import { ListEntryEntity } from '../entities/list-entry.entity.js';
import { ListRuleEntity } from '../entities/list-rule.entity.js';
import { RepairApplicationEntity } from '../entities/repair-application.entity.js';
import { RepairRuleEntity } from '../entities/repair-rule.entity.js';
import { ListEntriesService } from '../entries/list-entries.service.js';
import { MAX_REPAIR_FILES, parseSubject, type DecideRepairDto, type ReplyRepairDto, type SubmitRepairDto } from './dto/repair.dto.js';

/** Attachments of a repair application (its rectification evidence). */
export const REPAIR_OWNER = 'repair_application';

/** Evidence is a document or a photo: PDF, JPEG or PNG, by content. */

/** What reviewers' notices are about, so they leave the bells once the application is decided or withdrawn. */
export const reviewSubject = (id: number) => `repair:${id}`;

const fileAudit = (files: { id: number; fileName: string; sha256: string; size: number }[]) => files.map((f) => ({ id: f.id, fileName: f.fileName, sha256: f.sha256, size: f.size }));

/** A refused move of an application is a 409. */
function assertTransition(status: RepairStatus, event: RepairEvent): RepairStatus {
  const r = repairTransition(status, event);
  if (!r.ok) throw new ConflictError('listsRepair.errors.notOpen', { status });
  return r.to;
}

/** An application before the record is eligible: 409 naming the first day (the API adds `eligibleOn` and the reasons). */
export class RepairNotEligibleError extends ConflictError {
  constructor(readonly eligibility: RepairEligibility) {
    super(eligibility.eligibleOn ? 'listsRepair.errors.notYetEligible' : 'listsRepair.errors.notEligible', eligibility.eligibleOn ? { date: eligibility.eligibleOn } : {});
  }
}

/** The record a repair is asked for, as the rules and the pages read it. */
export interface RepairSubject {
  type: RepairSubjectType;
  id: number;
  tenantId: number;
  kind: RepairSubjectKind;
  /** How it reads: the finding's title and decision number, or the list. */
  label: string;
  /** Regulators of this department decide a finding's repair; null: any regulator (a list entry). */
  departmentId: number | null;
  /** Training certificates must be of sessions on or after this day (the decision, the entry's start). */
  since: string;
  needsTraining: boolean;
  eligibility: RepairEligibility;
  finding?: RepairableFinding;
  entry?: { id: number; list: string; startsOn: string | null; plannedEndOn: string | null; status: string };
}

interface RulesRead {
  repair: Map<RepairSubjectKind, RepairRuleEntity>;
  lists: Map<number, ListRuleEntity>;
}

const subjectKey = (type: RepairSubjectType, id: number) => `${type}:${id}`;

/**
 * Credit repair (信用修复) of a finding or of a black/watch list entry: eligibility (repair-eligibility
 * rules), the officer's application with a credit commitment letter signed in ParkTrust, rectification
 * evidence (PDF/JPEG/PNG) and, where the rule asks, training certificates from ParkTrust's attendance
 * records; staff (or the finding's department) reply within the reply deadline, a regulator other than
 * the replier decides within the decision deadline (working days); approval repairs the finding or ends
 * the entry in the same transaction. Every step audited ('repair_application') and told.
 */
@Injectable()
export class RepairsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly uow: UnitOfWork,
    private readonly audit: AuditService,
    private readonly files: FilesService,
    private readonly notifications: NotificationsService,
    private readonly i18n: I18nService,
    private readonly tenants: TenantsQueries,
    private readonly users: UsersQueries,
    private readonly calendar: WorkingCalendarService,
    private readonly findings: FindingsService,
    private readonly entries: ListEntriesService,
    private readonly conventions: ConventionsService,
    private readonly trainings: TrainingRecordsService,
  ) {}

  /** The tenant an officer applies for: their own, bound and not moved out (403 otherwise). Also checked before an upload's body is read. */
  actingTenant(principal: Principal): Promise<TenantSummary> {
    return this.tenants.actingTenant(principal, { notBound: 'listsRepair.errors.notBound', movedOut: 'listsRepair.errors.movedOut' });
  }

  /** The repair rule in force on `day` for a kind of record. */
  async ruleFor(kind: RepairSubjectKind, day: string, m: EntityManager = this.dataSource.manager): Promise<RepairRuleEntity> {
    const rule = await m.getRepository(RepairRuleEntity).findOne({ where: { subject: kind, effectiveFrom: LessThanOrEqual(day) }, order: { effectiveFrom: 'DESC' } });
    if (!rule) throw new ConflictError('listsRepair.errors.noRule');
    return rule;
  }

  /**
   * The rules a page of records needs, read once (a handful of rows each): repair rules in force on
   * `day` by kind, list rules by id. Without it, each record would read its rules again.
   */
  private async rules(day: string): Promise<RulesRead> {
    const [repair, lists] = await Promise.all([
      this.dataSource.getRepository(RepairRuleEntity).find({ where: { effectiveFrom: LessThanOrEqual(day) }, order: { effectiveFrom: 'ASC' } }),
      this.dataSource.getRepository(ListRuleEntity).find(),
    ]);
    const byKind = new Map<RepairSubjectKind, RepairRuleEntity>();
    for (const r of repair) byKind.set(r.subject, r);
    return { repair: byKind, lists: new Map(lists.map((r) => [r.id, r])) };
  }

  private repairRule(rules: RulesRead, kind: RepairSubjectKind): RepairRuleEntity {
    const rule = rules.repair.get(kind);
    if (!rule) throw new ConflictError('listsRepair.errors.noRule');
    return rule;
  }

  private fromFinding(f: RepairableFinding, today: string, rules: RulesRead): RepairSubject {
    const kind = `finding_${f.severity}` as RepairSubjectKind;
    const rule = this.repairRule(rules, kind);
    return {
      type: 'finding', id: f.id, tenantId: f.tenantId, kind, label: `${f.title}（${f.decisionNo}）`, departmentId: f.departmentId,
      since: f.decisionDate, needsTraining: rule.needsTraining, eligibility: findingRepairEligibility(f, today), finding: f,
    };
  }

  private fromEntry(e: ListEntryEntity, today: string, rules: RulesRead): RepairSubject {
    const listRule = rules.lists.get(e.listRuleId) ?? null;
    const startsOn = e.startsOn ? dateText(e.startsOn) : null;
    const plannedEndOn = e.plannedEndOn ? dateText(e.plannedEndOn) : null;
    const kind = (e.list === 'black' ? 'black' : 'watch') as RepairSubjectKind;
    const rule = e.list === 'red' ? null : this.repairRule(rules, kind);
    return {
      type: 'list_entry', id: e.id, tenantId: e.tenantId, kind, label: e.list, departmentId: null, since: startsOn ?? today,
      needsTraining: !!(listRule?.repairNeedsTraining || rule?.needsTraining),
      eligibility: entryRepairEligibility({ list: e.list, status: e.status, startsOn, plannedEndOn }, { repairAfterMonths: listRule?.repairAfterMonths ?? null }, today),
      entry: { id: e.id, list: e.list, startsOn, plannedEndOn, status: e.status },
    };
  }

  /**
   * The record `subject` (`finding:<id>` / `list_entry:<id>`) as `principal` may see it, with its
   * eligibility today: an officer only their own tenant's (404 otherwise, as for a record that does not exist).
   */
  async subject(subject: string, principal: Principal): Promise<RepairSubject> {
    const parsed = parseSubject(subject);
    if (!parsed) throw new ValidationFailedError({ subject: [{ code: 'format' }] });
    const today = this.i18n.today();
    if (parsed.type === 'finding') {
      const f = await this.findings.repairable(parsed.id, null);
      if (!f || hiddenFrom(principal, f.tenantId)) throw new NotFoundError('listsRepair.errors.subjectNotFound');
      return this.fromFinding(f, today, await this.rules(today));
    }
    const e = await this.entries.repairable(parsed.id, principal).catch((err: unknown) => {
      if (err instanceof NotFoundError) throw new NotFoundError('listsRepair.errors.subjectNotFound');
      throw err;
    });
    return this.fromEntry(e, today, await this.rules(today));
  }

  /**
   * Every record of the tenant a repair could be asked for (its findings still in publicity and not
   * repaired; its black and watch entries in force), each with its eligibility today. Four queries.
   */
  async subjectsOf(tenantId: number): Promise<RepairSubject[]> {
    const today = this.i18n.today();
    const [findings, entries] = await Promise.all([
      this.findings.repairableFindings(tenantId, today),
      this.dataSource.getRepository(ListEntryEntity).find({ where: { tenantId, status: 'active', list: In(['black', 'watch']) }, order: { startsOn: 'DESC', id: 'DESC' } }),
    ]);
    const rules = await this.rules(today);
    return [...entries.map((e) => this.fromEntry(e, today, rules)), ...findings.map((f) => this.fromFinding(f, today, rules))];
  }

  /** The open applications of these subjects, by `type:id`. */
  async openBySubject(subjects: readonly { type: RepairSubjectType; id: number }[]): Promise<Map<string, RepairApplicationEntity>> {
    const out = new Map<string, RepairApplicationEntity>();
    for (const type of ['finding', 'list_entry'] as const) {
      const ids = subjects.filter((s) => s.type === type).map((s) => s.id);
      if (!ids.length) continue;
      const rows = await this.dataSource.getRepository(RepairApplicationEntity).find({ where: { subjectType: type, subjectId: In(ids), status: In(['submitted', 'in_review']) } });
      for (const r of rows) out.set(subjectKey(type, r.subjectId), r);
    }
    return out;
  }

  /** What an officer may attach: their tenant's signed commitment letters and attended trainings. */
  async artefactsOf(tenantId: number): Promise<{ commitments: CommitmentSignature[]; trainings: AttendedTraining[] }> {
    const [commitments, trainings] = await Promise.all([this.conventions.commitmentSignaturesOf(tenantId), this.trainings.attendedBy(tenantId)]);
    return { commitments, trainings };
  }

  /** The application as `principal` may see it: another tenant's looks missing to an officer. */
  async visible(id: number, principal: Principal): Promise<RepairApplicationEntity> {
    const row = await this.dataSource.getRepository(RepairApplicationEntity).findOneBy({ id });
    if (!row || hiddenFrom(principal, row.tenantId)) throw new NotFoundError('listsRepair.errors.notFound');
    return row;
  }

  /** An application of the officer's own tenant, still open (409). */
  async ownOpen(id: number, principal: Principal, event: 'withdraw' | 'evidence'): Promise<RepairApplicationEntity> {
    const row = await this.visible(id, principal);
    if (!isOfficerOf(principal, row.tenantId)) throw new NotFoundError('listsRepair.errors.notFound');
    if (event === 'withdraw') assertTransition(row.status, 'withdraw');
    else if (!isOpenRepair(row.status)) throw new ConflictError('listsRepair.errors.notOpen', { status: row.status });
    return row;
  }

  /**
   * A tenant officer's application. Refused before eligibility (409 with the first day), when one is
   * open already for the record (409), or with field errors (the commitment letter must be one the
   * tenant signed in ParkTrust; training certificates must be the tenant's attended sessions since the
   * decision or the entry's start, and at least one where the rule asks; the page requires evidence).
   * Nothing is written on a refusal. Reviewers are told.
   */
  async submit(dto: SubmitRepairDto, parts: UploadedPart[], principal: Principal, actor: Actor, source: 'page' | 'api'): Promise<RepairApplicationEntity> {
    const tenant = await this.actingTenant(principal);
    const subject = await this.subject(dto.subject, principal);
    if (!subject.eligibility.eligible) throw new RepairNotEligibleError(subject.eligibility);
    if ((await this.openBySubject([subject])).size) throw new ConflictError('listsRepair.errors.openApplication');
    const today = this.i18n.today();
    const rule = await this.ruleFor(subject.kind, today);
    const chosen = [...new Set(dto.trainingSessionIds ?? [])];
    const [commitments, attended] = await Promise.all([
      this.conventions.commitmentSignaturesOf(tenant.id, [dto.commitmentSignatureId]),
      this.trainings.attendedBy(tenant.id, chosen),
    ]);
    const problems: FieldProblems = {};
    if (!commitments.length) problems.commitmentSignatureId = [{ code: 'oneOf' }];
    const training = trainingProblem(subject.needsTraining, chosen, attended.map((a) => ({ sessionId: a.sessionId, day: this.i18n.formatDate(a.startsAt), mark: a.mark })), subject.since);
    if (training) problems.trainingSessionIds = [{ code: training.code === 'required' ? 'required' : 'oneOf' }];
    Object.assign(problems, evidenceProblems(parts, 0, MAX_REPAIR_FILES));
    if (source === 'page' && !parts.length) problems.files = [{ code: 'required' }];
    refuseEvidence(problems, 'listsRepair.errors.evidenceTypes');
    this.files.check(parts);
    const replyDueOn = await this.calendar.addWorkingDays(today, rule.replyWorkingDays);
    const managers = await this.users.managerIds(0, 1000);
    const regulators = subject.departmentId !== null ? ((await this.users.regulatorsOf([subject.departmentId])).get(subject.departmentId) ?? []) : [];
    return this.uow.run(async (m, afterCommit) => {
      const repo = m.getRepository(RepairApplicationEntity);
      const now = new Date();
      const row = await repo.save(repo.create({
        tenantId: tenant.id, subjectType: subject.type, subjectId: subject.id, status: 'submitted', statement: dto.statement,
        commitmentSignatureId: dto.commitmentSignatureId, trainingAttendanceIds: chosen, eligibleOn: subject.eligibility.eligibleOn,
        repairRuleId: rule.id, submittedById: principal.userId, submittedAt: now, replyDueOn,
        repliedById: null, repliedAt: null, replyNote: null, decisionDueOn: null, decidedById: null, decidedAt: null, decisionReason: null, updatedAt: now,
      }));
      const stored = await this.files.store(m, REPAIR_OWNER, row.id, parts, principal.userId);
      await this.audit.record(m, actor, {
        action: 'repair.submit', entityType: 'repair_application', entityId: row.id,
        after: {
          tenantId: tenant.id, subject: subjectKey(subject.type, subject.id), status: 'submitted', statement: dto.statement, eligibleOn: row.eligibleOn,
          commitmentSignatureId: dto.commitmentSignatureId, trainingSessionIds: chosen, replyDueOn, repairRuleId: rule.id, source, files: fileAudit(stored),
        },
      });
      await this.notifications.notify(m, afterCommit, {
        userIds: [...managers, ...regulators],
        template: 'repair-submitted',
        params: { tenantName: tenant.name, subject: subject.label, subjectType: subject.type, list: subject.entry?.list ?? '', replyDueOn },
        link: `/repairs/${row.id}`,
        dedupeKey: `repair-submitted:${row.id}`,
        subject: reviewSubject(row.id),
      });
      return row;
    });
  }

  /** More rectification evidence while the application is open (at most 10 files in all). */
  async addEvidence(id: number, parts: UploadedPart[], principal: Principal, actor: Actor): Promise<RepairApplicationEntity> {
    const row = await this.ownOpen(id, principal, 'evidence');
    const already = (await this.files.listFor(REPAIR_OWNER, [id])).length;
    refuseEvidence(evidenceProblems(parts, already, MAX_REPAIR_FILES, true), 'listsRepair.errors.evidenceTypes');
    this.files.check(parts);
    return this.uow.run(async (m) => {
      const still = await m.getRepository(RepairApplicationEntity).update({ id, status: In(['submitted', 'in_review']) }, { updatedAt: new Date() });
      if (!still.affected) throw new ConflictError('listsRepair.errors.notOpen', { status: row.status });
      const stored = await this.files.store(m, REPAIR_OWNER, id, parts, principal.userId);
      await this.audit.record(m, actor, { action: 'repair.evidence', entityType: 'repair_application', entityId: id, after: { tenantId: row.tenantId, files: fileAudit(stored) } });
      return row;
    });
  }

  /** The officer withdraws an open application; the reviewers' notice leaves their bells. */
  async withdraw(id: number, principal: Principal, actor: Actor): Promise<RepairApplicationEntity> {
    const row = await this.ownOpen(id, principal, 'withdraw');
    return this.uow.run(async (m) => {
      const change = { status: 'withdrawn' as const, updatedAt: new Date() };
      const moved = await m.getRepository(RepairApplicationEntity).update({ id, status: row.status }, change);
      if (!moved.affected) throw new ConflictError('listsRepair.errors.notOpen', { status: row.status });
      await this.audit.record(m, actor, { action: 'repair.withdraw', entityType: 'repair_application', entityId: id, before: { status: row.status }, after: { tenantId: row.tenantId, status: 'withdrawn' } });
      await this.notifications.retire(m, [reviewSubject(id)]);
      return Object.assign(row, change);
    });
  }

  /** The department whose regulators review a finding's repair (null: a list entry, any regulator). */
  async departmentOf(row: RepairApplicationEntity): Promise<number | null> {
    if (row.subjectType !== 'finding') return null;
    return (await this.findings.repairable(row.subjectId, row.tenantId))?.departmentId ?? null;
  }

  /** The regulators who may decide: the finding's department's, or every department's for a list entry (a few dozen departments). */
  private async decidersOf(row: RepairApplicationEntity): Promise<number[]> {
    const department = await this.departmentOf(row);
    const departments = department !== null ? [department] : [...(await this.findings.departmentsById()).keys()];
    return [...(await this.users.regulatorsOf(departments)).values()].flat();
  }

  /** May reply: park staff and admins; for a finding also a regulator of its department. */
  async mayReply(row: RepairApplicationEntity, principal: Principal): Promise<boolean> {
    if (isManager(principal)) return true;
    return row.subjectType === 'finding' && isRegulatorOf(principal, await this.departmentOf(row));
  }

  /** May decide: a regulator (of the finding's department for a finding) who did not reply. */
  async mayDecide(row: RepairApplicationEntity, principal: Principal): Promise<boolean> {
    if (!isRegulator(principal)) return false;
    if (row.subjectType === 'finding' && !isRegulatorOf(principal, await this.departmentOf(row))) return false;
    return row.repliedById !== principal.userId;
  }

  /** An application a reviewer acts on (404 when there is none). */
  async reviewable(id: number): Promise<RepairApplicationEntity> {
    const row = await this.dataSource.getRepository(RepairApplicationEntity).findOneBy({ id });
    if (!row) throw new NotFoundError('listsRepair.errors.notFound');
    return row;
  }

  /**
   * The reviewer's reply (受理, or what more is needed): the application is in review and the decision
   * is due `decisionWorkingDays` working days after today. The officers are told.
   */
  async reply(id: number, dto: ReplyRepairDto, principal: Principal, actor: Actor): Promise<RepairApplicationEntity> {
    const row = await this.reviewable(id);
    if (!(await this.mayReply(row, principal))) throw new ForbiddenError('listsRepair.errors.notReplier');
    assertTransition(row.status, 'reply');
    const today = this.i18n.today();
    const rule = await this.dataSource.getRepository(RepairRuleEntity).findOneByOrFail({ id: row.repairRuleId });
    const decisionDueOn = await this.calendar.addWorkingDays(today, rule.decisionWorkingDays);
    const [officers, tenant, deciders] = await Promise.all([this.users.officersOf([row.tenantId]), this.tenants.summary(row.tenantId), this.decidersOf(row)]);
    return this.uow.run(async (m, afterCommit) => {
      const change = { status: 'in_review' as const, repliedById: principal.userId, repliedAt: new Date(), replyNote: dto.note, decisionDueOn, updatedAt: new Date() };
      const moved = await m.getRepository(RepairApplicationEntity).update({ id, status: 'submitted' }, change);
      if (!moved.affected) throw new ConflictError('listsRepair.errors.notOpen', { status: row.status });
      await this.audit.record(m, actor, {
        action: 'repair.reply', entityType: 'repair_application', entityId: id,
        before: { status: 'submitted' }, after: { tenantId: row.tenantId, status: 'in_review', replyNote: dto.note, repliedOn: today, decisionDueOn },
      });
      await this.notifications.notify(m, afterCommit, {
        userIds: officers.get(row.tenantId) ?? [],
        template: 'repair-replied',
        params: { tenantName: tenant?.name ?? '', note: dto.note, decisionDueOn },
        link: `/repairs/${id}`,
        dedupeKey: `repair-replied:${id}`,
      });
      // Replied: the "to reply" notices leave the bells; the regulators who may decide are told.
      await this.notifications.retire(m, [reviewSubject(id)]);
      await this.notifications.notify(m, afterCommit, {
        userIds: deciders.filter((u) => u !== principal.userId),
        template: 'repair-to-decide',
        params: { tenantName: tenant?.name ?? '', decisionDueOn },
        link: `/repairs/${id}`,
        dedupeKey: `repair-to-decide:${id}`,
        subject: reviewSubject(id),
      });
      return Object.assign(row, change);
    });
  }

  /**
   * A regulator's decision with its reason (for a finding, of its department; never the one who
   * replied: 403). Approval repairs the finding (`repairedOn` today) or ends the entry by repair, in the
   * same transaction: it stops counting in the score and is no longer shown publicly; nothing is deleted.
   */
  async decide(id: number, dto: DecideRepairDto, principal: Principal, actor: Actor): Promise<RepairApplicationEntity> {
    const row = await this.reviewable(id);
    if (!isRegulator(principal)) throw new ForbiddenError();
    if (row.subjectType === 'finding' && !isRegulatorOf(principal, await this.departmentOf(row))) throw new ForbiddenError('listsRepair.errors.notYourDepartment');
    if (row.repliedById === principal.userId) throw new ForbiddenError('listsRepair.errors.ownReply');
    const status = assertTransition(row.status, dto.decision);
    if (dto.decision === 'approve' && !(await this.files.listFor(REPAIR_OWNER, [id])).length) throw new ConflictError('listsRepair.errors.noEvidence');
    const today = this.i18n.today();
    const [officers, tenant] = await Promise.all([this.users.officersOf([row.tenantId]), this.tenants.summary(row.tenantId)]);
    return this.uow.run(async (m, afterCommit) => {
      const change = { status, decidedById: principal.userId, decidedAt: new Date(), decisionReason: dto.reason, updatedAt: new Date() };
      const moved = await m.getRepository(RepairApplicationEntity).update({ id, status: 'in_review' }, change);
      if (!moved.affected) throw new ConflictError('listsRepair.errors.notOpen', { status: row.status });
      if (status === 'approved') {
        if (row.subjectType === 'finding') await this.findings.markRepaired(m, row.subjectId, today);
        else await this.entries.endByRepair(m, row.subjectId, today, actor, dto.reason);
      }
      await this.audit.record(m, actor, {
        action: status === 'approved' ? 'repair.approve' : 'repair.reject', entityType: 'repair_application', entityId: id,
        before: { status: 'in_review' },
        after: { tenantId: row.tenantId, subject: subjectKey(row.subjectType, row.subjectId), status, decidedOn: today, decisionReason: dto.reason, ...(status === 'approved' ? { repairedOn: today } : {}) },
      });
      await this.notifications.retire(m, [reviewSubject(id)]);
      await this.notifications.notify(m, afterCommit, {
        userIds: officers.get(row.tenantId) ?? [],
        template: 'repair-decided',
        params: { tenantName: tenant?.name ?? '', decision: status, reason: dto.reason, decidedOn: today },
        link: `/repairs/${id}`,
        dedupeKey: `repair-decided:${id}`,
      });
      return Object.assign(row, change);
    });
  }
}
