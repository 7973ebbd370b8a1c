import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { hiddenFrom, isOfficerOf } from '../../accounts/domain/access-policy.js';
import { UsersQueries } from '../../accounts/users.queries.js';
import { AuditService } from '../../audit/audit.service.js';
import { ConflictError, NotFoundError, ValidationFailedError, type FieldProblems } from '../../common/errors/domain-error.js';
import type { Actor, Principal } from '../../common/principal.js';
import { UnitOfWork } from '../../database/unit-of-work.js';
import { FilesService } from '../../files/files.service.js';
import { evidenceProblems, refuseEvidence } from '../../files/evidence-files.js';
import type { UploadedPart } from '../../files/upload.interceptor.js';
import { I18nService } from '../../i18n/i18n.service.js';
import { NotificationsService } from '../../notifications/notifications.service.js';
import { TenantsQueries, type TenantSummary } from '../../tenants/tenants.queries.js';
import {
  decisionReasonMissing, occurredOnProblem, RULE_OF_KIND, selfReportTransition, type SelfReportEvent, type SelfReportStatus,
} from '../domain/self-report.rules.js';
import { SelfReportEntity } from '../entities/self-report.entity.js';
import { MAX_EVIDENCE_FILES, type DecideSelfReportDto, type SubmitSelfReportDto } from './dto/self-report.dto.js';

/** Attachments of a self-report (its evidence files). */
export const SELF_REPORT_OWNER = 'self_report';

/** Evidence is a document or a photo: PDF, JPEG or PNG, by content. */

/** What a notice to park staff is about, so it leaves their bells once the claim is decided or withdrawn. */
export const pendingSubject = (selfReportId: number) => `self-report:${selfReportId}`;

const DECISIONS = {
  approve: { status: 'approved', action: 'selfReport.approve', template: 'self-report-approved' },
  reject: { status: 'rejected', action: 'selfReport.reject', template: 'self-report-rejected' },
} as const;

const fileAudit = (files: { id: number; fileName: string; sha256: string; size: number }[]) => files.map((f) => ({ id: f.id, fileName: f.fileName, sha256: f.sha256, size: f.size }));

/** A refused transition is a 409. */
function assertTransition(status: SelfReportStatus, event: SelfReportEvent): SelfReportStatus {
  const result = selfReportTransition(status, event);
  if (!result.ok) throw new ConflictError('selfReports.notPending');
  return result.to;
}

/**
 * Self-reported positive items (正面申报, domain/self-report.rules.ts): a tenant's officers claim an
 * honour, public-welfare work, help to a neighbouring firm or an adopted suggestion, with evidence
 * (PDF, JPEG or PNG), and may add evidence or withdraw it while it is pending; park staff approve it
 * (it counts from the decision, for the day it occurred: P09–P11) or reject it with a reason. Every
 * step is audited ('self_report') and told: new claims to staff, decisions to the tenant's officers.
 */
@Injectable()
export class SelfReportsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly uow: UnitOfWork,
    private readonly audit: AuditService,
    private readonly files: FilesService,
    private readonly notifications: NotificationsService,
    private readonly i18n: I18nService,
    private readonly tenants: TenantsQueries,
    private readonly users: UsersQueries,
  ) {}

  /** The tenant an officer claims for: their own, bound and not moved out (403 otherwise). Also checked before an upload's body is read. */
  actingTenant(principal: Principal): Promise<TenantSummary> {
    return this.tenants.actingTenant(principal, { notBound: 'selfReports.notBound', movedOut: 'selfReports.movedOut' });
  }

  /** The claim as `principal` may see it: another tenant's looks missing to an officer. */
  async visible(id: number, principal: Principal): Promise<SelfReportEntity> {
    const row = await this.dataSource.getRepository(SelfReportEntity).findOneBy({ id });
    if (!row || hiddenFrom(principal, row.tenantId)) throw new NotFoundError('selfReports.notFound');
    return row;
  }

  /** A claim of the officer's own tenant (another's looks missing), still pending (409): evidence may be added, or it may be withdrawn. */
  async ownPending(id: number, principal: Principal, event: 'evidence' | 'withdraw'): Promise<SelfReportEntity> {
    const row = await this.visible(id, principal);
    if (!isOfficerOf(principal, row.tenantId)) throw new NotFoundError('selfReports.notFound');
    assertTransition(row.status, event);
    return row;
  }

  /**
   * A tenant officer's claim with its evidence (the page requires at least one file; the API may add
   * them later through `addEvidence`). Bad input: field errors, nothing written. Staff are told.
   */
  async submit(dto: SubmitSelfReportDto, parts: UploadedPart[], principal: Principal, actor: Actor, source: 'page' | 'api'): Promise<SelfReportEntity> {
    const tenant = await this.actingTenant(principal);
    const today = this.i18n.today();
    const problems: FieldProblems = {};
    const when = occurredOnProblem(dto.occurredOn, today);
    if (when) problems.occurredOn = [{ code: when.code, params: { limit: when.limit } }];
    Object.assign(problems, evidenceProblems(parts, 0, MAX_EVIDENCE_FILES, source === 'page'));
    refuseEvidence(problems, 'selfReports.evidenceTypes');
    this.files.check(parts);
    const managers = await this.users.managerIds(0, 1000);
    return this.uow.run(async (m, afterCommit) => {
      const repo = m.getRepository(SelfReportEntity);
      const row = await repo.save(repo.create({
        tenantId: tenant.id, kind: dto.kind, rule: RULE_OF_KIND[dto.kind], title: dto.title, description: dto.description, issuer: dto.issuer ?? null,
        occurredOn: dto.occurredOn, status: 'pending', submittedById: principal.userId, submittedAt: new Date(),
        decidedById: null, decidedAt: null, decidedOn: null, decisionReason: null,
      }));
      const stored = await this.files.store(m, SELF_REPORT_OWNER, row.id, parts, principal.userId);
      await this.audit.record(m, actor, {
        action: 'selfReport.submit', entityType: 'self_report', entityId: row.id,
        after: {
          tenantId: tenant.id, kind: row.kind, rule: row.rule, title: row.title, description: row.description, issuer: row.issuer, occurredOn: row.occurredOn,
          status: row.status, source, files: fileAudit(stored),
        },
      });
      await this.notifications.notify(m, afterCommit, {
        userIds: managers,
        template: 'self-report-submitted',
        params: { tenantName: tenant.name, title: row.title, kind: row.kind, occurredOn: row.occurredOn },
        link: `/self-reports/${row.id}`,
        dedupeKey: `self-report-submitted:${row.id}`,
        subject: pendingSubject(row.id),
      });
      return row;
    });
  }

  /** More evidence for a pending claim of the officer's own tenant (at most 10 files in all). */
  async addEvidence(id: number, parts: UploadedPart[], principal: Principal, actor: Actor): Promise<SelfReportEntity> {
    const row = await this.ownPending(id, principal, 'evidence');
    const already = (await this.files.listFor(SELF_REPORT_OWNER, [id])).length;
    refuseEvidence(evidenceProblems(parts, already, MAX_EVIDENCE_FILES, true), 'selfReports.evidenceTypes');
    this.files.check(parts);
    return this.uow.run(async (m) => {
      // Only while it is still pending (a decision may have come meanwhile); the row stays as it was.
      const still = await m.getRepository(SelfReportEntity).update({ id, status: 'pending' }, { status: 'pending' });
      if (!still.affected) throw new ConflictError('selfReports.notPending');
      const stored = await this.files.store(m, SELF_REPORT_OWNER, id, parts, principal.userId);
      await this.audit.record(m, actor, { action: 'selfReport.evidence', entityType: 'self_report', entityId: id, after: { tenantId: row.tenantId, files: fileAudit(stored) } });
      return row;
    });
  }

  /** The officer withdraws a pending claim of their tenant; staff's notice of it leaves their bells. */
  async withdraw(id: number, principal: Principal, actor: Actor): Promise<SelfReportEntity> {
    const row = await this.ownPending(id, principal, 'withdraw');
    return this.uow.run(async (m) => {
      const change = { status: 'withdrawn' as const, decidedById: principal.userId, decidedAt: new Date(), decidedOn: this.i18n.today() };
      const moved = await m.getRepository(SelfReportEntity).update({ id, status: 'pending' }, change);
      if (!moved.affected) throw new ConflictError('selfReports.notPending');
      await this.audit.record(m, actor, { action: 'selfReport.withdraw', entityType: 'self_report', entityId: id, before: { status: 'pending' }, after: { tenantId: row.tenantId, status: 'withdrawn' } });
      await this.notifications.retire(m, [pendingSubject(id)]);
      return Object.assign(row, change);
    });
  }

  /** The claim staff decide on (404 when there is none). */
  async decidable(id: number): Promise<SelfReportEntity> {
    const row = await this.dataSource.getRepository(SelfReportEntity).findOneBy({ id });
    if (!row) throw new NotFoundError('selfReports.notFound');
    return row;
  }

  /**
   * Park staff approve a pending claim (it needs its evidence on file; it counts from today) or reject it
   * with a reason. A claim no longer pending (also after a concurrent decision) is a 409 and nothing changes.
   */
  async decide(id: number, dto: DecideSelfReportDto, principal: Principal, actor: Actor): Promise<SelfReportEntity> {
    const row = await this.decidable(id);
    if (decisionReasonMissing(dto.decision, dto.reason)) throw new ValidationFailedError({ reason: [{ code: 'required' }] });
    assertTransition(row.status, dto.decision);
    if (dto.decision === 'approve' && !(await this.files.listFor(SELF_REPORT_OWNER, [id])).length) throw new ConflictError('selfReports.noEvidence');
    const { status, action, template } = DECISIONS[dto.decision];
    const reason = dto.reason?.trim() ? dto.reason.trim() : null;
    const [officers, tenant] = await Promise.all([this.users.officersOf([row.tenantId]), this.tenants.summary(row.tenantId)]);
    const decidedOn = this.i18n.today();
    return this.uow.run(async (m, afterCommit) => {
      const change = { status, decidedById: principal.userId, decidedAt: new Date(), decidedOn, decisionReason: reason };
      const moved = await m.getRepository(SelfReportEntity).update({ id, status: 'pending' }, change);
      if (!moved.affected) throw new ConflictError('selfReports.notPending');
      await this.audit.record(m, actor, {
        action, entityType: 'self_report', entityId: id,
        before: { status: 'pending' },
        after: { tenantId: row.tenantId, kind: row.kind, rule: row.rule, title: row.title, occurredOn: row.occurredOn, status, decidedOn, decisionReason: reason },
      });
      await this.notifications.retire(m, [pendingSubject(id)]);
      await this.notifications.notify(m, afterCommit, {
        userIds: officers.get(row.tenantId) ?? [],
        template,
        params: { tenantName: tenant?.name ?? '', title: row.title, kind: row.kind, occurredOn: row.occurredOn, decidedOn, reason: reason ?? '', rule: row.rule },
        link: `/self-reports/${id}`,
        dedupeKey: `${template}:${id}`,
      });
      return Object.assign(row, change);
    });
  }
}
