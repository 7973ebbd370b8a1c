import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Injectable, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { I18nService } from '../../i18n/i18n.service.js';
import {
  ConflictError, DomainError, PayloadTooLargeError, UnauthenticatedError, UnsupportedMediaTypeError, ValidationFailedError, type FieldProblems,
} from '../errors/domain-error.js';

const HTTP_KEYS: Record<number, string> = {
  400: 'errors.badRequest', 401: 'errors.unauthenticated', 403: 'errors.forbidden', 404: 'errors.notFound',
  405: 'errors.badRequest', 409: 'errors.conflict', 413: 'errors.tooLarge', 415: 'errors.unsupportedType',
  422: 'errors.validation', 429: 'errors.tooManyRequests',
};

export function wantsJson(req: Request): boolean {
  return req.path.startsWith('/api/') || req.path.startsWith('/health') || Boolean(req.headers.authorization)
    || (req.headers.accept ?? '').startsWith('application/json');
}

export function isUniqueViolation(err: unknown): boolean {
  const code = (err as { driverError?: { code?: string } })?.driverError?.code ?? (err as { code?: string })?.code;
  return code === 'ER_DUP_ENTRY' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

/** Field problems with their messages in the caller's language. */
export function translateFields(i18n: I18nService, locale: string | null | undefined, fields: FieldProblems) {
  return Object.fromEntries(
    Object.entries(fields).map(([field, problems]) => [
      field,
      problems.map((p) => ({ code: p.code, message: i18n.t(locale, `validation.${p.code}`, p.params ?? {}) })),
    ]),
  );
}

/** The one place errors become responses: JSON under /api, a translated error page elsewhere; internals never leak. */
@Catch()
@Injectable()
export class AllExceptionsFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  constructor(private readonly i18n: I18nService) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const ctx = host.switchToHttp();
    const req = ctx.getRequest<Request>();
    const res = ctx.getResponse<Response>();
    const locale = (res.locals?.locale as string | undefined) ?? this.i18n.defaultLocale;

    let status = 500;
    let messageKey = 'errors.internal';
    let params: Record<string, string | number> = {};
    let fields: FieldProblems | undefined;
    if (exception instanceof DomainError) {
      status = exception.status;
      messageKey = exception.messageKey;
      params = exception.params;
      if (exception instanceof ValidationFailedError || exception instanceof ConflictError
        || exception instanceof PayloadTooLargeError || exception instanceof UnsupportedMediaTypeError) fields = exception.fields;
    } else if (isUniqueViolation(exception)) {
      // A race between two writers that both passed the service's own duplicate check.
      status = 409;
      messageKey = 'errors.conflict';
    } else if (exception instanceof HttpException) {
      status = exception.getStatus();
      messageKey = HTTP_KEYS[status] ?? (status >= 500 ? 'errors.internal' : 'errors.badRequest');
    } else {
      this.logger.error(exception instanceof Error ? exception.stack : String(exception));
    }
    if (status >= 500 && exception instanceof HttpException) this.logger.error(exception.stack);
    if (res.headersSent) return;

    const message = this.i18n.t(locale, messageKey, params);
    if (wantsJson(req)) {
      res.status(status).json({
        statusCode: status,
        error: messageKey.replace(/^errors\./, ''),
        message,
        ...(fields ? { errors: translateFields(this.i18n, locale, fields) } : {}),
      });
      return;
    }
    if (exception instanceof UnauthenticatedError) {
      res.redirect(303, `/login?next=${encodeURIComponent(req.originalUrl)}`);
      return;
    }
    if (messageKey === 'auth.mustChangePassword') {
      res.redirect(303, '/account/password');
      return;
    }
    const titleKey = this.i18n.has(`errors.title${status}`) ? `errors.title${status}` : 'errors.titleGeneric';
    res.status(status).render('errors/error', { title: this.i18n.t(locale, titleKey), status, message });
  }
}
