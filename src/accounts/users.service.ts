import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import { ConflictError, NotFoundError, TooManyRequestsError, ValidationFailedError } from '../common/errors/domain-error.js';
import { escapeLike, LIKE_ESCAPE, pageWindow, type Page } from '../common/pagination.js';
import type { Actor } from '../common/principal.js';
import { TenantsQueries } from '../tenants/tenants.queries.js';
import { UnitOfWork } from '../database/unit-of-work.js';
import { NotificationsService } from '../notifications/notifications.service.js';
import { requiredBinding, type Role } from './domain/roles.js';
import { DepartmentEntity } from './entities/department.entity.js';
import { UserEntity } from './entities/user.entity.js';
import type { CreateUserDto, UpdateUserDto, UserQueryDto } from './dto/user.dto.js';
import { ApiTokensService } from './api-tokens.service.js';
import { LoginThrottleService } from './login-throttle.service.js';
import { PasswordHasher } from './password-hasher.js';
import { SessionsService } from './sessions.service.js';

export class InvalidCredentialsError extends ValidationFailedError {
  constructor() {
    super({}, 'auth.invalidCredentials');
  }
}

/** Too many failed logins for this e-mail or from this address: try again after `waitMs`. */
export class LoginThrottledError extends TooManyRequestsError {
  readonly retryAfterSeconds: number;
  constructor(waitMs: number) {
    const seconds = Math.max(1, Math.ceil(waitMs / 1000));
    super(seconds < 120 ? 'auth.throttledSeconds' : 'auth.throttledMinutes', seconds < 120 ? { seconds } : { minutes: Math.ceil(seconds / 60) });
    this.retryAfterSeconds = seconds;
  }
}

/** What the audit log keeps of a user: never the password hash. */
function auditView(u: UserEntity) {
  return {
    email: u.email, name: u.name, role: u.role, tenantId: u.tenantId, departmentId: u.departmentId,
    institutionId: u.institutionId, active: u.active, mustChangePassword: u.mustChangePassword,
  };
}

@Injectable()
export class UsersService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly hasher: PasswordHasher,
    private readonly audit: AuditService,
    private readonly uow: UnitOfWork,
    private readonly notifications: NotificationsService,
    private readonly tenants: TenantsQueries,
    private readonly throttle: LoginThrottleService,
    private readonly sessions: SessionsService,
    private readonly tokens: ApiTokensService,
  ) {}

  private get users() {
    return this.dataSource.getRepository(UserEntity);
  }

  async findByEmail(email: string): Promise<UserEntity | null> {
    return this.users.findOneBy({ email: email.trim().toLowerCase() });
  }

  async get(id: number): Promise<UserEntity> {
    const user = await this.users.findOne({ where: { id }, relations: { tenant: true, department: true } });
    if (!user) throw new NotFoundError();
    return user;
  }

  async list(query: UserQueryDto): Promise<Page<UserEntity>> {
    const { page, pageSize, skip } = pageWindow(query);
    const qb = this.users.createQueryBuilder('u')
      .leftJoinAndSelect('u.tenant', 't')
      .leftJoinAndSelect('u.department', 'd');
    if (query.q) {
      const q = `${escapeLike(query.q.trim().toLowerCase())}%`;
      qb.andWhere(`(u.email LIKE :q ${LIKE_ESCAPE} OR u.name LIKE :q ${LIKE_ESCAPE})`, { q });
    }
    if (query.role) qb.andWhere('u.role = :role', { role: query.role });
    const [items, total] = await qb.orderBy('u.email', 'ASC').skip(skip).take(pageSize).getManyAndCount();
    return { items, total, page, pageSize };
  }

  /** Checks that a role's binding (tenant, department) is present, exists, and is not given to a role that has none. */
  private async checkBinding(m: EntityManager, role: Role, dto: { tenantId?: number; departmentId?: number }): Promise<{ tenantId: number | null; departmentId: number | null }> {
    const need = requiredBinding(role);
    const fields: Record<string, { code: string }[]> = {};
    if (need === 'tenant' && !dto.tenantId) fields.tenantId = [{ code: 'required' }];
    if (need === 'department' && !dto.departmentId) fields.departmentId = [{ code: 'required' }];
    if (need === 'tenant' && dto.tenantId && !(await this.tenants.summary(dto.tenantId))) {
      fields.tenantId = [{ code: 'unknownTenant' }];
    }
    if (need === 'department' && dto.departmentId && !(await m.getRepository(DepartmentEntity).existsBy({ id: dto.departmentId }))) {
      fields.departmentId = [{ code: 'unknownDepartment' }];
    }
    if (Object.keys(fields).length) throw new ValidationFailedError(fields);
    return {
      tenantId: need === 'tenant' ? (dto.tenantId as number) : null,
      departmentId: need === 'department' ? (dto.departmentId as number) : null,
    };
  }

  async create(dto: CreateUserDto, actor: Actor): Promise<UserEntity> {
    const passwordHash = await this.hasher.hash(dto.password);
    return this.uow.run(async (m, afterCommit) => {
      if (await m.getRepository(UserEntity).existsBy({ email: dto.email })) {
        throw new ConflictError('users.emailTaken', { email: dto.email }, { email: [{ code: 'taken' }] });
      }
      const binding = await this.checkBinding(m, dto.role, dto);
      const user = m.getRepository(UserEntity).create({
        email: dto.email, name: dto.name, role: dto.role, passwordHash, ...binding,
        institutionId: dto.role === 'evaluator' ? (dto.institutionId ?? null) : null,
        locale: null, active: true, mustChangePassword: dto.mustChangePassword ?? false,
        lastLoginAt: null,
      });
      await m.getRepository(UserEntity).save(user);
      await this.audit.record(m, actor, { action: 'user.create', entityType: 'user', entityId: user.id, after: auditView(user) });
      await this.notifications.notify(m, afterCommit, {
        userIds: [user.id], template: 'account-created', params: { email: user.email, role: user.role },
        link: '/', dedupeKey: `user-created:${user.id}`,
      });
      return user;
    });
  }

  async update(id: number, dto: UpdateUserDto, actor: Actor): Promise<UserEntity> {
    return this.dataSource.transaction(async (m) => {
      const user = await m.getRepository(UserEntity).findOneBy({ id });
      if (!user) throw new NotFoundError();
      const before = auditView(user);
      const binding = await this.checkBinding(m, dto.role, dto);
      Object.assign(user, { name: dto.name, role: dto.role, ...binding, institutionId: dto.role === 'evaluator' ? (dto.institutionId ?? null) : null });
      await m.getRepository(UserEntity).save(user);
      await this.audit.record(m, actor, { action: 'user.update', entityType: 'user', entityId: id, before, after: auditView(user) });
      return user;
    });
  }

  /**
   * Binds an evaluator account to an accredited institution (or unbinds it with null), audited. The
   * caller (evaluations) vouches that the institution exists; an account that is not an evaluator
   * is a field error on `email`.
   */
  async setInstitution(id: number, institutionId: number | null, actor: Actor): Promise<UserEntity> {
    return this.dataSource.transaction(async (m) => {
      const user = await m.getRepository(UserEntity).findOneBy({ id });
      if (!user) throw new NotFoundError();
      if (user.role !== 'evaluator') throw new ValidationFailedError({ email: [{ code: 'notEvaluator' }] });
      const before = auditView(user);
      user.institutionId = institutionId;
      await m.getRepository(UserEntity).save(user);
      await this.audit.record(m, actor, { action: 'user.setInstitution', entityType: 'user', entityId: id, before, after: auditView(user) });
      return user;
    });
  }

  async setActive(id: number, active: boolean, actor: Actor): Promise<void> {
    await this.dataSource.transaction(async (m) => {
      const user = await m.getRepository(UserEntity).findOneBy({ id });
      if (!user) throw new NotFoundError();
      if (!active && user.id === actor.userId) throw new ConflictError('users.cannotDisableSelf');
      const before = auditView(user);
      user.active = active;
      await m.getRepository(UserEntity).save(user);
      await this.audit.record(m, actor, { action: active ? 'user.enable' : 'user.disable', entityType: 'user', entityId: id, before, after: auditView(user) });
      if (active) await this.throttle.clearAccount(user.email, m);
    });
  }

  /**
   * An admin sets a temporary password; the user must replace it at next login. Every session of the user ends
   * (but `keepSessionId`, the admin's own when resetting their own password).
   */
  async resetPassword(id: number, password: string, actor: Actor, keepSessionId: string | null = null): Promise<void> {
    const passwordHash = await this.hasher.hash(password);
    await this.uow.run(async (m, afterCommit) => {
      const user = await m.getRepository(UserEntity).findOneBy({ id });
      if (!user) throw new NotFoundError();
      Object.assign(user, { passwordHash, mustChangePassword: true });
      await m.getRepository(UserEntity).save(user);
      await this.throttle.clearAccount(user.email, m);
      const sessionsEnded = await this.sessions.endAllBut(m, id, keepSessionId);
      const entry = await this.audit.record(m, actor, { action: 'user.resetPassword', entityType: 'user', entityId: id, after: { sessionsEnded } });
      await this.notifications.notify(m, afterCommit, {
        userIds: [id], template: 'password-reset', params: { adminName: actor.label },
        link: '/account/password', dedupeKey: `password-reset:${entry.id}`,
      });
    });
  }

  /**
   * The user replaces their own password. Their other sessions end (`keepSessionId` is the one asking) and, when
   * asked, their API tokens are revoked, in the same transaction.
   */
  async changePassword(
    id: number, current: string, next: string, actor: Actor, options: { keepSessionId: string | null; revokeTokens: boolean },
  ): Promise<{ sessionsEnded: number; tokensRevoked: number }> {
    const user = await this.users.findOneBy({ id });
    if (!user) throw new NotFoundError();
    if (!(await this.hasher.verify(user.passwordHash, current))) {
      throw new ValidationFailedError({ currentPassword: [{ code: 'wrongPassword' }] });
    }
    if (current === next) throw new ValidationFailedError({ newPassword: [{ code: 'samePassword' }] });
    const passwordHash = await this.hasher.hash(next);
    return this.dataSource.transaction(async (m) => {
      await m.getRepository(UserEntity).update({ id }, { passwordHash, mustChangePassword: false });
      const sessionsEnded = await this.sessions.endAllBut(m, id, options.keepSessionId);
      const tokensRevoked = options.revokeTokens ? await this.tokens.revokeAllFor(m, id, actor) : 0;
      await this.audit.record(m, actor, { action: 'user.changePassword', entityType: 'user', entityId: id, after: { sessionsEnded, tokensRevoked } });
      return { sessionsEnded, tokensRevoked };
    });
  }

  async setLocale(id: number, locale: string): Promise<void> {
    await this.users.update({ id }, { locale });
  }

  /**
   * Checks credentials. Failures are throttled with backoff per e-mail and address (LoginThrottleService), never
   * locked; an attempt that must still wait is refused before anything is looked up. Unknown, disabled and
   * wrong-password logins take the same path: a password check (against a dummy hash when there is no account to
   * check), a counted failure, the same answer.
   */
  async authenticate(emailInput: string, password: string, ip: string | null): Promise<UserEntity> {
    const email = emailInput.trim().toLowerCase();
    const wait = await this.throttle.waitMs(email, ip);
    if (wait > 0) throw new LoginThrottledError(wait);
    const user = await this.users.findOneBy({ email });
    let valid = false;
    if (user && user.active) valid = await this.hasher.verify(user.passwordHash, password);
    else await this.hasher.burn(password);
    if (!user || !valid) {
      await this.throttle.failed(email, ip);
      throw new InvalidCredentialsError();
    }
    await this.throttle.succeeded(email, ip);
    await this.users.update({ id: user.id }, { lastLoginAt: new Date() });
    return user;
  }
}
