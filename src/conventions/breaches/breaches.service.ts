import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { assertTenantAccess } from '../../accounts/auth/tenant-scope.js';
import { UsersQueries } from '../../accounts/users.queries.js';
import { AuditService } from '../../audit/audit.service.js';
import { ConflictError, NotFoundError, ValidationFailedError, type FieldProblems } from '../../common/errors/domain-error.js';
import type { Actor, Principal } from '../../common/principal.js';
import { UnitOfWork } from '../../database/unit-of-work.js';
import { FilesService } from '../../files/files.service.js';
import type { UploadedPart } from '../../files/upload.interceptor.js';
import { I18nService } from '../../i18n/i18n.service.js';
import { NotificationsService } from '../../notifications/notifications.service.js';
import { TenantsQueries, type TenantSummary } from '../../tenants/tenants.queries.js';
import { breachTransition, rectifyByProblem, statusesAllowing, type BreachDecision, type BreachStatus } from '../domain/breach-lifecycle.rules.js';
import { BreachResponseEntity } from '../entities/breach-response.entity.js';
import { BreachEntity } from '../entities/breach.entity.js';
import { ConventionClauseEntity } from '../entities/convention-clause.entity.js';
import { BREACH_OWNER, BREACH_RESPONSE_OWNER, BreachesQueries } from './breaches.queries.js';
import type { BreachResponseDto, DecideBreachDto, RecordBreachDto } from './dto/breach.dto.js';

export const MAX_EVIDENCE_FILES = 10;

/** What a decision does: the status it leads to, its audit action and the notice the officers get. */
const DECISIONS: Record<BreachDecision, { action: string; template: string }> = {
  confirm: { action: 'convention.breachConfirm', template: 'breach-confirmed' },
  withdraw: { action: 'convention.breachWithdraw', template: 'breach-withdrawn' },
};

/**
 * Breaches of convention clauses: staff record them with evidence, the tenant's officers are told
 * and may respond in writing with files while the breach is open; staff then confirm or withdraw it
 * with a reason, and the officers are told the outcome (domain/breach-lifecycle.rules.ts). All of it
 * is shown on the tenant hub.
 */
@Injectable()
export class BreachesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly uow: UnitOfWork,
    private readonly audit: AuditService,
    private readonly files: FilesService,
    private readonly notifications: NotificationsService,
    private readonly i18n: I18nService,
    private readonly queries: BreachesQueries,
    private readonly tenants: TenantsQueries,
    private readonly users: UsersQueries,
  ) {}

  /** A tenant a breach can be recorded for: it exists and has not moved out. */
  async recordableTenant(tenantId: number): Promise<TenantSummary> {
    const tenant = await this.tenants.summary(tenantId);
    if (!tenant) throw new NotFoundError('tenants.notFound');
    if (tenant.status === 'moved_out') throw new ConflictError('conventionsBreaches.tenantMovedOut', { name: tenant.name });
    return tenant;
  }

  async record(dto: RecordBreachDto, parts: UploadedPart[], principal: Principal, actor: Actor): Promise<BreachEntity> {
    const problems: FieldProblems = {};
    const tenant = await this.tenants.summary(dto.tenantId);
    if (!tenant) problems.tenantId = [{ code: 'unknownTenant' }];
    else if (tenant.status === 'moved_out') problems.tenantId = [{ code: 'tenantMovedOut' }];
    const today = this.i18n.today();
    if (dto.occurredOn > today) problems.occurredOn = [{ code: 'notFuture', params: { limit: today } }];
    const rectify = rectifyByProblem(dto.rectifyBy, dto.occurredOn, today);
    if (rectify) problems.rectifyBy = [rectify];
    const groups = tenant ? await this.queries.clauseOptions(tenant.id) : [];
    const group = groups.find((g) => g.clauses.some((c) => c.id === dto.clauseId));
    if (!group) problems.clauseId = [{ code: 'oneOf' }];
    if (Object.keys(problems).length) throw new ValidationFailedError(problems);
    if (parts.length > MAX_EVIDENCE_FILES) throw new ValidationFailedError({ files: [{ code: 'maxFiles', params: { limit: MAX_EVIDENCE_FILES } }] });
    this.files.check(parts);
    const clause = group!.clauses.find((c) => c.id === dto.clauseId)!;

    return this.uow.run(async (m, afterCommit) => {
      const breach = await m.getRepository(BreachEntity).save(m.getRepository(BreachEntity).create({
        tenantId: tenant!.id, versionId: group!.versionId, clauseId: clause.id, occurredOn: dto.occurredOn,
        description: dto.description, recordedById: principal.userId,
        status: 'recorded', severity: dto.severity ?? 'general', rectifyBy: dto.rectifyBy ?? null,
      }));
      const stored = await this.files.store(m, BREACH_OWNER, breach.id, parts, principal.userId);
      await this.audit.record(m, actor, {
        action: 'convention.breach', entityType: 'breach', entityId: breach.id,
        after: {
          tenantId: breach.tenantId, versionId: breach.versionId, clauseId: breach.clauseId, clauseNumber: clause.number,
          occurredOn: breach.occurredOn, description: breach.description, status: breach.status, severity: breach.severity,
          rectifyBy: breach.rectifyBy, files: stored.map((f) => ({ id: f.id, fileName: f.fileName, sha256: f.sha256, size: f.size })),
        },
      });
      const officers = await this.users.officersOf([tenant!.id], m);
      await this.notifications.notify(m, afterCommit, {
        userIds: officers.get(tenant!.id) ?? [],
        template: 'breach-recorded',
        params: { clauseNumber: clause.number, title: group!.title, occurredOn: breach.occurredOn, rectifyBy: breach.rectifyBy ?? '' },
        link: `/conventions/breaches/${breach.id}`,
        dedupeKey: `breach-recorded:${breach.id}`,
      });
      return breach;
    });
  }

  /** The breach `principal` may respond to (their own tenant's, still open); "not found" or 409 otherwise. Also checked before an upload's body is read. */
  async respondableBreach(breachId: number, principal: Principal): Promise<BreachEntity> {
    const breach = await this.dataSource.getRepository(BreachEntity).findOneBy({ id: breachId });
    if (!breach) throw new NotFoundError();
    assertTenantAccess(principal, breach.tenantId);
    assertTransition(breach.status, 'respond');
    return breach;
  }

  /** The tenant's officer answers in writing, with files, while the breach is open; the staff member who recorded it is told. */
  async respond(breachId: number, dto: BreachResponseDto, parts: UploadedPart[], principal: Principal, actor: Actor): Promise<BreachResponseEntity> {
    const breach = await this.respondableBreach(breachId, principal);
    if (parts.length > MAX_EVIDENCE_FILES) throw new ValidationFailedError({ files: [{ code: 'maxFiles', params: { limit: MAX_EVIDENCE_FILES } }] });
    this.files.check(parts);
    const [tenant, clause] = await Promise.all([
      this.tenants.summary(breach.tenantId).then((x) => x!),
      this.dataSource.getRepository(ConventionClauseEntity).findOneByOrFail({ id: breach.clauseId }),
    ]);
    return this.uow.run(async (m, afterCommit) => {
      // Conditional on the breach still being open, so a response never lands on a breach closed meanwhile.
      const moved = await m.getRepository(BreachEntity).createQueryBuilder().update()
        .set({ status: 'responded' }).where('id = :breachId AND status IN (:...open)', { breachId, open: statusesAllowing('respond') }).execute();
      if (!moved.affected) throw new ConflictError('conventionsBreaches.closed');
      const response = await m.getRepository(BreachResponseEntity).save(m.getRepository(BreachResponseEntity).create({
        breachId, tenantId: breach.tenantId, userId: principal.userId, text: dto.text,
      }));
      const stored = await this.files.store(m, BREACH_RESPONSE_OWNER, response.id, parts, principal.userId);
      await this.audit.record(m, actor, {
        action: 'convention.breachResponse', entityType: 'breach_response', entityId: response.id,
        after: {
          breachId, tenantId: breach.tenantId, text: response.text,
          files: stored.map((f) => ({ id: f.id, fileName: f.fileName, sha256: f.sha256, size: f.size })),
        },
      });
      if (breach.recordedById !== null) {
        await this.notifications.notify(m, afterCommit, {
          userIds: [breach.recordedById],
          template: 'breach-responded',
          params: { tenantName: tenant.name, clauseNumber: clause.number, occurredOn: breach.occurredOn },
          link: `/conventions/breaches/${breachId}`,
          dedupeKey: `breach-responded:${response.id}`,
        });
      }
      return response;
    });
  }

  /**
   * Staff close an open breach with a reason: confirmed (from then on a score fact, N02, dated today
   * in the park's zone) or withdrawn. Audited; the tenant's officers are told the outcome. A breach
   * already closed, also by a concurrent decision, is a conflict (409) and nothing changes.
   */
  async decide(breachId: number, dto: DecideBreachDto, principal: Principal, actor: Actor): Promise<BreachEntity> {
    const breach = await this.dataSource.getRepository(BreachEntity).findOneBy({ id: breachId });
    if (!breach) throw new NotFoundError('conventionsBreaches.notFound');
    const to = assertTransition(breach.status, dto.decision);
    const [tenant, clause] = await Promise.all([
      this.tenants.summary(breach.tenantId).then((x) => x!),
      this.dataSource.getRepository(ConventionClauseEntity).findOneByOrFail({ id: breach.clauseId }),
    ]);
    const { action, template } = DECISIONS[dto.decision];
    const decidedOn = this.i18n.today();
    return this.uow.run(async (m, afterCommit) => {
      const decision = { status: to, decidedAt: new Date(), decidedOn, decidedById: principal.userId, decisionReason: dto.reason };
      const moved = await m.getRepository(BreachEntity).createQueryBuilder().update()
        .set(decision).where('id = :breachId AND status IN (:...open)', { breachId, open: statusesAllowing(dto.decision) }).execute();
      if (!moved.affected) throw new ConflictError('conventionsBreaches.closed');
      await this.audit.record(m, actor, {
        action, entityType: 'breach', entityId: breach.id,
        before: { status: breach.status },
        after: { tenantId: breach.tenantId, clauseNumber: clause.number, status: to, decidedOn, decisionReason: dto.reason },
      });
      const officers = await this.users.officersOf([breach.tenantId], m);
      await this.notifications.notify(m, afterCommit, {
        userIds: officers.get(breach.tenantId) ?? [],
        template,
        params: { tenantName: tenant.name, clauseNumber: clause.number, occurredOn: breach.occurredOn, reason: dto.reason, rectifyBy: breach.rectifyBy ?? '' },
        link: `/conventions/breaches/${breach.id}`,
        dedupeKey: `${template}:${breach.id}`,
      });
      return Object.assign(breach, decision);
    });
  }
}

/** The status `event` leads to, or 409 when the breach is closed. */
function assertTransition(status: BreachStatus, event: 'respond' | BreachDecision): BreachStatus {
  const result = breachTransition(status, event);
  if (!result.ok) throw new ConflictError('conventionsBreaches.closed');
  return result.to;
}
