import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Brackets, DataSource, type SelectQueryBuilder } from 'typeorm';
import { canReadTenant, isOfficerOf, readsEveryTenant, tenantFilterFor } from '../../accounts/domain/access-policy.js';
import { UsersQueries } from '../../accounts/users.queries.js';
import { WorkingCalendarService } from '../../calendar/working-calendar.service.js';
import { pageWindow } from '../../common/pagination.js';
import type { Principal } from '../../common/principal.js';
import { ConventionsService, type CommitmentSignature } from '../../conventions/core/conventions.service.js';
import { dateText, toDate } from '../../database/raw-sql.js';
import { AttachmentOwner, FilesService, toAttachmentView, type AttachmentView } from '../../files/files.service.js';
import { FindingsService } from '../../findings/core/findings.service.js';
import { I18nService } from '../../i18n/i18n.service.js';
import { TenantsQueries, type TenantSummary } from '../../tenants/tenants.queries.js';
import { HubPanel } from '../../tenants/hub-panels.js';
import { TrainingRecordsService, type AttendedTraining } from '../../trainings/core/training-records.service.js';
import { REPAIR_STATUSES, type RepairStatus, type RepairSubjectType } from '../domain/list-kinds.js';
import { currentDue, deadlineState, isOpenRepair } from '../domain/repair-deadlines.rules.js';
import { ListEntryEntity } from '../entities/list-entry.entity.js';
import { RepairApplicationEntity } from '../entities/repair-application.entity.js';
import type { RepairQueryDto } from './dto/repair.dto.js';
import { REPAIR_OWNER, RepairsService, type RepairSubject } from './repairs.service.js';

const dateOrNull = (v: unknown): string | null => (v === null || v === undefined ? null : dateText(v));
const BADGES: Record<RepairStatus, string> = { submitted: 'badge-pending', in_review: 'badge-pending', approved: 'badge-signed', rejected: 'badge-overdue', withdrawn: 'badge-muted' };
export const repairBadge = (status: RepairStatus) => BADGES[status];

/** How a deadline reads today: `{ kind: reply|decision, dueOn, state: left|today|overdue, days }`, null once decided. */
export interface DeadlineView { kind: 'reply' | 'decision'; dueOn: string; state: 'left' | 'today' | 'overdue'; days: number }

export interface RepairListItem {
  id: number;
  tenantId: number;
  tenantName: string;
  subjectType: RepairSubjectType;
  subjectId: number;
  status: RepairStatus;
  badge: string;
  submittedAt: Date;
  replyDueOn: string;
  decisionDueOn: string | null;
  deadline: DeadlineView | null;
}

export interface RepairList {
  items: RepairListItem[];
  total: number;
  page: number;
  pageSize: number;
  counts: Record<RepairStatus, number>;
}

/** A repairable record as the officer's page and the API show it. */
export interface SubjectView {
  subject: string;
  type: RepairSubjectType;
  id: number;
  label: string;
  kind: string;
  list: string | null;
  eligible: boolean;
  eligibleOn: string | null;
  reasons: { code: string; params?: Record<string, string | number> }[];
  needsTraining: boolean;
  /** Dates of the record: a finding's decision and publicity end; an entry's start and planned end. */
  from: string | null;
  until: string | null;
  openApplicationId: number | null;
}

export interface RepairView {
  id: number;
  tenant: TenantSummary;
  subject: SubjectView;
  status: RepairStatus;
  statement: string;
  eligibleOn: string | null;
  commitment: CommitmentSignature | null;
  trainings: AttendedTraining[];
  files: AttachmentView[];
  submittedBy: { id: number; name: string } | null;
  submittedAt: Date;
  replyDueOn: string;
  repliedBy: { id: number; name: string } | null;
  repliedAt: Date | null;
  replyNote: string | null;
  decisionDueOn: string | null;
  decidedBy: { id: number; name: string } | null;
  decidedAt: Date | null;
  decisionReason: string | null;
  deadline: DeadlineView | null;
  canWithdraw: boolean;
  canAddEvidence: boolean;
  canReply: boolean;
  canDecide: boolean;
}

/** Hub and list: shown per tenant. */
const HUB_SHOWN = 10;

/**
 * Reads of credit-repair applications: the list (an officer's own tenant's; reviewers' queue over every
 * tenant, filtered and paginated in SQL, with "n working days left / overdue"), one application with
 * its artefacts and what the viewer may do, who may read the evidence, and the tenant hub's panel.
 */
@Injectable()
export class RepairsQueries {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly files: FilesService,
    private readonly tenants: TenantsQueries,
    private readonly users: UsersQueries,
    private readonly calendar: WorkingCalendarService,
    private readonly i18n: I18nService,
    private readonly service: RepairsService,
    private readonly conventions: ConventionsService,
    private readonly trainings: TrainingRecordsService,
    private readonly findings: FindingsService,
  ) {}

  /** The deadline that applies now, in working days from today. */
  async deadlineOf(a: { status: RepairStatus; replyDueOn: string; decisionDueOn: string | null }, today = this.i18n.today()): Promise<DeadlineView | null> {
    const due = currentDue(a);
    if (!due) return null;
    return { ...due, ...deadlineState(due.dueOn, today, await this.calendar.calendar()) };
  }

  private scoped(principal: Principal, query: RepairQueryDto, withStatus: boolean, dueBound: { today: string; soon: string }): SelectQueryBuilder<RepairApplicationEntity> {
    const qb = this.dataSource.getRepository(RepairApplicationEntity).createQueryBuilder('r').select([]);
    const own = tenantFilterFor(principal);
    if (own !== null) qb.andWhere('r.tenantId = :own', { own });
    if (query.tenantId) qb.andWhere('r.tenantId = :tenantId', { tenantId: query.tenantId });
    if (query.subjectType) qb.andWhere('r.subjectType = :subjectType', { subjectType: query.subjectType });
    if (withStatus && query.status) qb.andWhere('r.status = :status', { status: query.status });
    if (query.due) {
      const bound = query.due === 'overdue' ? { op: '<', day: dueBound.today } : { op: '<=', day: dueBound.soon };
      qb.andWhere(new Brackets((w) => w
        .where(`r.status = 'submitted' AND r.replyDueOn ${bound.op} :dueDay`, { dueDay: bound.day })
        .orWhere(`r.status = 'in_review' AND r.decisionDueOn ${bound.op} :dueDay`, { dueDay: bound.day })));
    }
    return qb;
  }

  /** The applications `principal` may read: open ones by their deadline, soonest first, then the newest. */
  async list(principal: Principal, query: RepairQueryDto): Promise<RepairList> {
    const { page, pageSize, skip } = pageWindow(query);
    const today = this.i18n.today();
    const dueBound = { today, soon: await this.calendar.addWorkingDays(today, 2) };
    const searched = <T extends SelectQueryBuilder<RepairApplicationEntity>>(qb: T): T => {
      if (query.q) this.tenants.filter(qb, { q: query.q }, 't');
      return qb;
    };
    const counted = searched(this.tenants.join(this.scoped(principal, query, false, dueBound), 'r.tenantId', 't'))
      .select('r.status', 'status').addSelect('COUNT(*)', 'n').groupBy('r.status');
    const filtered = () => searched(this.tenants.join(this.scoped(principal, query, true, dueBound), 'r.tenantId', 't'));
    const [countRows, total, rows, cal] = await Promise.all([
      counted.getRawMany<{ status: RepairStatus; n: unknown }>(),
      filtered().getCount(),
      filtered()
        .addSelect('r.id', 'id').addSelect('r.tenantId', 'tenantId').addSelect('r.subjectType', 'subjectType').addSelect('r.subjectId', 'subjectId')
        .addSelect('r.status', 'status').addSelect('r.submittedAt', 'submittedAt').addSelect('r.replyDueOn', 'replyDueOn').addSelect('r.decisionDueOn', 'decisionDueOn')
        .addSelect("CASE WHEN r.status IN ('submitted', 'in_review') THEN 0 ELSE 1 END", 'closed')
        .addSelect("CASE WHEN r.status = 'in_review' THEN r.decisionDueOn ELSE r.replyDueOn END", 'dueOn')
        .orderBy('closed', 'ASC').addOrderBy('dueOn', 'ASC').addOrderBy('r.id', 'DESC')
        .offset(skip).limit(pageSize)
        .getRawMany<Record<string, unknown>>(),
      this.calendar.calendar(),
    ]);
    const counts = Object.fromEntries(REPAIR_STATUSES.map((s) => [s, 0])) as Record<RepairStatus, number>;
    for (const r of countRows) counts[r.status] = Number(r.n);
    const items = rows.map((r): RepairListItem => {
      const status = r.status as RepairStatus;
      const a = { status, replyDueOn: dateText(r.replyDueOn), decisionDueOn: dateOrNull(r.decisionDueOn) };
      const due = currentDue(a);
      return {
        id: Number(r.id), tenantId: Number(r.tenantId), tenantName: this.tenants.fromRow(r, Number(r.tenantId), 't').name,
        subjectType: r.subjectType as RepairSubjectType, subjectId: Number(r.subjectId), status, badge: repairBadge(status),
        submittedAt: toDate(r.submittedAt), replyDueOn: a.replyDueOn, decisionDueOn: a.decisionDueOn,
        deadline: due ? { ...due, ...deadlineState(due.dueOn, today, cal) } : null,
      };
    });
    return { items, total, page, pageSize, counts };
  }

  /** A record as the pages and the API show it. */
  subjectView(s: RepairSubject, openApplicationId: number | null = null): SubjectView {
    return {
      subject: `${s.type}:${s.id}`, type: s.type, id: s.id, label: s.label, kind: s.kind, list: s.entry?.list ?? null,
      eligible: s.eligibility.eligible, eligibleOn: s.eligibility.eligibleOn, reasons: s.eligibility.reasons, needsTraining: s.needsTraining,
      from: s.finding?.decisionDate ?? s.entry?.startsOn ?? null, until: s.finding?.publicityEndsOn ?? s.entry?.plannedEndOn ?? null,
      openApplicationId,
    };
  }

  /** The officer's repairable records with their eligibility and any open application. */
  async subjectsOf(tenantId: number): Promise<SubjectView[]> {
    const subjects = await this.service.subjectsOf(tenantId);
    const open = await this.service.openBySubject(subjects);
    return subjects.map((s) => this.subjectView(s, open.get(`${s.type}:${s.id}`)?.id ?? null));
  }

  /** One application with its artefacts; what the viewer may do. */
  async view(row: RepairApplicationEntity, principal: Principal): Promise<RepairView> {
    const subjectRef = `${row.subjectType}:${row.subjectId}`;
    const [tenant, files, names, commitments, trainings, subject, canReply, canDecide, deadline] = await Promise.all([
      this.tenants.summary(row.tenantId).then((x) => x!),
      this.files.listFor(REPAIR_OWNER, [row.id]),
      this.users.names([row.submittedById, row.repliedById, row.decidedById].filter((u): u is number => u !== null)),
      row.commitmentSignatureId ? this.conventions.commitmentSignaturesOf(row.tenantId, [row.commitmentSignatureId]) : Promise.resolve([]),
      this.trainings.attendedBy(row.tenantId, row.trainingAttendanceIds ?? []),
      this.subjectForView(row, principal),
      row.status === 'submitted' ? this.service.mayReply(row, principal) : Promise.resolve(false),
      row.status === 'in_review' ? this.service.mayDecide(row, principal) : Promise.resolve(false),
      this.deadlineOf({ status: row.status, replyDueOn: dateText(row.replyDueOn), decisionDueOn: dateOrNull(row.decisionDueOn) }),
    ]);
    const userOf = (uid: number | null) => (uid !== null && names.has(uid) ? { id: uid, name: names.get(uid)! } : null);
    const own = isOfficerOf(principal, row.tenantId);
    const open = isOpenRepair(row.status);
    return {
      id: row.id, tenant, subject: subject ?? { subject: subjectRef, type: row.subjectType, id: row.subjectId, label: subjectRef, kind: '', list: null, eligible: false, eligibleOn: null, reasons: [], needsTraining: false, from: null, until: null, openApplicationId: null },
      status: row.status, statement: row.statement, eligibleOn: dateOrNull(row.eligibleOn), commitment: commitments[0] ?? null, trainings,
      files: files.map(toAttachmentView),
      submittedBy: userOf(row.submittedById), submittedAt: row.submittedAt, replyDueOn: dateText(row.replyDueOn),
      repliedBy: userOf(row.repliedById), repliedAt: row.repliedAt, replyNote: row.replyNote, decisionDueOn: dateOrNull(row.decisionDueOn),
      decidedBy: userOf(row.decidedById), decidedAt: row.decidedAt, decisionReason: row.decisionReason, deadline,
      canWithdraw: open && own, canAddEvidence: open && own, canReply, canDecide,
    };
  }

  /** The record an application is about (its eligibility as of today; after approval it reads "already repaired"). */
  private async subjectForView(row: RepairApplicationEntity, principal: Principal): Promise<SubjectView | null> {
    try {
      return this.subjectView(await this.service.subject(`${row.subjectType}:${row.subjectId}`, principal));
    } catch {
      // A record the viewer may not open (another department's for a regulator never happens: readers see all).
      return null;
    }
  }

  /** Who may read an application's evidence: staff, admins, regulators, and the officers of that tenant. */
  @AttachmentOwner(REPAIR_OWNER)
  async canReadEvidence(principal: Principal, applicationId: number): Promise<boolean> {
    if (readsEveryTenant(principal)) return true;
    const row = await this.dataSource.getRepository(RepairApplicationEntity).findOne({ select: { id: true, tenantId: true }, where: { id: applicationId } });
    return !!row && isOfficerOf(principal, row.tenantId);
  }

  /**
   * The credit-repair panel of the tenant hub: the tenant's black/watch entries in force and findings
   * still counting, each with when it may be repaired, and its open applications. Readers and the
   * tenant's own officers.
   */
  @HubPanel({ partial: 'hub-repairs', order: 62 })
  async panel(tenantId: number, principal: Principal): Promise<Record<string, unknown> | null> {
    if (!canReadTenant(principal, tenantId)) return null;
    const [subjects, open] = await Promise.all([
      this.subjectsOf(tenantId),
      this.dataSource.getRepository(RepairApplicationEntity).createQueryBuilder('r')
        .where('r.tenantId = :tenantId', { tenantId }).andWhere("r.status IN ('submitted', 'in_review')")
        .orderBy('r.id', 'DESC').limit(HUB_SHOWN).getMany(),
    ]);
    const today = this.i18n.today();
    const cal = await this.calendar.calendar();
    return {
      tenantId, canApply: isOfficerOf(principal, tenantId),
      subjects: subjects.slice(0, HUB_SHOWN),
      open: open.map((r) => {
        const due = currentDue({ status: r.status, replyDueOn: dateText(r.replyDueOn), decisionDueOn: dateOrNull(r.decisionDueOn) });
        return { id: r.id, subject: `${r.subjectType}:${r.subjectId}`, status: r.status, badge: repairBadge(r.status), deadline: due ? { ...due, ...deadlineState(due.dueOn, today, cal) } : null };
      }),
    };
  }

  /** Reads the entry list kind for labels (same context). */
  async entryLists(ids: readonly number[]): Promise<Map<number, string>> {
    if (!ids.length) return new Map();
    const rows = await this.dataSource.getRepository(ListEntryEntity).createQueryBuilder('e').select(['e.id', 'e.list']).where('e.id IN (:...ids)', { ids: [...ids] }).getMany();
    return new Map(rows.map((e) => [e.id, e.list]));
  }

  /** Finding labels for a page of applications (one IN query). */
  async findingLabels(ids: readonly number[]): Promise<Map<number, string>> {
    const found = await this.findings.repairableByIds(ids);
    return new Map([...found].map(([id, f]) => [id, `${f.title}（${f.decisionNo}）`]));
  }
}
