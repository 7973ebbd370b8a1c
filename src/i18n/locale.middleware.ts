import type { NextFunction, Request, Response } from 'express';
import type { I18nService } from './i18n.service.js';
import { isLocale } from './i18n.service.js';

export const LOCALE_COOKIE = 'pt_lang';

/**
 * Picks the page language: `?lang=` (remembered in a cookie), then the cookie, then the default.
 * A logged-in user's saved preference is applied by the auth layer after login.
 */
export function localeMiddleware(i18n: I18nService) {
  return (req: Request, res: Response, next: NextFunction) => {
    const fromQuery = req.query.lang;
    let locale: string = i18n.defaultLocale;
    const cookie = /(?:^|;\s*)pt_lang=([^;]+)/.exec(req.headers.cookie ?? '')?.[1];
    if (isLocale(fromQuery)) {
      locale = fromQuery;
      res.cookie(LOCALE_COOKIE, locale, { httpOnly: true, sameSite: 'lax', maxAge: 365 * 24 * 3600 * 1000, secure: req.secure });
    } else if (isLocale(cookie)) {
      locale = cookie;
    }
    res.locals.locale = locale;
    res.locals.htmlLang = locale;
    next();
  };
}
