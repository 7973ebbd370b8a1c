import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In, IsNull, type SelectQueryBuilder } from 'typeorm';
import { isManager, isOfficerOf, isRegulator, isTenantOfficer, readsEveryTenant } from '../../accounts/domain/access-policy.js';
import { UsersQueries } from '../../accounts/users.queries.js';
import { pageWindow, type Page } from '../../common/pagination.js';
import type { Principal } from '../../common/principal.js';
import { dateText } from '../../database/raw-sql.js';
import { AttachmentOwner, FilesService, toAttachmentView, type AttachmentView } from '../../files/files.service.js';
import { I18nService } from '../../i18n/i18n.service.js';
import { TenantsQueries, type TenantSummary } from '../../tenants/tenants.queries.js';
import { FindingsService } from '../core/findings.service.js';
import type { FindingSeverity, FindingType, RectificationStatus } from '../domain/finding-kinds.js';
import {
  isVerifierOf, rectificationState, rectificationTransition, rectifiedOnTime, submittedLate, type RectificationState,
} from '../domain/rectification.rules.js';
import { FindingRectificationEntity } from '../entities/finding-rectification.entity.js';
import { FindingEntity } from '../entities/finding.entity.js';
import type { QueueState, RectificationQueueQueryDto } from './dto/rectification.dto.js';

/** Attachments of a rectification submission (its evidence files). */
export const RECTIFICATION_OWNER = 'finding_rectification';

export interface DepartmentRef {
  id: number;
  code: string;
  nameZh: string;
  nameEn: string;
  delegatesVerification: boolean;
}

export interface SubmissionView {
  id: number;
  statement: string;
  submittedOn: string;
  submittedAt: Date;
  /** Submitted after the deadline. */
  late: boolean;
  submittedBy: { id: number; name: string } | null;
  files: AttachmentView[];
  decision: 'verified' | 'returned' | null;
  decisionReason: string | null;
  decidedBy: { id: number; name: string } | null;
  decidedAt: Date | null;
}

export interface RectificationView {
  finding: {
    id: number;
    tenant: TenantSummary;
    department: DepartmentRef;
    type: FindingType;
    severity: FindingSeverity;
    title: string;
    decisionNo: string;
    decisionDate: string;
    rectificationRequired: boolean;
    rectifyBy: string | null;
    status: RectificationStatus;
    state: RectificationState;
    rectifiedOn: string | null;
    verifiedOn: string | null;
    onTime: boolean;
  };
  /** Oldest first. */
  submissions: SubmissionView[];
  /** The submission awaiting the verifier's decision, if any. */
  pendingId: number | null;
  /** What the viewer may do here. */
  canSubmit: boolean;
  canDecide: boolean;
}

export interface QueueItem {
  findingId: number;
  tenantId: number;
  tenantName: string;
  department: DepartmentRef | null;
  type: FindingType;
  severity: FindingSeverity;
  title: string;
  decisionNo: string;
  rectifyBy: string | null;
  state: RectificationState;
  /** The evidence awaiting a decision: its id and day, and whether it came after the deadline. */
  pending: { id: number; submittedOn: string; late: boolean } | null;
}

export interface Queue extends Page<QueueItem> {
  /** Awaiting verification and overdue, in the viewer's scope (whatever the state filter). */
  counts: { awaiting: number; overdue: number; open: number };
}

const dateOrNull = (value: unknown): string | null => (value === null || value === undefined ? null : dateText(value));

/**
 * Reads of rectifications: a finding's submissions with their files and decisions (what the viewer
 * may do there), the work queues (verifiers: evidence awaiting verification and overdue deadlines of
 * the findings they verify; officers: their tenant's open ones), and who may read the evidence.
 */
@Injectable()
export class RectificationQueries {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly findings: FindingsService,
    private readonly files: FilesService,
    private readonly tenants: TenantsQueries,
    private readonly users: UsersQueries,
    private readonly i18n: I18nService,
  ) {}

  /** The department of a finding as the verification rule needs it. */
  async department(departmentId: number): Promise<DepartmentRef> {
    const d = (await this.findings.departmentsById()).get(departmentId);
    return d
      ? { id: d.id, code: d.code, nameZh: d.nameZh, nameEn: d.nameEn, delegatesVerification: d.delegatesVerification }
      : { id: departmentId, code: '', nameZh: '', nameEn: '', delegatesVerification: false };
  }

  /** The finding's rectification for `principal`: another tenant's finding looks missing to an officer (404). */
  async view(findingId: number, principal: Principal): Promise<RectificationView> {
    const finding = await this.findings.visible(findingId, principal);
    const [tenant, department, rows] = await Promise.all([
      this.tenants.summary(finding.tenantId).then((x) => x!),
      this.department(finding.departmentId),
      this.dataSource.getRepository(FindingRectificationEntity).find({ where: { findingId }, order: { id: 'ASC' } }),
    ]);
    const userIds = [...new Set(rows.flatMap((r) => [r.submittedById, r.decidedById]).filter((u): u is number => u !== null))];
    const [names, files] = await Promise.all([this.users.names(userIds), this.files.listFor(RECTIFICATION_OWNER, rows.map((r) => r.id))]);
    const userOf = (uid: number | null) => (uid !== null && names.has(uid) ? { id: uid, name: names.get(uid)! } : null);
    const today = this.i18n.today();
    const facts = { required: !!finding.rectificationRequired, rectifyBy: dateOrNull(finding.rectifyBy), status: finding.rectificationStatus };
    const submissions = rows.map((r): SubmissionView => ({
      id: r.id, statement: r.statement, submittedOn: dateText(r.submittedOn), submittedAt: r.submittedAt,
      late: submittedLate(facts.rectifyBy, dateText(r.submittedOn)), submittedBy: userOf(r.submittedById),
      files: files.filter((f) => f.ownerId === r.id).map(toAttachmentView),
      decision: r.decision, decisionReason: r.decisionReason, decidedBy: userOf(r.decidedById), decidedAt: r.decidedAt,
    }));
    const pending = finding.rectificationStatus === 'submitted' ? [...rows].reverse().find((r) => r.decision === null) ?? null : null;
    const rectifiedOn = dateOrNull(finding.rectifiedOn);
    return {
      finding: {
        id: finding.id, tenant, department, type: finding.type, severity: finding.severity, title: finding.title, decisionNo: finding.decisionNo,
        decisionDate: dateText(finding.decisionDate), rectificationRequired: facts.required, rectifyBy: facts.rectifyBy, status: facts.status,
        state: rectificationState(facts, today), rectifiedOn, verifiedOn: dateOrNull(finding.verifiedOn),
        onTime: rectifiedOnTime({ status: facts.status, rectifyBy: facts.rectifyBy, rectifiedOn }),
      },
      submissions,
      pendingId: pending?.id ?? null,
      canSubmit: facts.required && isOfficerOf(principal, finding.tenantId) && rectificationTransition(facts.status, 'submit').ok,
      canDecide: pending !== null && isVerifierOf(principal, department),
    };
  }

  /**
   * The work queue of `principal`: a regulator's department's findings, park staff's the delegating
   * departments' (none: an empty queue), an officer's own tenant's. Verifiers see evidence awaiting
   * verification and overdue deadlines by default; officers everything still to do. Soonest deadline first.
   */
  async queue(principal: Principal, query: RectificationQueueQueryDto): Promise<Queue> {
    const { page, pageSize, skip } = pageWindow(query);
    const today = this.i18n.today();
    const departments = await this.findings.departmentsById();
    const scoped = () => this.scoped(principal, [...departments.values()].filter((d) => d.delegatesVerification).map((d) => d.id));
    const stateFilter = (qb: SelectQueryBuilder<FindingEntity>, state: QueueState | 'default') => {
      if (state === 'awaiting') return qb.andWhere("f.rectificationStatus = 'submitted'");
      if (state === 'overdue') return qb.andWhere("f.rectificationStatus = 'open' AND f.rectifyBy < :today", { today });
      if (state === 'open') return qb.andWhere("f.rectificationStatus = 'open' AND (f.rectifyBy IS NULL OR f.rectifyBy >= :today)", { today });
      return isTenantOfficer(principal)
        ? qb.andWhere("f.rectificationStatus IN ('open', 'submitted')")
        : qb.andWhere("(f.rectificationStatus = 'submitted' OR (f.rectificationStatus = 'open' AND f.rectifyBy < :today))", { today });
    };
    const [awaiting, overdue, open] = await Promise.all((['awaiting', 'overdue', 'open'] as const).map((s) => stateFilter(scoped(), s).getCount()));
    const qb = stateFilter(scoped(), query.state ?? 'default');
    const total = await qb.clone().getCount();
    const rows = await this.tenants.join(qb, 'f.tenantId', 't')
      .addSelect('f.id', 'id').addSelect('f.tenantId', 'tenantId').addSelect('f.departmentId', 'departmentId').addSelect('f.type', 'type')
      .addSelect('f.severity', 'severity').addSelect('f.title', 'title').addSelect('f.decisionNo', 'decisionNo').addSelect('f.rectifyBy', 'rectifyBy')
      .addSelect('f.rectificationStatus', 'status').addSelect('f.rectificationRequired', 'required')
      // Deadlines first (soonest, the most overdue at the top), findings without one last.
      .orderBy('CASE WHEN f.rectifyBy IS NULL THEN 1 ELSE 0 END', 'ASC').addOrderBy('f.rectifyBy', 'ASC').addOrderBy('f.id', 'ASC')
      .offset(skip).limit(pageSize)
      .getRawMany<Record<string, unknown>>();
    const ids = rows.map((r) => Number(r.id));
    const pending = ids.length
      ? await this.dataSource.getRepository(FindingRectificationEntity).find({
        select: { id: true, findingId: true, submittedOn: true }, where: { findingId: In(ids), decision: IsNull() }, order: { id: 'ASC' },
      })
      : [];
    const pendingOf = new Map(pending.map((p) => [p.findingId, p]));
    const items = rows.map((r): QueueItem => {
      const rectifyBy = dateOrNull(r.rectifyBy);
      const status = r.status as RectificationStatus;
      const p = status === 'submitted' ? pendingOf.get(Number(r.id)) : undefined;
      const d = departments.get(Number(r.departmentId));
      return {
        findingId: Number(r.id), tenantId: Number(r.tenantId), tenantName: this.tenants.fromRow(r, Number(r.tenantId), 't').name,
        department: d ? { id: d.id, code: d.code, nameZh: d.nameZh, nameEn: d.nameEn, delegatesVerification: d.delegatesVerification } : null,
        type: r.type as FindingType, severity: r.severity as FindingSeverity, title: String(r.title), decisionNo: String(r.decisionNo), rectifyBy,
        state: rectificationState({ required: Boolean(Number(r.required)), rectifyBy, status }, today),
        pending: p ? { id: p.id, submittedOn: dateText(p.submittedOn), late: submittedLate(rectifyBy, dateText(p.submittedOn)) } : null,
      };
    });
    return { items, total, page, pageSize, counts: { awaiting, overdue, open } };
  }

  /** The findings with a rectification the principal works on (see `queue`). */
  private scoped(principal: Principal, delegating: number[]): SelectQueryBuilder<FindingEntity> {
    const qb = this.dataSource.getRepository(FindingEntity).createQueryBuilder('f').select([]);
    // The state filters name 'open' and 'submitted' only, which exist only where rectification is required.
    if (isTenantOfficer(principal)) return qb.andWhere('f.tenantId = :tenantId', { tenantId: principal.tenantId ?? -1 });
    if (isRegulator(principal)) return qb.andWhere('f.departmentId = :departmentId', { departmentId: principal.departmentId ?? -1 });
    if (isManager(principal) && delegating.length) return qb.andWhere('f.departmentId IN (:...delegating)', { delegating });
    return qb.andWhere('1 = 0');
  }

  /** Who may read a submission's evidence: staff, admins, regulators, and the officers of that tenant. */
  @AttachmentOwner(RECTIFICATION_OWNER)
  async canReadEvidence(principal: Principal, rectificationId: number): Promise<boolean> {
    if (readsEveryTenant(principal)) return true;
    const row = await this.dataSource.getRepository(FindingRectificationEntity).findOne({ select: { id: true, tenantId: true }, where: { id: rectificationId } });
    return !!row && isOfficerOf(principal, row.tenantId);
  }
}
