import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In, MoreThan, type EntityManager } from 'typeorm';
import { NotificationRecipients, type Recipient } from '../notifications/notifications.service.js';
import { ADMINS, MANAGERS } from './domain/access-policy.js';
import { ROLES, roleSatisfies, type Role } from './domain/roles.js';
import { UserEntity } from './entities/user.entity.js';

/** Ids per `IN (...)` lookup: well within every driver's bound-parameter limit. */
const CHUNK = 1000;

export interface OfficerSummary {
  id: number;
  tenantId: number;
  name: string;
  email: string;
  active: boolean;
}

/** A user as other contexts may see them. */
export interface UserProfile {
  id: number;
  name: string;
  email: string;
  role: Role;
  departmentId: number | null;
  active: boolean;
}

/**
 * What other contexts may ask of the accounts context, set-based: who the officers of some
 * tenants are, who the park's managers are, what users are called. Nothing else reads `users`.
 */
@Injectable()
export class UsersQueries {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The active compliance officers' user ids of each tenant (tenants without any are absent). */
  async officersOf(tenantIds: readonly number[], manager: EntityManager = this.dataSource.manager): Promise<Map<number, number[]>> {
    const out = new Map<number, number[]>();
    const ids = [...new Set(tenantIds)];
    for (let i = 0; i < ids.length; i += CHUNK) {
      const rows = await manager.getRepository(UserEntity).find({
        select: { id: true, tenantId: true },
        where: { tenantId: In(ids.slice(i, i + CHUNK)), role: 'tenant_officer', active: true },
        order: { id: 'ASC' },
      });
      for (const r of rows) out.set(r.tenantId!, [...(out.get(r.tenantId!) ?? []), r.id]);
    }
    return out;
  }

  /** The active regulators' user ids of each department (departments without any are absent). */
  async regulatorsOf(departmentIds: readonly number[], manager: EntityManager = this.dataSource.manager): Promise<Map<number, number[]>> {
    const out = new Map<number, number[]>();
    const ids = [...new Set(departmentIds)];
    for (let i = 0; i < ids.length; i += CHUNK) {
      const rows = await manager.getRepository(UserEntity).find({
        select: { id: true, departmentId: true },
        where: { departmentId: In(ids.slice(i, i + CHUNK)), role: 'regulator', active: true },
        order: { id: 'ASC' },
      });
      for (const r of rows) out.set(r.departmentId!, [...(out.get(r.departmentId!) ?? []), r.id]);
    }
    return out;
  }

  /** The active evaluators' user ids of each institution (institutions without any are absent): notices to an institution. */
  async evaluatorsOf(institutionIds: readonly number[], manager: EntityManager = this.dataSource.manager): Promise<Map<number, number[]>> {
    const out = new Map<number, number[]>();
    const ids = [...new Set(institutionIds)];
    for (let i = 0; i < ids.length; i += CHUNK) {
      const rows = await manager.getRepository(UserEntity).find({
        select: { id: true, institutionId: true },
        where: { institutionId: In(ids.slice(i, i + CHUNK)), role: 'evaluator', active: true },
        order: { id: 'ASC' },
      });
      for (const r of rows) out.set(r.institutionId!, [...(out.get(r.institutionId!) ?? []), r.id]);
    }
    return out;
  }

  /** Every evaluator account bound to one institution, active or not, by name (the institution's admin page). */
  async evaluatorsOfInstitution(institutionId: number): Promise<{ id: number; name: string; email: string; active: boolean }[]> {
    const rows = await this.dataSource.getRepository(UserEntity).find({ where: { institutionId, role: 'evaluator' }, order: { name: 'ASC' } });
    return rows.map((u) => ({ id: u.id, name: u.name, email: u.email, active: u.active }));
  }

  /**
   * The active officers of the tenants a subquery names (`SELECT tenantId …` with `?` parameters),
   * a batch at a time in id order: `NotificationsService.notifyPaged` over an audience of any size.
   */
  async officerIdsOfTenantsIn(tenantIdsSql: string, params: readonly unknown[], after: number, limit: number): Promise<number[]> {
    const users = this.dataSource.getMetadata(UserEntity).tableName;
    const rows: { id: number | string }[] = await this.dataSource.query(
      `SELECT id FROM ${users} WHERE role = 'tenant_officer' AND active = 1 AND id > ? AND tenantId IN (${tenantIdsSql}) ORDER BY id LIMIT ?`,
      [after, ...params, limit],
    );
    return rows.map((r) => Number(r.id));
  }

  /** Every officer of one tenant, active or not, by name (the tenant hub). */
  async officersOfTenant(tenantId: number): Promise<OfficerSummary[]> {
    const rows = await this.dataSource.getRepository(UserEntity).find({ where: { tenantId, role: 'tenant_officer' }, order: { name: 'ASC' } });
    return rows.map((u) => ({ id: u.id, tenantId, name: u.name, email: u.email, active: u.active }));
  }

  /** Active park staff and admins, a batch at a time in id order (digests, alerts). */
  async managerIds(after: number, limit: number): Promise<number[]> {
    return this.activeIdsIn(MANAGERS, after, limit);
  }

  /** Active system administrators, a batch at a time in id order (audit checkpoints, system alerts). */
  async adminIds(after: number, limit: number): Promise<number[]> {
    return this.activeIdsIn(ADMINS, after, limit);
  }

  private async activeIdsIn(group: readonly Role[], after: number, limit: number): Promise<number[]> {
    const roles = ROLES.filter((r) => roleSatisfies(r, group));
    const rows = await this.dataSource.getRepository(UserEntity).find({
      select: { id: true }, where: { role: In(roles), active: true, id: MoreThan(after) }, order: { id: 'ASC' }, take: limit,
    });
    return rows.map((r) => r.id);
  }

  /** Who the notices for these users go to: active accounts only. */
  @NotificationRecipients()
  async recipients(manager: EntityManager, userIds: readonly number[]): Promise<Recipient[]> {
    const ids = [...new Set(userIds)];
    const out: Recipient[] = [];
    for (let i = 0; i < ids.length; i += CHUNK) {
      const rows = await manager.getRepository(UserEntity).find({
        select: { id: true, email: true, name: true, locale: true }, where: { id: In(ids.slice(i, i + CHUNK)), active: true },
      });
      out.push(...rows.map((u) => ({ id: u.id, email: u.email, name: u.name, locale: u.locale })));
    }
    return out;
  }

  /** Who these users are (name, e-mail, role, department, active), by id: pools of users other contexts keep (sampling inspectors). */
  async profiles(userIds: readonly number[]): Promise<Map<number, UserProfile>> {
    const ids = [...new Set(userIds)];
    const out = new Map<number, UserProfile>();
    for (let i = 0; i < ids.length; i += CHUNK) {
      const rows = await this.dataSource.getRepository(UserEntity).find({
        select: { id: true, name: true, email: true, role: true, departmentId: true, active: true }, where: { id: In(ids.slice(i, i + CHUNK)) },
      });
      for (const r of rows) out.set(r.id, { id: r.id, name: r.name, email: r.email, role: r.role, departmentId: r.departmentId, active: r.active });
    }
    return out;
  }

  /** Display names of users by id. */
  async names(userIds: readonly number[]): Promise<Map<number, string>> {
    const ids = [...new Set(userIds)];
    const out = new Map<number, string>();
    for (let i = 0; i < ids.length; i += CHUNK) {
      const rows = await this.dataSource.getRepository(UserEntity).find({ select: { id: true, name: true }, where: { id: In(ids.slice(i, i + CHUNK)) } });
      for (const r of rows) out.set(r.id, r.name);
    }
    return out;
  }
}
