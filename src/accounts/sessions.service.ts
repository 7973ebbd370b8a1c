import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { NotFoundError } from '../common/errors/domain-error.js';
import { summarizeUserAgent } from './domain/user-agent.rules.js';

/** How many of a user's sessions the list shows (the most recently used). */
export const SESSION_LIST_LIMIT = 100;

/** A session on its user's list: never the session id itself, only a handle derived from it. */
export interface SessionView {
  handle: string;
  current: boolean;
  createdAt: Date | null;
  lastSeenAt: Date | null;
  ip: string | null;
  browser: string | null;
  os: string | null;
}

interface SessionRow {
  id: string;
  createdAt: string | number | null;
  lastSeenAt: string | number | null;
  ip: string | null;
  userAgent: string | null;
}

/** The handle a page uses for a session: a hash of its id, so the page never shows a credential. */
export function sessionHandle(sid: string): string {
  return createHash('sha256').update(sid, 'utf8').digest('hex').slice(0, 32);
}

const ms = (v: string | number | null): Date | null => (v === null ? null : new Date(Number(v)));

/** A user's login sessions: list them, end one, end all but the current one. */
@Injectable()
export class SessionsService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private async rows(userId: number, limit?: number): Promise<SessionRow[]> {
    return (await this.dataSource.query(
      `SELECT id, createdAt, lastSeenAt, ip, userAgent FROM sessions WHERE userId = ? AND expiresAt > ? ORDER BY lastSeenAt DESC, id${limit ? ` LIMIT ${limit}` : ''}`,
      [userId, Date.now()],
    )) as SessionRow[];
  }

  /** The user's live sessions, most recently used first; `currentSid` is marked. */
  async listFor(userId: number, currentSid: string): Promise<SessionView[]> {
    return (await this.rows(userId, SESSION_LIST_LIMIT)).map((r) => ({
      handle: sessionHandle(r.id), current: r.id === currentSid,
      createdAt: ms(r.createdAt), lastSeenAt: ms(r.lastSeenAt), ip: r.ip, ...summarizeUserAgent(r.userAgent),
    }));
  }

  /** Ends one of the user's sessions other than the current one; another user's or an unknown handle is a 404. */
  async end(userId: number, handle: string, currentSid: string): Promise<void> {
    const target = /^[0-9a-f]{32}$/.test(handle) ? (await this.rows(userId)).find((r) => sessionHandle(r.id) === handle) : undefined;
    if (!target || target.id === currentSid) throw new NotFoundError();
    await this.dataSource.query('DELETE FROM sessions WHERE id = ? AND userId = ?', [target.id, userId]);
  }

  /** Ends every session of the user except `keepSid` (none kept when null); returns how many ended. */
  async endAllBut(manager: EntityManager | undefined, userId: number, keepSid: string | null): Promise<number> {
    const m = manager ?? this.dataSource.manager;
    const live = (await m.query('SELECT COUNT(*) AS n FROM sessions WHERE userId = ? AND expiresAt > ? AND id <> ?', [userId, Date.now(), keepSid ?? ''])) as { n: number | string }[];
    await m.query('DELETE FROM sessions WHERE userId = ? AND id <> ?', [userId, keepSid ?? '']);
    return Number(live[0]?.n ?? 0);
  }
}
