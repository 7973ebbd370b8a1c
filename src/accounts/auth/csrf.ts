import type { Request } from 'express';
import { createRequire } from 'node:module';
import type { CsrfSync } from 'csrf-sync';

// csrf-sync 4.2.1 declares an ESM entry (lib/index.js) that it does not ship; load its CommonJS build.
const { csrfSync } = createRequire(import.meta.url)('csrf-sync') as { csrfSync: (o: object) => CsrfSync };

/**
 * Synchroniser-token CSRF protection: the token lives in the session and comes back in a form field
 * (`_csrf`), the `x-csrf-token` header, or (for multipart forms, read after the guard) the query string.
 */
export const csrf = csrfSync({
  getTokenFromRequest: (req: Request) => {
    const body = req.body as Record<string, unknown> | undefined;
    const candidate = body?._csrf ?? req.headers['x-csrf-token'] ?? req.query?._csrf;
    return typeof candidate === 'string' ? candidate : undefined;
  },
});

export const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The token of an `Authorization: Bearer` header; a call it authenticates carries no ambient credentials, so needs no CSRF token. */
export function bearerToken(req: Request): string | null {
  const header = req.headers.authorization;
  if (!header) return null;
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  return match ? match[1] : null;
}
