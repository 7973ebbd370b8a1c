import type { Request, Response } from 'express';

/** How long a shared cache may keep a public page or answer (seconds). */
export const PUBLIC_MAX_AGE = 60;

/**
 * Public pages are the same for every anonymous reader of a language, so proxies may keep them a
 * minute. A reader with a session (logged in, or holding a form's token or a flash message) gets a
 * page with their name and menu on it: that one is private. The language comes from `?lang=` or the
 * `pt_lang` cookie, hence `Vary: Cookie`.
 */
export function cachePublicPage(req: Request, res: Response): void {
  res.vary('Cookie');
  const personal = Boolean(req.principal) || Boolean(req.session?.userId) || Boolean(req.session?.csrfToken) || Boolean(req.session?.flash?.length);
  res.setHeader('Cache-Control', personal ? 'private, no-cache' : `public, max-age=${PUBLIC_MAX_AGE}`);
}

/** The public JSON answers are the same for every caller. */
export function cachePublicJson(res: Response): void {
  res.setHeader('Cache-Control', `public, max-age=${PUBLIC_MAX_AGE}`);
}
