import type { NestExpressApplication } from '@nestjs/platform-express';
import express, { type NextFunction, type Request, type Response } from 'express';
import { wantsJson } from '../filters/all-exceptions.filter.js';
import type { I18nService } from '../../i18n/i18n.service.js';
import { HOT_ROUTES } from '../hot-routes.js';
import { BODY_SHAPE_CAPS, jsonShapeProblem, type BodyShapeProblem } from './body-shape.rules.js';
import { smallJsonBody } from './small-json-body.js';

/** Largest JSON or urlencoded body (uploads have their own limits in the upload interceptor). */
export const BODY_LIMIT_BYTES = 1024 * 1024;
/** Largest body of a hot route read by smallJsonBody (a joint check's is about 150 bytes); larger ones by express.json. */
const SMALL_JSON_BYTES = 8192;
/** Fields of one urlencoded form (a convention editor of 300 clauses sends about 1,500). */
export const FORM_FIELD_LIMIT = 2000;

const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

interface BodyError extends Error {
  status?: number;
  type?: string;
  problem?: BodyShapeProblem;
}

function bodyError(status: number, type: string, problem?: BodyShapeProblem): BodyError {
  return Object.assign(new Error(type), { status, type, problem });
}

/** UTF-8 as it came; another Unicode charset decoded first, so the scan sees ASCII brackets as single bytes. */
function utf8Of(buf: Buffer, encoding: string | null | undefined): Uint8Array {
  if (!encoding || /^utf-?8$/i.test(encoding)) return buf;
  try {
    return Buffer.from(new TextDecoder(encoding).decode(buf), 'utf8');
  } catch {
    return buf;
  }
}

/** express.json's verify hook: runs on the raw bytes before JSON.parse builds anything. */
export function verifyJsonShape(_req: unknown, _res: unknown, buf: Buffer, encoding: string): void {
  const problem = jsonShapeProblem(utf8Of(buf, encoding));
  if (problem) throw bodyError(400, problem.code === 'notObject' ? 'entity.not.object' : 'entity.too.complex', problem);
}

function hasBody(req: Request): boolean {
  const length = req.headers['content-length'];
  return req.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}

/**
 * After the parsers: a request without a body gets an empty object (handlers read `body.x`), and a
 * body no parser took is refused (415) unless it is multipart, which the routes that take uploads
 * parse themselves.
 */
function normalizeBody(req: Request, _res: Response, next: NextFunction): void {
  if (req.body !== undefined) return next();
  if (BODY_METHODS.has(req.method) && hasBody(req) && !req.is('multipart/form-data')) {
    return next(bodyError(415, 'entity.unsupported.type'));
  }
  req.body = {};
  next();
}

/** How each body-parser failure is answered: status, message key and its parameters. */
function answerOf(err: BodyError): { status: number; key: string; params: Record<string, string | number> } {
  switch (err.type) {
    case 'entity.too.large':
      return { status: 413, key: 'errors.tooLarge', params: { limit: '1 MB' } };
    case 'parameters.too.many':
      return { status: 413, key: 'errors.tooManyFields', params: { limit: FORM_FIELD_LIMIT } };
    case 'entity.unsupported.type':
    case 'charset.unsupported':
    case 'encoding.unsupported':
      return { status: 415, key: 'errors.unsupportedBody', params: {} };
    case 'entity.not.object':
      return { status: 400, key: 'errors.bodyNotObject', params: {} };
    case 'entity.too.complex':
      return { status: 400, key: 'errors.bodyTooComplex', params: { depth: BODY_SHAPE_CAPS.maxDepth, items: BODY_SHAPE_CAPS.maxItems, keys: BODY_SHAPE_CAPS.maxKeys } };
    default:
      return { status: 400, key: 'errors.malformedBody', params: {} };
  }
}

/**
 * JSON and urlencoded bodies: size, depth, item and member caps (BODY_SHAPE_CAPS), JSON bodies are
 * objects, and every failure is a 400/413/415 with a message, before any route runs.
 */
export function installBodyParsing(app: NestExpressApplication, i18n: I18nService): void {
  // A hot route's small plain JSON body is read with the same outcome at less cost (smallJsonBody); the rest as always.
  app.use(smallJsonBody({ routes: HOT_ROUTES, maxBytes: SMALL_JSON_BYTES, verify: verifyJsonShape }));
  app.use(express.json({ limit: BODY_LIMIT_BYTES, verify: verifyJsonShape }));
  // extended: false keeps forms flat (no a[b][c] nesting); the field count is capped.
  app.use(express.urlencoded({ extended: false, limit: BODY_LIMIT_BYTES, parameterLimit: FORM_FIELD_LIMIT }));
  app.use(normalizeBody);
  app.use((err: BodyError, req: Request, res: Response, next: NextFunction) => {
    // Body-parser errors happen before Nest's routing, so its filter never sees them.
    if (!err?.status || err.status >= 500) return next(err);
    const { status, key, params } = answerOf(err);
    const locale = res.locals.locale as string;
    const message = i18n.t(locale, key, params);
    if (wantsJson(req)) res.status(status).json({ statusCode: status, error: key.replace('errors.', ''), message });
    else res.status(status).render('errors/error', { title: i18n.t(locale, status === 400 ? 'errors.title400' : 'errors.titleGeneric'), status, message });
  });
}
