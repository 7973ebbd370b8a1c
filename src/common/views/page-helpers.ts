import type { Request, Response } from 'express';
import { translateFields } from '../filters/all-exceptions.filter.js';
import { ConflictError, ValidationFailedError, type FieldProblems } from '../errors/domain-error.js';
import type { I18nService } from '../../i18n/i18n.service.js';

export function flash(req: Request, kind: 'success' | 'error' | 'info', key: string, params?: Record<string, string | number>): void {
  (req.session.flash ??= []).push({ kind, key, params });
}

/** Re-renders a form with the user's input and each error beside its field. */
export function renderForm(
  res: Response, i18n: I18nService, view: string, model: Record<string, unknown>, fields: FieldProblems,
  status = 400, messageKey = 'errors.validation', params: Record<string, string | number> = {},
): void {
  const locale = res.locals.locale as string;
  res.status(status).render(view, {
    ...model,
    errors: translateFields(i18n, locale, fields),
    formError: i18n.t(locale, messageKey, params),
  });
}

/**
 * Runs a page action; a validation or conflict error re-renders the form instead of an error page.
 * Other errors go on to the global filter.
 */
export async function handleForm(
  res: Response, i18n: I18nService, view: string, model: Record<string, unknown>, action: () => Promise<void>,
): Promise<void> {
  try {
    await action();
  } catch (err) {
    if (err instanceof ValidationFailedError) return renderForm(res, i18n, view, model, err.fields, 400, err.messageKey, err.params);
    if (err instanceof ConflictError) return renderForm(res, i18n, view, model, err.fields ?? {}, 409, err.messageKey, err.params);
    throw err;
  }
}

/** Only same-site relative paths are followed after login, never another host. */
export function safeNext(next: unknown, fallback = '/'): string {
  return typeof next === 'string' && /^\/(?![/\\])/.test(next) ? next : fallback;
}
