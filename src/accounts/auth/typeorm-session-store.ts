import session from 'express-session';
import { DataSource } from 'typeorm';
import { SessionEntity } from '../entities/session.entity.js';

const TOUCH_EVERY_MS = 60_000;

/**
 * express-session storage in the application database, so every web process shares sessions
 * without another service. Touches are written at most once a minute per session; expired rows are
 * deleted by the daily `maintenance.sessions` job (PruneSessionsJob).
 */
export class TypeormSessionStore extends session.Store {
  private readonly touched = new Map<string, number>();

  constructor(private readonly dataSource: DataSource, private readonly ttlMs: number) {
    super();
  }

  private get repo() {
    return this.dataSource.getRepository(SessionEntity);
  }

  private expiry(sess: session.SessionData): number {
    const expires = sess.cookie?.expires ? new Date(sess.cookie.expires).getTime() : NaN;
    return Number.isFinite(expires) ? expires : Date.now() + this.ttlMs;
  }

  override get(sid: string, callback: (err: unknown, session?: session.SessionData | null) => void): void {
    // A raw statement: this runs before every page, and the repository's query building costs more than the lookup.
    (this.dataSource.query('SELECT data, expiresAt FROM sessions WHERE id = ?', [sid]) as Promise<Pick<SessionEntity, 'data' | 'expiresAt'>[]>).then(
      ([row]) => {
        if (!row || Number(row.expiresAt) <= Date.now()) return callback(null, null);
        try {
          callback(null, JSON.parse(row.data) as session.SessionData);
        } catch {
          callback(null, null);
        }
      },
      (err) => callback(err),
    );
  }

  override set(sid: string, sess: session.SessionData, callback?: (err?: unknown) => void): void {
    const row = { id: sid, expiresAt: String(this.expiry(sess)), data: JSON.stringify(sess) };
    this.touched.set(sid, Date.now());
    this.repo.upsert(row, ['id']).then(() => callback?.(), (err) => callback?.(err));
  }

  override touch(sid: string, sess: session.SessionData, callback?: (err?: unknown) => void): void {
    const last = this.touched.get(sid) ?? 0;
    if (Date.now() - last < TOUCH_EVERY_MS) return callback?.();
    if (this.touched.size > 50_000) this.touched.clear();
    this.touched.set(sid, Date.now());
    this.repo.update({ id: sid }, { expiresAt: String(this.expiry(sess)) }).then(() => callback?.(), (err) => callback?.(err));
  }

  override destroy(sid: string, callback?: (err?: unknown) => void): void {
    this.touched.delete(sid);
    this.repo.delete({ id: sid }).then(() => callback?.(), (err) => callback?.(err));
  }
}
