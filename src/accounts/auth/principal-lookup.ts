import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Principal } from '../../common/principal.js';
import { driverQuery, type RunSql } from '../../database/driver-query.js';
import { NotificationsService } from '../../notifications/notifications.service.js';
import type { Role } from '../domain/roles.js';

/** The user columns a principal is made of (plus `active`, which decides whether there is one). */
const USER_COLUMNS = 'u.id, u.email, u.name, u.role, u.tenantId, u.departmentId, u.institutionId, u.locale, u.active, u.mustChangePassword';

interface UserRow {
  id: number | string;
  email: string;
  name: string;
  role: Role;
  tenantId: number | string | null;
  departmentId: number | string | null;
  institutionId: number | string | null;
  locale: string | null;
  active: number | boolean | string;
  mustChangePassword: number | boolean | string;
  unread?: number | string;
}

interface SessionRow extends Partial<UserRow> {
  data: string;
  expiresAt: string | number;
}

interface TokenRow extends UserRow {
  tokenId: number | string;
  lastUsedAt: Date | string | null;
}

/** A session's stored row, with whoever it names (null: nobody, or an account gone or disabled). */
export interface SessionRead {
  data: string;
  expiresAt: number;
  found: { principal: Principal; unread: number } | null;
}

const idOrNull = (v: number | string | null): number | null => (v === null ? null : Number(v));
const flag = (v: number | boolean | string): boolean => v === true || Number(v) === 1;

/** A DATETIME as the drivers hand it back raw: a Date from mysql2 (timezone 'Z'), UTC text from SQLite. */
export function rawUtcDate(v: Date | string | null): Date | null {
  if (v === null) return null;
  if (v instanceof Date) return v;
  const d = new Date(`${v.replace(' ', 'T')}${/Z|[+-]\d\d:?\d\d$/.test(v) ? '' : 'Z'}`);
  return Number.isNaN(d.getTime()) ? null : d;
}

function toPrincipal(row: UserRow, via: Principal['via']): Principal | null {
  if (!flag(row.active)) return null;
  return {
    userId: Number(row.id), email: row.email, name: row.name, role: row.role, tenantId: idOrNull(row.tenantId),
    departmentId: idOrNull(row.departmentId), institutionId: idOrNull(row.institutionId), locale: row.locale, via,
    mustChangePassword: flag(row.mustChangePassword),
  };
}

/**
 * Who is asking, looked up on every request. These are the hottest queries in the portal, so they are
 * single raw, indexed statements on the driver's pool (driverQuery): on a busy page TypeORM's query
 * building, entity hydration and even its query runner cost more than the query itself, and each extra
 * round trip costs a system call pair. Pages get the bell's unread count in the same round trip as the user.
 */
@Injectable()
export class PrincipalLookup {
  /** The bell's unread count, written by the notifications context. */
  private readonly unread: string;
  private readonly query: RunSql;

  constructor(@InjectDataSource() dataSource: DataSource, notifications: NotificationsService) {
    this.unread = `${notifications.unreadCountSql('u.id')} AS unread`;
    this.query = driverQuery(dataSource);
  }

  /** The active user behind a session, or null when the account is gone or disabled. */
  async forSession(userId: number, withUnread: boolean): Promise<{ principal: Principal; unread: number | null } | null> {
    const rows = (await this.query(
      `SELECT ${USER_COLUMNS}${withUnread ? `, ${this.unread}` : ''} FROM users u WHERE u.id = ?`,
      [userId],
    )) as UserRow[];
    const principal = rows[0] ? toPrincipal(rows[0], 'session') : null;
    return principal ? { principal, unread: withUnread ? Number(rows[0].unread ?? 0) : null } : null;
  }

  /**
   * A session row and, in the same round trip, the active user its data names with the bell's count:
   * the session read and the who-is-asking lookup are the two statements before every page.
   */
  async forSessionId(sid: string): Promise<SessionRead | null> {
    const rows = (await this.query(
      `SELECT s.data, s.expiresAt, ${USER_COLUMNS}, ${this.unread} FROM sessions s LEFT JOIN users u ON u.id = s.userId WHERE s.id = ?`,
      [sid],
    )) as SessionRow[];
    const row = rows[0];
    if (!row) return null;
    const principal = row.id !== null && row.id !== undefined ? toPrincipal(row as UserRow, 'session') : null;
    return {
      data: row.data,
      expiresAt: Number(row.expiresAt),
      found: principal ? { principal, unread: Number(row.unread ?? 0) } : null,
    };
  }

  /** The active user behind an unrevoked API token (by its SHA-256), with the token's id and last use. */
  async forToken(tokenHash: string): Promise<{ principal: Principal; tokenId: number; lastUsedAt: Date | null } | null> {
    const rows = (await this.query(
      `SELECT t.id AS tokenId, t.lastUsedAt, ${USER_COLUMNS} FROM api_tokens t JOIN users u ON u.id = t.userId WHERE t.tokenHash = ? AND t.revokedAt IS NULL`,
      [tokenHash],
    )) as TokenRow[];
    const principal = rows[0] ? toPrincipal(rows[0], 'token') : null;
    return principal ? { principal, tokenId: Number(rows[0].tokenId), lastUsedAt: rawUtcDate(rows[0].lastUsedAt) } : null;
  }
}

/**
 * The session store reads the user with the session (PrincipalLookup.forSessionId) before the auth
 * guard runs; this carries that read from one to the other for the current request only.
 */
const prefetched = new WeakMap<object, { userId: number | null; found: SessionRead['found'] }>();

export function rememberSessionPrincipal(req: object, userId: number | null, found: SessionRead['found']): void {
  prefetched.set(req, { userId, found });
}

/** What the session store found for `userId` on this request; undefined when it did not look it up. */
export function takeSessionPrincipal(req: object, userId: number): SessionRead['found'] | undefined {
  const hit = prefetched.get(req);
  prefetched.delete(req);
  return hit && hit.userId === userId ? hit.found : undefined;
}
