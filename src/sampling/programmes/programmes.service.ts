import { Injectable } from '@nestjs/common';
import { DateTime } from 'luxon';
import { In, type EntityManager } from 'typeorm';
import { DepartmentsService } from '../../accounts/departments.service.js';
import { isManager, isRegulator } from '../../accounts/domain/access-policy.js';
import { UsersQueries } from '../../accounts/users.queries.js';
import { AuditService } from '../../audit/audit.service.js';
import { ConflictError, ForbiddenError, ValidationFailedError, type FieldProblems } from '../../common/errors/domain-error.js';
import type { Actor, Principal } from '../../common/principal.js';
import { UnitOfWork, type AfterCommit } from '../../database/unit-of-work.js';
import { I18nService } from '../../i18n/i18n.service.js';
import { NotificationsService } from '../../notifications/notifications.service.js';
import {
  ANNOUNCE_DAYS_BEFORE, approvalRefusal, DEFAULT_COMPLAINT_DAYS, DEFAULT_GRADES, DEFAULT_TARGETED_RULES, draftProblems, gradesOf, gradesText,
  proposeCalendar, sha256Hex, type DraftDraw, type ProgrammeDraft,
} from '../domain/programme.rules.js';
import type { ProgrammeDetail, ProgrammeGradeRule } from '../domain/programme.types.js';
import { SAMPLING_GRADES } from '../domain/sampling-kinds.js';
import { DrawEntity } from '../entities/draw.entity.js';
import { ProgrammeCommentEntity } from '../entities/programme-comment.entity.js';
import { ProgrammeDepartmentEntity } from '../entities/programme-department.entity.js';
import { ProgrammeGradeEntity } from '../entities/programme-grade.entity.js';
import { ProgrammeItemEntity } from '../entities/programme-item.entity.js';
import { SamplingProgrammeEntity } from '../entities/sampling-programme.entity.js';
import { InspectionItemsService } from '../items/inspection-items.service.js';
import type { ApproveProgrammeDto, CommentProgrammeDto, CreateProgrammeDto, ProgrammeDrawDto, ProgrammeFieldsDto } from './dto/programme.dto.js';
import { currentPlanJson, ProgrammesQueries } from './programmes.queries.js';

/** What the "awaiting approval" notices are about, so they leave the bells once decided or withdrawn. */
export const approvalSubject = (id: number) => `sampling-programme:${id}`;
export const programmeLink = (id: number) => `/sampling/programmes/${id}`;

/** A draft's parts after the fields of a request are applied to it (or to the defaults). */
interface Assembled {
  title: string;
  notes: string | null;
  draft: ProgrammeDraft;
  /** Where a submitted department row ended up in `draft.departments` (the form may send rows it leaves out). */
}

/** The instant of an API date-time: with an offset as given, without one in park time. */
export function parseDrawInstant(text: string, zone: string): Date {
  const withZone = /([zZ]|[+-]\d{2}:?\d{2})$/.test(text);
  const dt = withZone ? DateTime.fromISO(text, { setZone: true }) : DateTime.fromISO(text, { zone });
  return dt.isValid ? dt.toJSDate() : new Date(Number.NaN);
}

/**
 * Sampling programmes (抽查工作计划): drafting with the defaults of rules.md and a proposed calendar,
 * updates while a draft (calendar included), comments, the maker-checker approval by another
 * regulator recording the canonical plan and its SHA-256, amendments (a new draft that supersedes
 * the programme once approved, cancelling its still-planned draws) and withdrawal. Audited as
 * `sampling_programme`; regulators are told of drafts to approve, the drafter of the approval.
 */
@Injectable()
export class ProgrammesService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly audit: AuditService,
    private readonly notifications: NotificationsService,
    private readonly i18n: I18nService,
    private readonly users: UsersQueries,
    private readonly departments: DepartmentsService,
    private readonly items: InspectionItemsService,
    private readonly queries: ProgrammesQueries,
  ) {}

  /** Who may draft: park staff, admins, regulators. */
  mayDraft(principal: Principal): boolean {
    return isManager(principal) || isRegulator(principal);
  }

  /** Who may change a draft: its drafter, or park staff / an admin (a regulator comments on another's draft instead: maker-checker). */
  mayEdit(p: { createdById: number; status: string }, principal: Principal): boolean {
    return p.status === 'draft' && (p.createdById === principal.userId || isManager(principal));
  }

  mayApprove(p: { createdById: number; status: string }, principal: Principal): boolean {
    return approvalRefusal(p, { userId: principal.userId, regulator: isRegulator(principal) }) === null;
  }

  mayWithdraw(p: { createdById: number; status: string }, principal: Principal): boolean {
    return p.status === 'draft' && p.createdById === principal.userId;
  }

  mayAmend(p: { status: string }, principal: Principal): boolean {
    return p.status === 'approved' && this.mayDraft(principal);
  }

  /** The calendar proposed for a year from grades, drafted today. */
  propose(year: number, grades: readonly ProgrammeGradeRule[]): DraftDraw[] {
    return proposeCalendar(year, grades, this.i18n.today(), this.i18n.timeZone);
  }

  /** A new draft: the fields given, the defaults for the rest (rules.md), the calendar proposed unless given. */
  async create(dto: CreateProgrammeDto, principal: Principal, actor: Actor): Promise<ProgrammeDetail> {
    if (!this.mayDraft(principal)) throw new ForbiddenError();
    const base = {
      title: dto.title ?? this.i18n.t(null, 'samplingProgrammes.defaultTitle', { year: dto.year }),
      notes: null,
      draft: {
        year: dto.year, departments: [], items: [], grades: DEFAULT_GRADES.map((g) => ({ ...g })), targetedRules: [...DEFAULT_TARGETED_RULES],
        complaintDays: DEFAULT_COMPLAINT_DAYS, draws: [],
      } as ProgrammeDraft,
    };
    const next = await this.assemble(base, dto, dto.draws === undefined);
    await this.refuseProblems(next.draft);
    if (await this.queries.approvedFor(dto.year)) throw new ConflictError('samplingProgrammes.errors.yearHasApproved', { year: dto.year });
    const regulators = await this.regulatorIds();
    return this.uow.run(async (m, afterCommit) => {
      const row = await m.getRepository(SamplingProgrammeEntity).save(m.getRepository(SamplingProgrammeEntity).create({
        year: dto.year, title: next.title, status: 'draft', amendsId: null, revision: 1,
        targetedRules: next.draft.targetedRules.join(','), complaintDays: next.draft.complaintDays, notes: next.notes, createdById: principal.userId,
      }));
      await this.writeParts(m, row.id, next.draft, true);
      const detail = await this.queries.detail(row.id, m);
      await this.audit.record(m, actor, { action: 'sampling.programme.create', entityType: 'sampling_programme', entityId: row.id, after: auditPlan(detail) });
      await this.askApproval(m, afterCommit, detail, regulators, principal.userId);
      return detail;
    });
  }

  /** Changes to a draft (409 once approved, superseded or withdrawn; 403 for another regulator's). */
  async update(id: number, dto: ProgrammeFieldsDto & { year?: number }, principal: Principal, actor: Actor): Promise<ProgrammeDetail> {
    const before = await this.queries.detail(id);
    this.assertDraft(before);
    if (!this.mayEdit(before, principal)) throw new ForbiddenError('samplingProgrammes.errors.notYourDraft');
    const base = {
      title: before.title, notes: before.notes,
      draft: {
        year: before.year,
        departments: before.departments.map((d) => ({ departmentId: d.departmentId, inspectorsPerTask: d.inspectorsPerTask })),
        items: before.items.map((i) => ({ id: i.id, departmentId: i.departmentId })),
        grades: before.grades.map((g) => ({ ...g })), targetedRules: [...before.targetedRules], complaintDays: before.complaintDays,
        draws: before.draws.filter((d) => d.status === 'planned').map((d) => ({ grades: [...d.grades], announceAt: d.announceAt, drawAt: d.drawAt })),
      } as ProgrammeDraft,
    };
    if (dto.year !== undefined && dto.year !== before.year) {
      if (before.amendsId) throw new ValidationFailedError({ year: [{ code: 'invalid' }] });
      base.draft.year = dto.year;
    }
    const next = await this.assemble(base, dto, !!dto.proposeCalendar);
    await this.refuseProblems(next.draft);
    const calendarChanged = dto.draws !== undefined || !!dto.proposeCalendar;
    return this.uow.run(async (m) => {
      const moved = await m.getRepository(SamplingProgrammeEntity).update({ id, status: 'draft' }, {
        year: next.draft.year, title: next.title, notes: next.notes, targetedRules: next.draft.targetedRules.join(','), complaintDays: next.draft.complaintDays, updatedAt: new Date(),
      });
      if (!moved.affected) throw new ConflictError('samplingProgrammes.errors.notDraft');
      await this.writeParts(m, id, next.draft, calendarChanged);
      const after = await this.queries.detail(id, m);
      await this.audit.record(m, actor, { action: 'sampling.programme.update', entityType: 'sampling_programme', entityId: id, before: auditPlan(before), after: auditPlan(after) });
      return after;
    });
  }

  /** A comment by any reader (staff, admins, regulators), on a programme in any state. */
  async comment(id: number, dto: CommentProgrammeDto, principal: Principal, actor: Actor): Promise<ProgrammeCommentEntity> {
    const p = await this.queries.row(id);
    return this.uow.run(async (m, afterCommit) => {
      const row = await m.getRepository(ProgrammeCommentEntity).save(m.getRepository(ProgrammeCommentEntity).create({ programmeId: id, authorId: principal.userId, text: dto.text, createdAt: new Date() }));
      await this.audit.record(m, actor, { action: 'sampling.programme.comment', entityType: 'sampling_programme', entityId: id, after: { commentId: row.id, text: dto.text } });
      if (p.createdById !== principal.userId) {
        await this.notifications.notify(m, afterCommit, {
          userIds: [p.createdById], template: 'sampling-programme-commented', email: false,
          params: { title: p.title, year: p.year, author: principal.name }, link: `${programmeLink(id)}#comments`, dedupeKey: `sampling-programme-commented:${row.id}`,
        });
      }
      return row;
    });
  }

  /**
   * The approval: a regulator other than the drafter (403), of a draft (409) that is sound (400), and,
   * when the approver names the plan hash they reviewed, of that very plan (409). Records approver, time,
   * reason, the canonical plan and its SHA-256. An amendment's approval supersedes the programme it
   * amends and cancels that one's still-planned draws, in the same transaction.
   */
  async approve(id: number, dto: ApproveProgrammeDto, principal: Principal, actor: Actor): Promise<ProgrammeDetail> {
    const detail = await this.queries.detail(id);
    const refusal = approvalRefusal(detail, { userId: principal.userId, regulator: isRegulator(principal) });
    if (refusal === 'notRegulator') throw new ForbiddenError('samplingProgrammes.errors.notRegulator');
    if (refusal === 'ownDraft') throw new ForbiddenError('samplingProgrammes.errors.ownDraft');
    if (refusal === 'notDraft') throw new ConflictError('samplingProgrammes.errors.notDraft');
    await this.refuseProblems(this.draftOf(detail));
    const text = currentPlanJson(detail);
    const sha = sha256Hex(text);
    if (dto.planSha256 && dto.planSha256 !== sha) throw new ConflictError('samplingProgrammes.errors.planChanged');
    if (!detail.amendsId) {
      const other = await this.queries.approvedFor(detail.year);
      if (other) throw new ConflictError('samplingProgrammes.errors.yearHasApproved', { year: detail.year });
    }
    return this.uow.run(async (m, afterCommit) => {
      const now = new Date();
      const moved = await m.getRepository(SamplingProgrammeEntity).update({ id, status: 'draft' }, {
        status: 'approved', approvedById: principal.userId, approvedAt: now, approvalReason: dto.reason, planJson: text, planSha256: sha, updatedAt: now,
      });
      if (!moved.affected) throw new ConflictError('samplingProgrammes.errors.notDraft');
      // The plan must not have moved between the read and the update (another tab's edit).
      if (currentPlanJson(await this.queries.detail(id, m)) !== text) throw new ConflictError('samplingProgrammes.errors.planChanged');
      let superseded: { id: number; cancelledDrawIds: number[] } | null = null;
      if (detail.amendsId) superseded = await this.supersede(m, actor, detail.amendsId, detail);
      await this.audit.record(m, actor, {
        action: 'sampling.programme.approve', entityType: 'sampling_programme', entityId: id,
        before: { status: 'draft' },
        after: { status: 'approved', year: detail.year, revision: detail.revision, reason: dto.reason, planSha256: sha, supersedes: superseded?.id ?? null },
      });
      await this.notifications.retire(m, [approvalSubject(id)]);
      await this.notifications.notify(m, afterCommit, {
        userIds: [detail.createdById], template: 'sampling-programme-approved',
        params: { title: detail.title, year: detail.year, revision: detail.revision, approver: principal.name, sha256: sha },
        link: programmeLink(id), dedupeKey: `sampling-programme-approved:${id}`,
      });
      return this.queries.detail(id, m);
    });
  }

  /** The amended programme ends: superseded, its draws still planned cancelled (announced or drawn ones stay as they are). */
  private async supersede(m: EntityManager, actor: Actor, oldId: number, by: ProgrammeDetail): Promise<{ id: number; cancelledDrawIds: number[] }> {
    const now = new Date();
    const ended = await m.getRepository(SamplingProgrammeEntity).update({ id: oldId, status: 'approved' }, { status: 'superseded', endedAt: now, updatedAt: now });
    if (!ended.affected) throw new ConflictError('samplingProgrammes.errors.amendedNotApproved');
    const planned = await m.getRepository(DrawEntity).find({ select: { id: true }, where: { programmeId: oldId, status: 'planned' } });
    const ids = planned.map((d) => d.id);
    if (ids.length) {
      await m.getRepository(DrawEntity).update({ id: In(ids), status: 'planned' }, {
        status: 'cancelled', cancelledReason: this.i18n.t(null, 'samplingProgrammes.supersededReason', { id: by.id, revision: by.revision }), updatedAt: now,
      });
    }
    await this.audit.record(m, actor, {
      action: 'sampling.programme.supersede', entityType: 'sampling_programme', entityId: oldId,
      before: { status: 'approved' }, after: { status: 'superseded', by: by.id, revision: by.revision, cancelledDrawIds: ids },
    });
    return { id: oldId, cancelledDrawIds: ids };
  }

  /** The drafter withdraws a draft: its planned draws are cancelled, the approval notices leave the bells. */
  async withdraw(id: number, principal: Principal, actor: Actor): Promise<ProgrammeDetail> {
    const p = await this.queries.row(id);
    if (p.createdById !== principal.userId) throw new ForbiddenError('samplingProgrammes.errors.notDrafter');
    this.assertDraft(p);
    return this.uow.run(async (m) => {
      const now = new Date();
      const moved = await m.getRepository(SamplingProgrammeEntity).update({ id, status: 'draft' }, { status: 'withdrawn', endedAt: now, updatedAt: now });
      if (!moved.affected) throw new ConflictError('samplingProgrammes.errors.notDraft');
      await m.getRepository(DrawEntity).update({ programmeId: id, status: 'planned' }, { status: 'cancelled', cancelledReason: this.i18n.t(null, 'samplingProgrammes.withdrawnReason'), updatedAt: now });
      await this.audit.record(m, actor, { action: 'sampling.programme.withdraw', entityType: 'sampling_programme', entityId: id, before: { status: 'draft' }, after: { status: 'withdrawn' } });
      await this.notifications.retire(m, [approvalSubject(id)]);
      return this.queries.detail(id, m);
    });
  }

  /**
   * An amendment: a new draft copying an approved programme (its departments, items, grades, rules
   * and its draws still planned), `amendsId` set and the next revision. One open amendment at a time (409).
   */
  async amend(id: number, principal: Principal, actor: Actor): Promise<ProgrammeDetail> {
    if (!this.mayDraft(principal)) throw new ForbiddenError();
    const source = await this.queries.detail(id);
    if (source.status !== 'approved') throw new ConflictError('samplingProgrammes.errors.amendApprovedOnly');
    if (await this.queries.openAmendmentOf(id)) throw new ConflictError('samplingProgrammes.errors.openAmendment');
    const regulators = await this.regulatorIds();
    return this.uow.run(async (m, afterCommit) => {
      if (await this.queries.openAmendmentOf(id, m)) throw new ConflictError('samplingProgrammes.errors.openAmendment');
      const row = await m.getRepository(SamplingProgrammeEntity).save(m.getRepository(SamplingProgrammeEntity).create({
        year: source.year, title: source.title, status: 'draft', amendsId: id, revision: source.revision + 1,
        targetedRules: source.targetedRules.join(','), complaintDays: source.complaintDays, notes: source.notes, createdById: principal.userId,
      }));
      const draft = this.draftOf(source);
      draft.draws = source.draws.filter((d) => d.status === 'planned').map((d) => ({ grades: [...d.grades], announceAt: d.announceAt, drawAt: d.drawAt }));
      await this.writeParts(m, row.id, draft, true);
      const detail = await this.queries.detail(row.id, m);
      await this.audit.record(m, actor, { action: 'sampling.programme.amend', entityType: 'sampling_programme', entityId: row.id, after: { amends: id, ...auditPlan(detail) } });
      await this.askApproval(m, afterCommit, detail, regulators, principal.userId);
      return detail;
    });
  }

  /** A draft's rules-view of a detail. */
  draftOf(d: ProgrammeDetail): ProgrammeDraft {
    return {
      year: d.year,
      departments: d.departments.map((x) => ({ departmentId: x.departmentId, inspectorsPerTask: x.inspectorsPerTask })),
      items: d.items.map((i) => ({ id: i.id, departmentId: i.departmentId })),
      grades: d.grades.map((g) => ({ ...g })), targetedRules: [...d.targetedRules], complaintDays: d.complaintDays,
      draws: d.draws.filter((x) => x.status !== 'cancelled').map((x) => ({ grades: [...x.grades], announceAt: x.announceAt, drawAt: x.drawAt })),
    };
  }

  private assertDraft(p: { status: string }): void {
    if (p.status !== 'draft') throw new ConflictError('samplingProgrammes.errors.notDraft');
  }

  /** The request's fields over `base`; item and department ids checked against what exists (field errors). */
  private async assemble(base: Assembled, dto: ProgrammeFieldsDto, propose: boolean): Promise<Assembled> {
    const out: Assembled = { title: dto.title ?? base.title, notes: dto.notes !== undefined ? (dto.notes || null) : base.notes, draft: { ...base.draft } };
    const problems: FieldProblems = {};
    if (dto.departments) {
      const known = new Map((await this.departments.list(true)).map((d) => [d.id, d]));
      dto.departments.forEach((d, i) => {
        if (!known.has(d.departmentId)) (problems[`departments[${i}].departmentId`] ??= []).push({ code: 'unknownDepartment' });
      });
      out.draft.departments = dto.departments.map((d) => ({ departmentId: d.departmentId, inspectorsPerTask: d.inspectorsPerTask }));
    }
    if (dto.itemIds) {
      const found = await this.items.byIds(dto.itemIds);
      const unknown = [...new Set(dto.itemIds)].filter((id) => !found.get(id)?.active);
      if (unknown.length) (problems.items ??= []).push({ code: 'samplingUnknownItems', params: { ids: unknown.slice(0, 10).join(', ') } });
      out.draft.items = [...found.values()].filter((i) => i.active).map((i) => ({ id: i.id, departmentId: i.departmentId }));
    }
    if (dto.grades) {
      out.draft.grades = SAMPLING_GRADES.map((grade) => {
        const given = dto.grades?.[grade];
        const was = base.draft.grades.find((g) => g.grade === grade) ?? DEFAULT_GRADES.find((g) => g.grade === grade)!;
        return given ? { grade, ratioBp: given.ratioBp, drawsPerYear: given.drawsPerYear, cooldownMonths: given.cooldownMonths } : { ...was };
      });
    }
    if (dto.targetedRules) out.draft.targetedRules = [...dto.targetedRules];
    if (dto.complaintDays !== undefined) out.draft.complaintDays = dto.complaintDays;
    if (dto.draws) out.draft.draws = dto.draws.map((d) => this.drawOf(d));
    else if (propose) out.draft.draws = this.propose(out.draft.year, out.draft.grades);
    if (Object.keys(problems).length) throw new ValidationFailedError(problems);
    return out;
  }

  private drawOf(d: ProgrammeDrawDto): DraftDraw {
    const zone = this.i18n.timeZone;
    const drawAt = parseDrawInstant(d.drawAt, zone);
    const announceAt = d.announceAt !== undefined ? parseDrawInstant(d.announceAt, zone)
      : Number.isNaN(drawAt.getTime()) ? new Date(Number.NaN) : DateTime.fromJSDate(drawAt, { zone }).minus({ days: ANNOUNCE_DAYS_BEFORE }).toJSDate();
    return { grades: gradesOf(d.grades), announceAt, drawAt };
  }

  private async refuseProblems(draft: ProgrammeDraft): Promise<void> {
    const problems = draftProblems(draft, this.i18n.timeZone);
    if (Object.keys(problems).length) throw new ValidationFailedError(problems);
  }

  /** Replaces the child rows of a draft (the calendar only when `withDraws`). */
  private async writeParts(m: EntityManager, id: number, d: ProgrammeDraft, withDraws: boolean): Promise<void> {
    await m.getRepository(ProgrammeDepartmentEntity).delete({ programmeId: id });
    if (d.departments.length) await m.getRepository(ProgrammeDepartmentEntity).insert(d.departments.map((x, position) => ({ programmeId: id, departmentId: x.departmentId, inspectorsPerTask: x.inspectorsPerTask, position })));
    await m.getRepository(ProgrammeItemEntity).delete({ programmeId: id });
    if (d.items.length) await m.getRepository(ProgrammeItemEntity).insert(d.items.map((i) => ({ programmeId: id, itemId: i.id })));
    await m.getRepository(ProgrammeGradeEntity).delete({ programmeId: id });
    await m.getRepository(ProgrammeGradeEntity).insert(d.grades.map((g) => ({ programmeId: id, grade: g.grade, ratioBp: g.ratioBp, drawsPerYear: g.drawsPerYear, cooldownMonths: g.cooldownMonths })));
    if (!withDraws) return;
    await m.getRepository(DrawEntity).delete({ programmeId: id, status: 'planned' });
    const sorted = [...d.draws].sort((a, b) => a.drawAt.getTime() - b.drawAt.getTime());
    if (sorted.length) {
      await m.getRepository(DrawEntity).insert(sorted.map((x, i) => ({ programmeId: id, seq: i + 1, grades: gradesText(x.grades), status: 'planned' as const, announceAt: x.announceAt, drawAt: x.drawAt })));
    }
  }

  /** Every active regulator (a few dozen departments). */
  private async regulatorIds(): Promise<number[]> {
    const departments = await this.departments.list(true);
    return [...(await this.users.regulatorsOf(departments.map((d) => d.id))).values()].flat();
  }

  private async askApproval(m: EntityManager, afterCommit: AfterCommit, d: ProgrammeDetail, regulators: number[], drafterId: number): Promise<void> {
    await this.notifications.notify(m, afterCommit, {
      userIds: regulators.filter((u) => u !== drafterId), template: 'sampling-programme-awaiting',
      params: { title: d.title, year: d.year, revision: d.revision, drafter: d.createdByName },
      link: programmeLink(d.id), dedupeKey: `sampling-programme-awaiting:${d.id}`, subject: approvalSubject(d.id),
    });
  }
}

/** What the audit log keeps of a plan. */
function auditPlan(d: ProgrammeDetail) {
  return {
    year: d.year, title: d.title, revision: d.revision, status: d.status,
    departments: d.departments.map((x) => `${x.code}×${x.inspectorsPerTask}`),
    itemIds: d.items.map((i) => i.id),
    grades: Object.fromEntries(d.grades.map((g) => [g.grade, `${g.ratioBp}bp/${g.drawsPerYear}/${g.cooldownMonths}m`])),
    targetedRules: d.targetedRules, complaintDays: d.complaintDays,
    draws: d.draws.filter((x) => x.status !== 'cancelled').map((x) => `${x.seq}:${gradesText(x.grades)}@${x.drawAt.toISOString()}`),
  };
}
