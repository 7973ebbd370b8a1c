import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, IsNull } from 'typeorm';
import { isOfficerOf } from '../../accounts/domain/access-policy.js';
import { UsersQueries } from '../../accounts/users.queries.js';
import { AuditService } from '../../audit/audit.service.js';
import { ConflictError, ForbiddenError, NotFoundError, ValidationFailedError } from '../../common/errors/domain-error.js';
import type { Actor, Principal } from '../../common/principal.js';
import { dateText } from '../../database/raw-sql.js';
import { UnitOfWork } from '../../database/unit-of-work.js';
import { FilesService } from '../../files/files.service.js';
import type { UploadedPart } from '../../files/upload.interceptor.js';
import { I18nService } from '../../i18n/i18n.service.js';
import { NotificationsService } from '../../notifications/notifications.service.js';
import { TenantsQueries } from '../../tenants/tenants.queries.js';
import { FindingsService } from '../core/findings.service.js';
import {
  decisionReasonProblem, isVerifierOf, rectificationTransition, statusesAllowing, submittedLate, type RectificationEvent,
} from '../domain/rectification.rules.js';
import { FindingRectificationEntity } from '../entities/finding-rectification.entity.js';
import { FindingEntity } from '../entities/finding.entity.js';
import type { DecideRectificationDto, SubmitRectificationDto } from './dto/rectification.dto.js';
import { MAX_EVIDENCE_FILES } from './dto/rectification.dto.js';
import { RECTIFICATION_OWNER, RectificationQueries, type DepartmentRef } from './rectification.queries.js';

/** What a decision does: its audit action and the notice the officers get. */
const DECISIONS = {
  verify: { action: 'finding.rectificationVerify', template: 'finding-rectification-verified' },
  return: { action: 'finding.rectificationReturn', template: 'finding-rectification-returned' },
} as const;

/** What a notice is about, so it can be taken off the bell once it no longer applies (NotificationsService.retire). */
export const evidenceSubject = (rectificationId: number) => `finding-evidence:${rectificationId}`;
export const overdueSubject = (findingId: number) => `finding-overdue:${findingId}`;

/** A refused transition is a 409 naming why. */
function assertTransition(status: FindingEntity['rectificationStatus'], event: RectificationEvent) {
  const result = rectificationTransition(status, event);
  if (!result.ok) throw new ConflictError(`findingsRectification.refused.${result.code}`);
  return result.to;
}

/**
 * Rectification of findings (domain/rectification.rules.ts): the tenant's officers submit a statement
 * with evidence while the rectification is open (or overdue); the verifier — the regulator of the
 * finding's department, or park staff where the department delegated it — verifies it (closed:
 * rectifiedOn is the day the evidence was submitted, verifiedOn today) or returns it with a reason
 * (open again). Every step is audited ('finding_rectification') and told: evidence to the
 * verifiers, decisions to the officers.
 */
@Injectable()
export class RectificationService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly uow: UnitOfWork,
    private readonly audit: AuditService,
    private readonly files: FilesService,
    private readonly notifications: NotificationsService,
    private readonly i18n: I18nService,
    private readonly findings: FindingsService,
    private readonly queries: RectificationQueries,
    private readonly tenants: TenantsQueries,
    private readonly users: UsersQueries,
  ) {}

  /**
   * The finding `principal` may submit evidence for: their own tenant's (another's looks missing),
   * with a rectification open or overdue (409 otherwise). Also checked before an upload's body is read.
   */
  async submittableFinding(findingId: number, principal: Principal): Promise<FindingEntity> {
    const finding = await this.findings.visible(findingId, principal);
    if (!isOfficerOf(principal, finding.tenantId)) throw new NotFoundError('findings.notFound');
    assertTransition(finding.rectificationStatus, 'submit');
    return finding;
  }

  /** Who verifies this department's findings: its active regulators, and park staff when it delegated verification. */
  async verifierIds(department: DepartmentRef): Promise<number[]> {
    const regulators = (await this.users.regulatorsOf([department.id])).get(department.id) ?? [];
    if (!department.delegatesVerification) return regulators;
    const managers: number[] = [];
    for (let after = 0; ;) {
      const batch = await this.users.managerIds(after, 500);
      managers.push(...batch);
      if (batch.length < 500) break;
      after = batch[batch.length - 1];
    }
    return [...regulators, ...managers];
  }

  /** The officer's statement and evidence (at least one file): the finding awaits verification and the verifiers are told. */
  async submit(findingId: number, dto: SubmitRectificationDto, parts: UploadedPart[], principal: Principal, actor: Actor): Promise<FindingRectificationEntity> {
    const finding = await this.submittableFinding(findingId, principal);
    if (!parts.length) throw new ValidationFailedError({ files: [{ code: 'required' }] });
    if (parts.length > MAX_EVIDENCE_FILES) throw new ValidationFailedError({ files: [{ code: 'maxFiles', params: { limit: MAX_EVIDENCE_FILES } }] });
    this.files.check(parts);
    const [tenant, department] = await Promise.all([this.tenants.summary(finding.tenantId).then((x) => x!), this.queries.department(finding.departmentId)]);
    const verifiers = await this.verifierIds(department);
    const submittedOn = this.i18n.today();
    const rectifyBy = finding.rectifyBy === null ? null : dateText(finding.rectifyBy);
    return this.uow.run(async (m, afterCommit) => {
      // Conditional on the rectification still being open, so two submissions never both land.
      const moved = await m.getRepository(FindingEntity).createQueryBuilder().update()
        .set({ rectificationStatus: 'submitted' })
        .where('id = :findingId AND rectificationStatus IN (:...from)', { findingId, from: statusesAllowing('submit') }).execute();
      if (!moved.affected) throw new ConflictError('findingsRectification.refused.awaitingVerification');
      const repo = m.getRepository(FindingRectificationEntity);
      const row = await repo.save(repo.create({
        findingId, tenantId: finding.tenantId, statement: dto.statement, submittedById: principal.userId, submittedAt: new Date(), submittedOn,
        decision: null, decisionReason: null, decidedById: null, decidedAt: null,
      }));
      const stored = await this.files.store(m, RECTIFICATION_OWNER, row.id, parts, principal.userId);
      const late = submittedLate(rectifyBy, submittedOn);
      await this.audit.record(m, actor, {
        action: 'finding.rectificationSubmit', entityType: 'finding_rectification', entityId: row.id,
        before: { rectificationStatus: finding.rectificationStatus },
        after: {
          findingId, tenantId: finding.tenantId, statement: row.statement, submittedOn, rectifyBy, late, rectificationStatus: 'submitted',
          files: stored.map((f) => ({ id: f.id, fileName: f.fileName, sha256: f.sha256, size: f.size })),
        },
      });
      await this.notifications.notify(m, afterCommit, {
        userIds: verifiers,
        template: 'finding-rectification-submitted',
        params: { tenantName: tenant.name, title: finding.title, decisionNo: finding.decisionNo, submittedOn, rectifyBy: rectifyBy ?? '' },
        link: `/findings/${findingId}/rectification`,
        dedupeKey: `finding-rectification-submitted:${row.id}`,
        subject: evidenceSubject(row.id),
      });
      // The deadline has been answered: its overdue notice leaves the officers' and verifiers' bells.
      await this.notifications.retire(m, [overdueSubject(findingId)]);
      return row;
    });
  }

  /** The submission and its finding, when `principal` verifies that finding's department (404 for no such submission, 403 otherwise). */
  async decidable(rectificationId: number, principal: Principal): Promise<{ row: FindingRectificationEntity; finding: FindingEntity }> {
    const row = await this.dataSource.getRepository(FindingRectificationEntity).findOneBy({ id: rectificationId });
    if (!row) throw new NotFoundError('findingsRectification.notFound');
    const finding = await this.findings.visible(row.findingId, principal);
    if (!isVerifierOf(principal, await this.queries.department(finding.departmentId))) throw new ForbiddenError('findingsRectification.notVerifier');
    return { row, finding };
  }

  /**
   * The verifier's decision on the evidence awaiting it: verified (the rectification is closed) or
   * returned with a reason (open again; overdue if the deadline passed). Someone who does not verify
   * this department's findings gets 403; a submission already decided, or a finding not awaiting
   * verification (also after a concurrent decision), 409 and nothing changes.
   */
  async decide(rectificationId: number, dto: DecideRectificationDto, principal: Principal, actor: Actor): Promise<FindingRectificationEntity> {
    const { row, finding } = await this.decidable(rectificationId, principal);
    if (decisionReasonProblem(dto.decision, dto.reason)) throw new ValidationFailedError({ reason: [{ code: 'required' }] });
    if (row.decision !== null) throw new ConflictError('findingsRectification.alreadyDecided');
    const to = assertTransition(finding.rectificationStatus, dto.decision);
    const officers = (await this.users.officersOf([finding.tenantId])).get(finding.tenantId) ?? [];
    const today = this.i18n.today();
    const submittedOn = dateText(row.submittedOn);
    const rectifyBy = finding.rectifyBy === null ? null : dateText(finding.rectifyBy);
    const reason = dto.reason?.trim() ? dto.reason.trim() : null;
    const { action, template } = DECISIONS[dto.decision];
    return this.uow.run(async (m, afterCommit) => {
      const decision = { decision: dto.decision === 'verify' ? 'verified' as const : 'returned' as const, decisionReason: reason, decidedById: principal.userId, decidedAt: new Date() };
      const decided = await m.getRepository(FindingRectificationEntity).update({ id: row.id, decision: IsNull() }, decision);
      if (!decided.affected) throw new ConflictError('findingsRectification.alreadyDecided');
      const closes = dto.decision === 'verify' ? { rectificationStatus: to, rectifiedOn: submittedOn, verifiedOn: today } : { rectificationStatus: to };
      const moved = await m.getRepository(FindingEntity).createQueryBuilder().update().set(closes)
        .where('id = :id AND rectificationStatus IN (:...from)', { id: finding.id, from: statusesAllowing(dto.decision) }).execute();
      if (!moved.affected) throw new ConflictError('findingsRectification.alreadyDecided');
      await this.audit.record(m, actor, {
        action, entityType: 'finding_rectification', entityId: row.id,
        before: { rectificationStatus: finding.rectificationStatus },
        after: { findingId: finding.id, tenantId: finding.tenantId, decision: decision.decision, decisionReason: reason, submittedOn, rectifyBy, ...closes },
      });
      // Decided: the other verifiers' "evidence to verify" notices leave their bells.
      await this.notifications.retire(m, [evidenceSubject(row.id)]);
      await this.notifications.notify(m, afterCommit, {
        userIds: officers,
        template,
        params: { title: finding.title, decisionNo: finding.decisionNo, submittedOn, reason: reason ?? '', rectifyBy: rectifyBy ?? '' },
        link: `/findings/${finding.id}/rectification`,
        dedupeKey: `${template}:${row.id}`,
      });
      return Object.assign(row, decision);
    });
  }
}
