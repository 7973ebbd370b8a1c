import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import { assertTenantAccess } from '../../accounts/auth/tenant-scope.js';
import { UserEntity } from '../../accounts/entities/user.entity.js';
import { AuditService } from '../../audit/audit.service.js';
import { ConflictError, NotFoundError, ValidationFailedError } from '../../common/errors/domain-error.js';
import { escapeLike, LIKE_ESCAPE, pageWindow, type Page } from '../../common/pagination.js';
import type { Actor, Principal } from '../../common/principal.js';
import { UnitOfWork } from '../../database/unit-of-work.js';
import { FilesService, toAttachmentView, type AttachmentView } from '../../files/files.service.js';
import type { UploadedPart } from '../../files/upload.interceptor.js';
import { I18nService } from '../../i18n/i18n.service.js';
import { NotificationsService } from '../../notifications/notifications.service.js';
import { TenantEntity } from '../../tenants/entities/tenant.entity.js';
import type { ClauseCategory, ConventionKind, ObligationState } from '../domain/convention.rules.js';
import { obligationState } from '../domain/convention.rules.js';
import { BreachResponseEntity } from '../entities/breach-response.entity.js';
import { BreachEntity } from '../entities/breach.entity.js';
import { ConventionClauseEntity } from '../entities/convention-clause.entity.js';
import { ConventionVersionEntity } from '../entities/convention-version.entity.js';
import { ConventionEntity } from '../entities/convention.entity.js';
import { SigningObligationEntity } from '../entities/signing-obligation.entity.js';
import type { BreachQueryDto, BreachResponseDto, RecordBreachDto } from './dto/breach.dto.js';

export const BREACH_OWNER = 'breach';
export const BREACH_RESPONSE_OWNER = 'breach_response';
export const MAX_EVIDENCE_FILES = 10;
/** Breaches shown on the tenant hub; the full list is the staff list filtered by tenant. */
const HUB_BREACHES = 20;

export interface ClauseOption {
  id: number;
  number: string;
  category: ClauseCategory;
  customCategory: string | null;
  textZh: string;
  textEn: string | null;
}

export interface VersionClauses {
  versionId: number;
  title: string;
  titleEn: string | null;
  versionNo: number;
  kind: ConventionKind;
  clauses: ClauseOption[];
}

export interface BreachResponseView {
  id: number;
  text: string;
  user: { id: number; name: string } | null;
  createdAt: Date;
  files: AttachmentView[];
}

export interface BreachView {
  id: number;
  tenant: { id: number; name: string; uscc: string; status: string };
  version: { id: number; title: string; titleEn: string | null; versionNo: number; kind: ConventionKind };
  clause: ClauseOption;
  occurredOn: string;
  description: string;
  recordedBy: { id: number; name: string } | null;
  createdAt: Date;
  files: AttachmentView[];
  responses: BreachResponseView[];
}

export interface BreachListItem {
  id: number;
  tenantId: number;
  tenantName: string;
  versionId: number;
  versionTitle: string;
  clauseNumber: string;
  occurredOn: string;
  responses: number;
  createdAt: Date;
}

export interface HubObligation {
  obligationId: number;
  versionId: number;
  title: string;
  titleEn: string | null;
  kind: ConventionKind;
  deadline: string;
  state: ObligationState;
  signatureId: number | null;
}

const isStaffLike = (p: Principal) => p.role === 'park_staff' || p.role === 'admin' || p.role === 'regulator';

/**
 * Breaches of convention clauses: staff record them with evidence, the tenant's officers are told
 * and may respond in writing with files. Both are shown on the tenant hub.
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
  ) {}

  /** A tenant a breach can be recorded for: it exists and has not moved out. */
  async recordableTenant(tenantId: number): Promise<TenantEntity> {
    const tenant = await this.dataSource.getRepository(TenantEntity).findOneBy({ id: tenantId });
    if (!tenant) throw new NotFoundError('tenants.notFound');
    if (tenant.status === 'moved_out') throw new ConflictError('conventionsBreaches.tenantMovedOut', { name: tenant.name });
    return tenant;
  }

  /** The clauses of the published versions the tenant is asked to sign, grouped by version (newest first). */
  async clauseOptions(tenantId: number): Promise<VersionClauses[]> {
    const versions = await this.dataSource.getRepository(ConventionVersionEntity).createQueryBuilder('v')
      .innerJoin(SigningObligationEntity, 'o', 'o.versionId = v.id AND o.tenantId = :tenantId', { tenantId })
      .innerJoinAndMapOne('v.convention', ConventionEntity, 'c', 'c.id = v.conventionId')
      .where("v.status = 'published'")
      .orderBy('v.publishedAt', 'DESC').addOrderBy('v.id', 'DESC')
      .getMany();
    if (!versions.length) return [];
    const clauses = await this.dataSource.getRepository(ConventionClauseEntity).find({
      where: { versionId: In(versions.map((v) => v.id)) }, order: { versionId: 'ASC', position: 'ASC' },
    });
    return versions.map((v) => ({
      versionId: v.id, title: v.title, titleEn: v.titleEn, versionNo: v.versionNo, kind: v.convention!.kind,
      clauses: clauses.filter((c) => c.versionId === v.id).map(toClauseOption),
    }));
  }

  async record(dto: RecordBreachDto, parts: UploadedPart[], principal: Principal, actor: Actor): Promise<BreachEntity> {
    const problems: Record<string, { code: string; params?: Record<string, string | number> }[]> = {};
    const tenant = await this.dataSource.getRepository(TenantEntity).findOneBy({ id: dto.tenantId });
    if (!tenant) problems.tenantId = [{ code: 'unknownTenant' }];
    else if (tenant.status === 'moved_out') problems.tenantId = [{ code: 'tenantMovedOut' }];
    const today = this.i18n.today();
    if (dto.occurredOn > today) problems.occurredOn = [{ code: 'notFuture', params: { limit: today } }];
    const groups = tenant ? await this.clauseOptions(tenant.id) : [];
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
      }));
      const stored = await this.files.store(m, BREACH_OWNER, breach.id, parts, principal.userId);
      await this.audit.record(m, actor, {
        action: 'convention.breach', entityType: 'breach', entityId: breach.id,
        after: {
          tenantId: breach.tenantId, versionId: breach.versionId, clauseId: breach.clauseId, clauseNumber: clause.number,
          occurredOn: breach.occurredOn, description: breach.description,
          files: stored.map((f) => ({ id: f.id, fileName: f.fileName, sha256: f.sha256, size: f.size })),
        },
      });
      const officers = await m.getRepository(UserEntity).find({ select: { id: true }, where: { tenantId: tenant!.id, role: 'tenant_officer', active: true } });
      await this.notifications.notify(m, afterCommit, {
        userIds: officers.map((u) => u.id),
        template: 'breach-recorded',
        params: { clauseNumber: clause.number, title: group!.title, occurredOn: breach.occurredOn },
        link: `/conventions/breaches/${breach.id}`,
        dedupeKey: `breach-recorded:${breach.id}`,
      });
      return breach;
    });
  }

  /** The breach with its evidence and responses, for staff, regulators and the tenant's own officers. */
  async get(id: number, principal: Principal): Promise<BreachView> {
    const breach = await this.dataSource.getRepository(BreachEntity).findOneBy({ id });
    if (!breach) throw new NotFoundError();
    assertTenantAccess(principal, breach.tenantId);
    const [tenant, version, clause, responses] = await Promise.all([
      this.dataSource.getRepository(TenantEntity).findOneByOrFail({ id: breach.tenantId }),
      this.dataSource.getRepository(ConventionVersionEntity).findOneOrFail({ where: { id: breach.versionId }, relations: { convention: true } }),
      this.dataSource.getRepository(ConventionClauseEntity).findOneByOrFail({ id: breach.clauseId }),
      this.dataSource.getRepository(BreachResponseEntity).find({ where: { breachId: id }, order: { id: 'ASC' } }),
    ]);
    const userIds = [...new Set([breach.recordedById, ...responses.map((r) => r.userId)].filter((u): u is number => u !== null))];
    const [users, evidence, responseFiles] = await Promise.all([
      userIds.length ? this.dataSource.getRepository(UserEntity).find({ select: { id: true, name: true }, where: { id: In(userIds) } }) : Promise.resolve([]),
      this.files.listFor(BREACH_OWNER, [id]),
      this.files.listFor(BREACH_RESPONSE_OWNER, responses.map((r) => r.id)),
    ]);
    const userOf = (uid: number | null) => {
      const u = users.find((x) => x.id === uid);
      return u ? { id: u.id, name: u.name } : null;
    };
    return {
      id: breach.id,
      tenant: { id: tenant.id, name: tenant.name, uscc: tenant.uscc, status: tenant.status },
      version: { id: version.id, title: version.title, titleEn: version.titleEn, versionNo: version.versionNo, kind: version.convention!.kind },
      clause: toClauseOption(clause),
      occurredOn: breach.occurredOn,
      description: breach.description,
      recordedBy: userOf(breach.recordedById),
      createdAt: breach.createdAt,
      files: evidence.map(toAttachmentView),
      responses: responses.map((r) => ({
        id: r.id, text: r.text, user: userOf(r.userId), createdAt: r.createdAt,
        files: responseFiles.filter((f) => f.ownerId === r.id).map(toAttachmentView),
      })),
    };
  }

  /** The tenant's officer answers in writing, with files; the staff member who recorded the breach is told. */
  async respond(breachId: number, dto: BreachResponseDto, parts: UploadedPart[], principal: Principal, actor: Actor): Promise<BreachResponseEntity> {
    const breach = await this.dataSource.getRepository(BreachEntity).findOneBy({ id: breachId });
    if (!breach) throw new NotFoundError();
    assertTenantAccess(principal, breach.tenantId);
    if (parts.length > MAX_EVIDENCE_FILES) throw new ValidationFailedError({ files: [{ code: 'maxFiles', params: { limit: MAX_EVIDENCE_FILES } }] });
    this.files.check(parts);
    const [tenant, clause] = await Promise.all([
      this.dataSource.getRepository(TenantEntity).findOneByOrFail({ id: breach.tenantId }),
      this.dataSource.getRepository(ConventionClauseEntity).findOneByOrFail({ id: breach.clauseId }),
    ]);
    return this.uow.run(async (m, afterCommit) => {
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

  /** Staff and regulators: every breach, filtered by tenant name prefix and date range, newest first. */
  async list(query: BreachQueryDto, onlyTenantId: number | null = null): Promise<Page<BreachListItem>> {
    const { page, pageSize, skip } = pageWindow(query);
    const qb = this.dataSource.getRepository(BreachEntity).createQueryBuilder('b')
      .innerJoin(TenantEntity, 't', 't.id = b.tenantId');
    if (onlyTenantId !== null) qb.andWhere('b.tenantId = :onlyTenantId', { onlyTenantId });
    if (query.q) qb.andWhere(`t.name LIKE :name ${LIKE_ESCAPE}`, { name: `${escapeLike(query.q)}%` });
    if (query.from) qb.andWhere('b.occurredOn >= :from', { from: query.from });
    if (query.to) qb.andWhere('b.occurredOn <= :to', { to: query.to });
    const total = await qb.clone().getCount();
    const rows = await qb
      .innerJoin(ConventionClauseEntity, 'cl', 'cl.id = b.clauseId')
      .innerJoin(ConventionVersionEntity, 'v', 'v.id = b.versionId')
      .select('b.id', 'id').addSelect('b.tenantId', 'tenantId').addSelect('t.name', 'tenantName').addSelect('b.versionId', 'versionId')
      .addSelect('v.title', 'versionTitle').addSelect('cl.number', 'clauseNumber').addSelect('b.occurredOn', 'occurredOn')
      .orderBy('b.occurredOn', 'DESC').addOrderBy('b.id', 'DESC')
      .offset(skip).limit(pageSize)
      .getRawMany<Record<string, unknown>>();
    const ids = rows.map((r) => Number(r.id));
    const [counts, breaches] = await Promise.all([
      this.responseCounts(ids),
      ids.length ? this.dataSource.getRepository(BreachEntity).find({ select: { id: true, createdAt: true }, where: { id: In(ids) } }) : Promise.resolve([]),
    ]);
    const created = new Map(breaches.map((b) => [b.id, b.createdAt]));
    const items = rows.map((r) => ({
      id: Number(r.id), tenantId: Number(r.tenantId), tenantName: String(r.tenantName), versionId: Number(r.versionId),
      versionTitle: String(r.versionTitle), clauseNumber: String(r.clauseNumber), occurredOn: String(r.occurredOn),
      responses: counts.get(Number(r.id)) ?? 0, createdAt: created.get(Number(r.id))!,
    }));
    return { items, total, page, pageSize };
  }

  private async responseCounts(breachIds: number[]): Promise<Map<number, number>> {
    if (!breachIds.length) return new Map();
    const rows = await this.dataSource.getRepository(BreachResponseEntity).createQueryBuilder('r')
      .select('r.breachId', 'breachId').addSelect('COUNT(*)', 'n')
      .where('r.breachId IN (:...breachIds)', { breachIds }).groupBy('r.breachId')
      .getRawMany<{ breachId: number | string; n: number | string }>();
    return new Map(rows.map((r) => [Number(r.breachId), Number(r.n)]));
  }

  /** Who may read a breach's evidence: staff, admins, regulators, and the officers of that tenant. */
  async canReadBreach(principal: Principal, breachId: number): Promise<boolean> {
    if (isStaffLike(principal)) return true;
    if (principal.role !== 'tenant_officer' || principal.tenantId === null) return false;
    return this.dataSource.getRepository(BreachEntity).existsBy({ id: breachId, tenantId: principal.tenantId });
  }

  async canReadResponse(principal: Principal, responseId: number): Promise<boolean> {
    if (isStaffLike(principal)) return true;
    if (principal.role !== 'tenant_officer' || principal.tenantId === null) return false;
    return this.dataSource.getRepository(BreachResponseEntity).existsBy({ id: responseId, tenantId: principal.tenantId });
  }

  /**
   * The conventions panel of the tenant hub: the published versions the tenant must sign with their
   * state, and its breaches. Three queries, whatever the numbers.
   */
  async hubPanel(tenantId: number, principal: Principal): Promise<Record<string, unknown> | null> {
    if (!isStaffLike(principal) && !(principal.role === 'tenant_officer' && principal.tenantId === tenantId)) return null;
    const today = this.i18n.today();
    const [obligations, breaches, breachCount] = await Promise.all([
      this.dataSource.getRepository(SigningObligationEntity).createQueryBuilder('o')
        .innerJoinAndMapOne('o.version', ConventionVersionEntity, 'v', "v.id = o.versionId AND v.status = 'published'")
        .innerJoinAndMapOne('v.convention', ConventionEntity, 'c', 'c.id = v.conventionId')
        .where('o.tenantId = :tenantId', { tenantId })
        .orderBy('v.publishedAt', 'DESC').addOrderBy('o.id', 'DESC')
        .getMany(),
      this.dataSource.getRepository(BreachEntity).createQueryBuilder('b')
        .innerJoin(ConventionClauseEntity, 'cl', 'cl.id = b.clauseId')
        .select('b.id', 'id').addSelect('b.occurredOn', 'occurredOn').addSelect('cl.number', 'clauseNumber')
        .addSelect('(SELECT COUNT(*) FROM breach_responses r WHERE r.breachId = b.id)', 'responses')
        .where('b.tenantId = :tenantId', { tenantId })
        .orderBy('b.occurredOn', 'DESC').addOrderBy('b.id', 'DESC')
        .limit(HUB_BREACHES)
        .getRawMany<Record<string, unknown>>(),
      this.dataSource.getRepository(BreachEntity).countBy({ tenantId }),
    ]);
    const ownOfficer = principal.role === 'tenant_officer' && principal.tenantId === tenantId;
    const staff = principal.role === 'park_staff' || principal.role === 'admin';
    const versions: (HubObligation & { link: string | null })[] = obligations.map((o) => {
      const state = obligationState(o.signatureId !== null, o.deadline, today);
      return {
        obligationId: o.id, versionId: o.versionId, title: o.version!.title, titleEn: o.version!.titleEn, kind: o.version!.convention!.kind,
        deadline: o.deadline, state, signatureId: o.signatureId,
        link: o.signatureId !== null ? `/conventions/signatures/${o.signatureId}` : ownOfficer ? `/conventions/obligations/${o.id}` : null,
      };
    });
    return {
      tenantId,
      versions,
      breaches: breaches.map((b) => ({ id: Number(b.id), occurredOn: String(b.occurredOn), clauseNumber: String(b.clauseNumber), responded: Number(b.responses) > 0 })),
      breachCount,
      moreBreaches: breachCount > breaches.length,
      canRecord: staff,
    };
  }
}

function toClauseOption(c: ConventionClauseEntity): ClauseOption {
  return { id: c.id, number: c.number, category: c.category, customCategory: c.customCategory, textZh: c.textZh, textEn: c.textEn };
}
