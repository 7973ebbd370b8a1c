import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In, Not } from 'typeorm';
import { UsersQueries } from '../../accounts/users.queries.js';
import { UsersService } from '../../accounts/users.service.js';
import { AuditService } from '../../audit/audit.service.js';
import { ConflictError, NotFoundError, ValidationFailedError } from '../../common/errors/domain-error.js';
import type { Actor } from '../../common/principal.js';
import { I18nService } from '../../i18n/i18n.service.js';
import { TenantsQueries, type TenantSummary } from '../../tenants/tenants.queries.js';
import { accreditationLapsed, engagementDue, engagementProblems, institutionProblems } from '../domain/evaluation.rules.js';
import { EvaluationDimensionEntity } from '../entities/evaluation-dimension.entity.js';
import { EvaluationEngagementEntity } from '../entities/evaluation-engagement.entity.js';
import { EvaluationInstitutionEntity } from '../entities/evaluation-institution.entity.js';
import { EvaluationEntity } from '../entities/evaluation.entity.js';
import type { BindEvaluatorDto, DimensionDto, DimensionUpdateDto, EngagementDto, InstitutionDto } from './dto/institution.dto.js';

export interface InstitutionRow {
  id: number;
  name: string;
  uscc: string;
  accreditationNo: string;
  validFrom: string;
  validTo: string;
  active: boolean;
  lapsed: boolean;
  engagements: number;
  evaluators: number;
}

export interface EngagementRow {
  id: number;
  tenant: TenantSummary | null;
  periodFrom: string;
  periodTo: string;
  status: 'active' | 'cancelled';
  due: 'due' | 'overdue';
  note: string | null;
  evaluations: number;
}

const institutionAudit = (i: EvaluationInstitutionEntity) => ({
  name: i.name, uscc: i.uscc, accreditationNo: i.accreditationNo, validFrom: i.validFrom, validTo: i.validTo, active: i.active,
});

/**
 * What admins keep for evaluations: the accredited institutions, their engagements (tenant and
 * period), the evaluator accounts bound to each (through the accounts context), and the scoring
 * dimensions. Every change is audited.
 */
@Injectable()
export class InstitutionsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly tenants: TenantsQueries,
    private readonly users: UsersService,
    private readonly usersQueries: UsersQueries,
    private readonly i18n: I18nService,
  ) {}

  async list(): Promise<InstitutionRow[]> {
    const rows = await this.dataSource.getRepository(EvaluationInstitutionEntity).find({ order: { name: 'ASC', id: 'ASC' } });
    const ids = rows.map((r) => r.id);
    const counts = ids.length ? await this.dataSource.getRepository(EvaluationEngagementEntity).createQueryBuilder('e')
      .select('e.institutionId', 'id').addSelect('COUNT(*)', 'n').where('e.institutionId IN (:...ids)', { ids }).andWhere("e.status = 'active'")
      .groupBy('e.institutionId').getRawMany<{ id: number | string; n: number | string }>() : [];
    const engaged = new Map(counts.map((c) => [Number(c.id), Number(c.n)]));
    const evaluators = await this.usersQueries.evaluatorsOf(ids);
    const today = this.i18n.today();
    return rows.map((r) => ({
      id: r.id, name: r.name, uscc: r.uscc, accreditationNo: r.accreditationNo, validFrom: r.validFrom, validTo: r.validTo, active: r.active,
      lapsed: accreditationLapsed(r, today), engagements: engaged.get(r.id) ?? 0, evaluators: evaluators.get(r.id)?.length ?? 0,
    }));
  }

  async get(id: number): Promise<EvaluationInstitutionEntity> {
    const row = await this.dataSource.getRepository(EvaluationInstitutionEntity).findOneBy({ id });
    if (!row) throw new NotFoundError('evaluationsAdmin.institutionNotFound');
    return row;
  }

  async save(id: number | null, dto: InstitutionDto, actor: Actor): Promise<EvaluationInstitutionEntity> {
    const problems = institutionProblems(dto);
    if (Object.keys(problems).length) throw new ValidationFailedError(problems);
    return this.dataSource.transaction(async (m) => {
      const repo = m.getRepository(EvaluationInstitutionEntity);
      if (await repo.existsBy({ uscc: dto.uscc, ...(id ? { id: Not(id) } : {}) })) {
        throw new ConflictError('evaluationsAdmin.usccTaken', { uscc: dto.uscc }, { uscc: [{ code: 'taken' }] });
      }
      const existing = id ? await repo.findOneBy({ id }) : null;
      if (id && !existing) throw new NotFoundError('evaluationsAdmin.institutionNotFound');
      const before = existing ? institutionAudit(existing) : null;
      const row = existing ?? repo.create();
      Object.assign(row, { name: dto.name, uscc: dto.uscc, accreditationNo: dto.accreditationNo, validFrom: dto.validFrom, validTo: dto.validTo, active: dto.active ?? true });
      await repo.save(row);
      await this.audit.record(m, actor, {
        action: id ? 'evaluation.institutionUpdate' : 'evaluation.institutionCreate', entityType: 'evaluation_institution', entityId: row.id,
        before, after: institutionAudit(row),
      });
      return row;
    });
  }

  async engagementsOf(institutionId: number): Promise<EngagementRow[]> {
    const rows = await this.dataSource.getRepository(EvaluationEngagementEntity).find({ where: { institutionId }, order: { periodTo: 'DESC', id: 'DESC' }, take: 500 });
    const tenants = await this.tenants.summaries(rows.map((r) => r.tenantId));
    const ids = rows.map((r) => r.id);
    const counts = ids.length ? await this.dataSource.getRepository(EvaluationEntity).createQueryBuilder('v')
      .select('v.engagementId', 'id').addSelect('COUNT(*)', 'n').where('v.engagementId IN (:...ids)', { ids }).groupBy('v.engagementId')
      .getRawMany<{ id: number | string; n: number | string }>() : [];
    const evaluated = new Map(counts.map((c) => [Number(c.id), Number(c.n)]));
    const today = this.i18n.today();
    return rows.map((r) => ({
      id: r.id, tenant: tenants.get(r.tenantId) ?? null, periodFrom: r.periodFrom, periodTo: r.periodTo, status: r.status,
      due: engagementDue(r, today), note: r.note, evaluations: evaluated.get(r.id) ?? 0,
    }));
  }

  /** The tenant an admin typed: a USCC (normalised) or an exact registered name that names one tenant. */
  async tenantFor(text: string): Promise<number | null> {
    const { byUscc, byName } = await this.tenants.idsFor([text], [text]);
    const byCode = byUscc.get(text);
    if (byCode !== undefined) return byCode;
    const named = byName.get(text) ?? [];
    return named.length === 1 ? named[0] : null;
  }

  /** Engages the institution for a tenant (named as typed in `dto.tenant`, or by `knownTenantId` from the demo seed) and a period. */
  async addEngagement(institutionId: number, dto: EngagementDto, actorUserId: number, actor: Actor, knownTenantId?: number): Promise<EvaluationEngagementEntity> {
    await this.get(institutionId);
    const problems: Record<string, { code: string; params?: Record<string, string | number> }[]> = { ...engagementProblems(dto) };
    const tenantId = knownTenantId !== undefined ? ((await this.tenants.summary(knownTenantId))?.id ?? null) : await this.tenantFor(dto.tenant);
    if (tenantId === null) problems.tenant = [{ code: 'unknownTenant' }];
    if (Object.keys(problems).length) throw new ValidationFailedError(problems);
    return this.dataSource.transaction(async (m) => {
      const repo = m.getRepository(EvaluationEngagementEntity);
      const row = await repo.save(repo.create({
        institutionId, tenantId: tenantId!, periodFrom: dto.periodFrom, periodTo: dto.periodTo, status: 'active', note: dto.note ?? null, createdBy: actorUserId,
      }));
      await this.audit.record(m, actor, {
        action: 'evaluation.engagementCreate', entityType: 'evaluation_engagement', entityId: row.id,
        after: { institutionId, tenantId: row.tenantId, periodFrom: row.periodFrom, periodTo: row.periodTo, note: row.note },
      });
      return row;
    });
  }

  async cancelEngagement(engagementId: number, actor: Actor): Promise<EvaluationEngagementEntity> {
    return this.dataSource.transaction(async (m) => {
      const repo = m.getRepository(EvaluationEngagementEntity);
      const row = await repo.findOneBy({ id: engagementId });
      if (!row) throw new NotFoundError('evaluationsAdmin.engagementNotFound');
      const moved = await repo.createQueryBuilder().update().set({ status: 'cancelled' }).where("id = :id AND status = 'active'", { id: engagementId }).execute();
      if (!moved.affected) throw new ConflictError('evaluationsAdmin.engagementCancelled');
      await this.audit.record(m, actor, {
        action: 'evaluation.engagementCancel', entityType: 'evaluation_engagement', entityId: row.id,
        before: { status: 'active' }, after: { institutionId: row.institutionId, tenantId: row.tenantId, status: 'cancelled' },
      });
      return Object.assign(row, { status: 'cancelled' as const });
    });
  }

  async evaluatorsOf(institutionId: number) {
    return this.usersQueries.evaluatorsOfInstitution(institutionId);
  }

  /** Binds the evaluator account with this e-mail to the institution (accounts audits it). */
  async bindEvaluator(institutionId: number, dto: BindEvaluatorDto, actor: Actor): Promise<void> {
    await this.get(institutionId);
    const user = await this.users.findByEmail(dto.email);
    if (!user) throw new ValidationFailedError({ email: [{ code: 'unknownUser' }] });
    await this.users.setInstitution(user.id, institutionId, actor);
  }

  async unbindEvaluator(institutionId: number, userId: number, actor: Actor): Promise<void> {
    const bound = await this.usersQueries.evaluatorsOfInstitution(institutionId);
    if (!bound.some((u) => u.id === userId)) throw new NotFoundError();
    await this.users.setInstitution(userId, null, actor);
  }

  async dimensions(activeOnly = false): Promise<EvaluationDimensionEntity[]> {
    return this.dataSource.getRepository(EvaluationDimensionEntity).find({ where: activeOnly ? { active: true } : {}, order: { sortOrder: 'ASC', id: 'ASC' } });
  }

  async addDimension(dto: DimensionDto, actor: Actor): Promise<EvaluationDimensionEntity> {
    return this.dataSource.transaction(async (m) => {
      const repo = m.getRepository(EvaluationDimensionEntity);
      if (await repo.existsBy({ code: dto.code })) throw new ConflictError('evaluationsAdmin.dimensionCodeTaken', { code: dto.code }, { code: [{ code: 'taken' }] });
      const row = await repo.save(repo.create({ code: dto.code, labelZh: dto.labelZh, labelEn: dto.labelEn, sortOrder: dto.sortOrder, active: dto.active ?? true }));
      await this.audit.record(m, actor, {
        action: 'evaluation.dimensionCreate', entityType: 'evaluation_dimension', entityId: row.id,
        after: { code: row.code, labelZh: row.labelZh, labelEn: row.labelEn, sortOrder: row.sortOrder, active: row.active },
      });
      return row;
    });
  }

  async updateDimension(id: number, dto: DimensionUpdateDto, actor: Actor): Promise<EvaluationDimensionEntity> {
    return this.dataSource.transaction(async (m) => {
      const repo = m.getRepository(EvaluationDimensionEntity);
      const row = await repo.findOneBy({ id });
      if (!row) throw new NotFoundError();
      const before = { labelZh: row.labelZh, labelEn: row.labelEn, sortOrder: row.sortOrder, active: row.active };
      Object.assign(row, { labelZh: dto.labelZh, labelEn: dto.labelEn, sortOrder: dto.sortOrder, active: dto.active ?? false });
      await repo.save(row);
      await this.audit.record(m, actor, {
        action: 'evaluation.dimensionUpdate', entityType: 'evaluation_dimension', entityId: row.id,
        before, after: { code: row.code, labelZh: row.labelZh, labelEn: row.labelEn, sortOrder: row.sortOrder, active: row.active },
      });
      return row;
    });
  }

  /** Names of institutions by id (lists, notices). */
  async names(ids: readonly number[]): Promise<Map<number, string>> {
    const unique = [...new Set(ids)];
    if (!unique.length) return new Map();
    const rows = await this.dataSource.getRepository(EvaluationInstitutionEntity).find({ select: { id: true, name: true }, where: { id: In(unique) } });
    return new Map(rows.map((r) => [r.id, r.name]));
  }
}
