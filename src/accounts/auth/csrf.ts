import type { Request } from 'express';
import { createRequire } from 'node:module';
import type { CsrfSync } from 'csrf-sync';

// csrf-sync 4.2.1 declares an ESM entry (lib/index.js) that it does not ship; load its CommonJS build.
const { csrfSync } = createRequire(import.meta.url)('csrf-sync') as { csrfSync: (o: object) => CsrfSync };

/**
 * Synchroniser-token CSRF protection: the token lives in the session and comes back in a form field
 * (`_csrf`) or the `x-csrf-token` header, never in the URL (it would end up in the address bar, the
 * history and logs). A multipart form's field is read by the upload interceptor while it parses the
 * body (see `deferCsrfToMultipart`).
 */
export const csrf = csrfSync({
  // 32 random bytes (256 bits, 64 hex characters); the library's default of 128 bytes put 256 characters into every
  // form and into the session that every request reads and hashes, for no more safety.
  size: 32,
  getTokenFromRequest: (req: Request) => {
    const body = req.body as Record<string, unknown> | undefined;
    const candidate = body?._csrf ?? req.headers['x-csrf-token'];
    return typeof candidate === 'string' ? candidate : undefined;
  },
});

/** Static marker of the interceptor that parses multipart bodies (UploadInterceptor), which checks their token itself. */
export const CHECKS_MULTIPART_CSRF = Symbol.for('parktrust.checksMultipartCsrf');

const deferred = new WeakSet<Request>();

/**
 * A multipart write without a token in a header: its `_csrf` field is not parsed yet when the guard
 * runs. When one of the route's interceptors is marked CHECKS_MULTIPART_CSRF, the check is left to it
 * (it refuses before the first file byte is stored, and once the body is parsed); otherwise false.
 */
export function deferCsrfToMultipart(req: Request, interceptors: unknown[] | undefined): boolean {
  if (!req.is('multipart/form-data')) return false;
  if (!(interceptors ?? []).some((i) => typeof i === 'function' && (i as unknown as Record<symbol, unknown>)[CHECKS_MULTIPART_CSRF] === true)) return false;
  deferred.add(req);
  return true;
}

/** Whether the guard left this request's token to the multipart parser (see deferCsrfToMultipart). */
export function csrfDeferred(req: Request): boolean {
  return deferred.has(req);
}

export const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The token of an `Authorization: Bearer` header; a call it authenticates carries no ambient credentials, so needs no CSRF token. */
export function bearerToken(req: Request): string | null {
  const header = req.headers.authorization;
  if (!header) return null;
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  return match ? match[1] : null;
}
