import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, IsNull, Like } from 'typeorm';
import { DepartmentsService } from '../../accounts/departments.service.js';
import { isManager, isRegulator } from '../../accounts/domain/access-policy.js';
import { UsersService } from '../../accounts/users.service.js';
import { AuditService } from '../../audit/audit.service.js';
import { ConflictError, ForbiddenError, NotFoundError, ValidationFailedError } from '../../common/errors/domain-error.js';
import { isUniqueViolation } from '../../common/filters/all-exceptions.filter.js';
import type { Actor, Principal } from '../../common/principal.js';
import { UnitOfWork } from '../../database/unit-of-work.js';
import { TenantsQueries } from '../../tenants/tenants.queries.js';
import { InspectorAbsenceEntity } from '../entities/inspector-absence.entity.js';
import { InspectorConflictEntity } from '../entities/inspector-conflict.entity.js';
import { InspectorEntity } from '../entities/inspector.entity.js';
import type { AbsenceDto, DeclareConflictDto, FlagInspectorDto, WithdrawConflictDto } from './dto/inspector.dto.js';
import { suggestInspectorCode } from './inspector-pool.rules.js';

/** Park staff and admins act for any inspector; a regulator only for themself (their own declarations). */
export function mayActFor(principal: Principal, inspector: Pick<InspectorEntity, 'userId'>): boolean {
  return isManager(principal) || (isRegulator(principal) && principal.userId === inspector.userId);
}

/**
 * The inspector pool (执法检查人员名录): park staff and admins flag regulators as inspectors of their
 * department under a public code and take them out again; conflicts of interest and absences are
 * declared by the inspector themself or by staff. Every change audited against the `inspector`.
 */
@Injectable()
export class InspectorsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly uow: UnitOfWork,
    private readonly audit: AuditService,
    private readonly users: UsersService,
    private readonly departments: DepartmentsService,
    private readonly tenants: TenantsQueries,
  ) {}

  async get(id: number): Promise<InspectorEntity> {
    const row = await this.dataSource.getRepository(InspectorEntity).findOneBy({ id });
    if (!row) throw new NotFoundError();
    return row;
  }

  /** The code a regulator of this department would get: the next free `<DEPT>-<nnn>`. */
  async suggestCode(departmentId: number): Promise<string> {
    const department = await this.departments.get(departmentId);
    const prefix = suggestInspectorCode(department.code, []).replace(/-001$/, '');
    const codes = await this.dataSource.getRepository(InspectorEntity).find({ select: { code: true }, where: { code: Like(`${prefix}-%`) } });
    return suggestInspectorCode(department.code, codes.map((c) => c.code));
  }

  /**
   * Flags a regulator (by id or e-mail) as an inspector of their department. Field errors: no such
   * user, not an active regulator with a department; conflicts: already in the pool, code taken.
   */
  async flag(dto: FlagInspectorDto, actor: Actor): Promise<InspectorEntity> {
    const field = dto.userId ? 'userId' : 'email';
    if (!dto.userId && !dto.email) throw new ValidationFailedError({ email: [{ code: 'required' }] });
    const user = dto.userId ? await this.users.get(dto.userId).catch(() => null) : await this.users.findByEmail(dto.email!);
    if (!user) throw new ValidationFailedError({ [field]: [{ code: 'unknownUser' }] });
    if (user.role !== 'regulator' || !user.active || !user.departmentId) {
      throw new ValidationFailedError({ [field]: [{ code: 'invalid' }] }, 'samplingPool.inspectors.notRegulator');
    }
    const code = dto.code ?? await this.suggestCode(user.departmentId);
    try {
      return await this.uow.run(async (m) => {
        const repo = m.getRepository(InspectorEntity);
        if (await repo.existsBy({ userId: user.id })) throw new ConflictError('samplingPool.inspectors.alreadyInPool', { name: user.name }, { [field]: [{ code: 'taken' }] });
        if (await repo.existsBy({ code })) throw this.codeTaken(code);
        const row = await repo.save(repo.create({ userId: user.id, departmentId: user.departmentId!, code, active: true }));
        await this.audit.record(m, actor, {
          action: 'sampling.inspector.flag', entityType: 'inspector', entityId: row.id, before: null,
          after: { userId: row.userId, name: user.name, departmentId: row.departmentId, code: row.code, active: true },
        });
        return row;
      });
    } catch (err) {
      if (isUniqueViolation(err)) throw this.codeTaken(code);
      throw err;
    }
  }

  /** Takes an inspector out of the pool (false) or puts them back (true); no change, no audit entry. */
  async setActive(id: number, active: boolean, actor: Actor): Promise<InspectorEntity> {
    return this.uow.run(async (m) => {
      const repo = m.getRepository(InspectorEntity);
      const row = await repo.findOneBy({ id });
      if (!row) throw new NotFoundError();
      if (row.active === active) return row;
      row.active = active;
      await repo.save(row);
      await this.audit.record(m, actor, {
        action: active ? 'sampling.inspector.activate' : 'sampling.inspector.deactivate', entityType: 'inspector', entityId: row.id,
        before: { active: !active }, after: { active },
      });
      return row;
    });
  }

  /** Refuses (403) anyone but staff, admins and the inspector themself. */
  assertMayActFor(principal: Principal, inspector: InspectorEntity): void {
    if (!mayActFor(principal, inspector)) throw new ForbiddenError('samplingPool.inspectors.notYours');
  }

  /** Declares a conflict of interest with a tenant (by id or USCC); an open declaration for the same tenant is a conflict. */
  async declareConflict(inspectorId: number, dto: DeclareConflictDto, principal: Principal, actor: Actor): Promise<InspectorConflictEntity> {
    const inspector = await this.get(inspectorId);
    this.assertMayActFor(principal, inspector);
    const field = dto.tenantId ? 'tenantId' : 'uscc';
    if (!dto.tenantId && !dto.uscc) throw new ValidationFailedError({ uscc: [{ code: 'required' }] });
    const tenant = dto.tenantId ? await this.tenants.summary(dto.tenantId) : (await this.tenants.byUscc([dto.uscc!])).get(dto.uscc!) ?? null;
    if (!tenant) throw new ValidationFailedError({ [field]: [{ code: 'unknownTenant' }] });
    return this.uow.run(async (m) => {
      const repo = m.getRepository(InspectorConflictEntity);
      if (await repo.existsBy({ inspectorId, tenantId: tenant.id, withdrawnAt: IsNull() })) {
        throw new ConflictError('samplingPool.conflicts.alreadyDeclared', { name: tenant.name }, { [field]: [{ code: 'taken' }] });
      }
      const row = await repo.save(repo.create({ inspectorId, tenantId: tenant.id, reason: dto.reason, declaredById: principal.userId, declaredAt: new Date(), withdrawnAt: null, withdrawnReason: null }));
      await this.audit.record(m, actor, {
        action: 'sampling.conflict.declare', entityType: 'inspector', entityId: inspectorId, before: null,
        after: { conflictId: row.id, tenantId: tenant.id, uscc: tenant.uscc, reason: row.reason },
      });
      return row;
    });
  }

  /** Withdraws an open declaration; the reason is kept in the audit log. A withdrawn one cannot be withdrawn again (409). */
  async withdrawConflict(inspectorId: number, conflictId: number, dto: WithdrawConflictDto, principal: Principal, actor: Actor): Promise<InspectorConflictEntity> {
    const inspector = await this.get(inspectorId);
    this.assertMayActFor(principal, inspector);
    return this.uow.run(async (m) => {
      const repo = m.getRepository(InspectorConflictEntity);
      const row = await repo.findOneBy({ id: conflictId, inspectorId });
      if (!row) throw new NotFoundError();
      if (row.withdrawnAt) throw new ConflictError('samplingPool.conflicts.alreadyWithdrawn');
      row.withdrawnAt = new Date();
      row.withdrawnReason = dto.reason;
      await repo.save(row);
      await this.audit.record(m, actor, {
        action: 'sampling.conflict.withdraw', entityType: 'inspector', entityId: inspectorId,
        before: { conflictId: row.id, tenantId: row.tenantId, reason: row.reason }, after: { conflictId: row.id, withdrawnReason: dto.reason },
      });
      return row;
    });
  }

  /** Records a period away (to on or after from: a field error on toDate otherwise); overlapping periods are allowed. */
  async addAbsence(inspectorId: number, dto: AbsenceDto, principal: Principal, actor: Actor): Promise<InspectorAbsenceEntity> {
    const inspector = await this.get(inspectorId);
    this.assertMayActFor(principal, inspector);
    if (dto.toDate < dto.fromDate) throw new ValidationFailedError({ toDate: [{ code: 'notBefore', params: { limit: dto.fromDate } }] });
    return this.uow.run(async (m) => {
      const repo = m.getRepository(InspectorAbsenceEntity);
      const row = await repo.save(repo.create({ inspectorId, fromDate: dto.fromDate, toDate: dto.toDate, reason: dto.reason, createdById: principal.userId }));
      await this.audit.record(m, actor, {
        action: 'sampling.absence.add', entityType: 'inspector', entityId: inspectorId, before: null,
        after: { absenceId: row.id, fromDate: row.fromDate, toDate: row.toDate, reason: row.reason },
      });
      return row;
    });
  }

  /** Removes a recorded absence (entered by mistake, plans changed). */
  async removeAbsence(inspectorId: number, absenceId: number, principal: Principal, actor: Actor): Promise<void> {
    const inspector = await this.get(inspectorId);
    this.assertMayActFor(principal, inspector);
    await this.uow.run(async (m) => {
      const repo = m.getRepository(InspectorAbsenceEntity);
      const row = await repo.findOneBy({ id: absenceId, inspectorId });
      if (!row) throw new NotFoundError();
      await repo.delete({ id: row.id });
      await this.audit.record(m, actor, {
        action: 'sampling.absence.remove', entityType: 'inspector', entityId: inspectorId,
        before: { absenceId: row.id, fromDate: row.fromDate, toDate: row.toDate, reason: row.reason }, after: null,
      });
    });
  }

  private codeTaken(code: string): ConflictError {
    return new ConflictError('samplingPool.inspectors.codeTaken', { code }, { code: [{ code: 'taken' }] });
  }
}
