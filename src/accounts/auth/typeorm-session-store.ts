import session from 'express-session';
import { DataSource } from 'typeorm';
import type { Request } from 'express';
import { SessionEntity } from '../entities/session.entity.js';
import { PrincipalLookup, rememberSessionPrincipal, type SessionRead } from './principal-lookup.js';

declare module 'express-session' {
  interface SessionData {
    /** Set at login: when, from where and with which browser (shown on the user's session list). */
    login?: { at: number; ip: string | null; userAgent: string | null };
    /** When the session's cookie and row were last renewed (renewSessions): at most once a RENEW_EVERY_MS. */
    renewedAt?: number;
  }
}

const TOUCH_EVERY_MS = 60_000;
/** How often at most a session in use gets a fresh cookie expiry (and its row a fresh expiry). */
export const RENEW_EVERY_MS = 60_000;

/**
 * A session in use stays alive SESSION_MAX_AGE_MINUTES past its last use, renewed at most once a
 * RENEW_EVERY_MS: marking it then makes express-session save the row and send the cookie with its new
 * expiry. (express-session's `rolling` does the same on every response, re-signing and sending the cookie
 * each time, which cost a busy page several per cent.) Sessions that hold nothing are left alone.
 */
export function renewSessions() {
  return (req: Request, _res: unknown, next: () => void): void => {
    const sess = req.session as (session.Session & Partial<session.SessionData>) | undefined;
    if (sess && (typeof sess.userId === 'number' || sess.csrfToken)) {
      const now = Date.now();
      if (!(typeof sess.renewedAt === 'number' && now - sess.renewedAt < RENEW_EVERY_MS && sess.renewedAt <= now)) sess.renewedAt = now;
    }
    next();
  };
}
/** How long a session nobody has logged into lives: it only carries the login form's CSRF token. */
export const ANONYMOUS_SESSION_MS = 30 * 60_000;
/** Not data: a symbol key is invisible to the Session copy, to express-session's change hash and to JSON. */
const USER = Symbol('session user');
type SessionWithUser = session.SessionData & { [USER]?: SessionRead['found'] };

/**
 * express-session storage in the application database, so every web process shares sessions
 * without another service. A read also fetches the user the session names (PrincipalLookup), so a
 * page costs one round trip for both. Touches are written at most once a minute per session;
 * expired rows are deleted by the hourly `maintenance.sessions` job (PruneSessionsJob). Anonymous
 * sessions exist only for the login form's CSRF token and expire after ANONYMOUS_SESSION_MS.
 */
export class TypeormSessionStore extends session.Store {
  private readonly touched = new Map<string, number>();

  constructor(private readonly dataSource: DataSource, private readonly principals: PrincipalLookup, private readonly ttlMs: number) {
    super();
  }

  private get repo() {
    return this.dataSource.getRepository(SessionEntity);
  }

  /** When the row stops counting: the cookie's expiry for a login, at most ANONYMOUS_SESSION_MS ahead for nobody's. */
  private expiry(sess: session.SessionData): number {
    const expires = sess.cookie?.expires ? new Date(sess.cookie.expires).getTime() : NaN;
    const until = Number.isFinite(expires) ? expires : Date.now() + this.ttlMs;
    return typeof sess.userId === 'number' ? until : Math.min(until, Date.now() + ANONYMOUS_SESSION_MS);
  }

  override get(sid: string, callback: (err: unknown, session?: session.SessionData | null) => void): void {
    this.principals.forSessionId(sid).then(
      (row) => {
        if (!row || row.expiresAt <= Date.now()) return callback(null, null);
        let sess: session.SessionData;
        try {
          sess = JSON.parse(row.data) as session.SessionData;
        } catch {
          return callback(null, null);
        }
        if (typeof sess !== 'object' || sess === null || Array.isArray(sess)) return callback(null, null);
        // The user came in the same round trip; createSession hands it to this request's auth guard.
        (sess as SessionWithUser)[USER] = row.found;
        callback(null, sess);
      },
      (err) => callback(err),
    );
  }

  override createSession(req: Request, sess: session.SessionData): session.Session & session.SessionData {
    const withUser = sess as SessionWithUser;
    if (USER in withUser) {
      rememberSessionPrincipal(req, typeof sess.userId === 'number' ? sess.userId : null, withUser[USER] ?? null);
      delete withUser[USER];
    }
    return super.createSession(req, sess);
  }

  override set(sid: string, sess: session.SessionData, callback?: (err?: unknown) => void): void {
    const now = Date.now();
    const login = sess.login;
    const row = {
      id: sid, expiresAt: String(this.expiry(sess)), data: JSON.stringify(sess),
      // Columns for the user's session list, mirrored from the session's data.
      userId: typeof sess.userId === 'number' ? sess.userId : null,
      createdAt: login ? String(login.at) : null, lastSeenAt: String(now),
      ip: login?.ip ?? null, userAgent: login?.userAgent ?? null,
    };
    this.touched.set(sid, now);
    this.repo.upsert(row, ['id']).then(() => callback?.(), (err) => callback?.(err));
  }

  override touch(sid: string, sess: session.SessionData, callback?: (err?: unknown) => void): void {
    const now = Date.now();
    const last = this.touched.get(sid) ?? 0;
    if (now - last < TOUCH_EVERY_MS) return callback?.();
    if (this.touched.size > 50_000) this.touched.clear();
    this.touched.set(sid, now);
    this.repo.update({ id: sid }, { expiresAt: String(this.expiry(sess)), lastSeenAt: String(now) }).then(() => callback?.(), (err) => callback?.(err));
  }

  override destroy(sid: string, callback?: (err?: unknown) => void): void {
    this.touched.delete(sid);
    this.repo.delete({ id: sid }).then(() => callback?.(), (err) => callback?.(err));
  }
}
