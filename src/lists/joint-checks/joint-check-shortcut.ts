import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { ApiTokensService } from '../../accounts/api-tokens.service.js';
import { bearerToken } from '../../accounts/auth/csrf.js';
import { inGroup, READERS } from '../../accounts/domain/access-policy.js';
import { valueShapeProblem } from '../../common/input/body-shape.rules.js';
import { wellFormedJointCheck } from './dto/joint-check-input.js';
import type { JointChecksService } from './joint-checks.service.js';

export interface JointCheckShortcutDeps {
  tokens: Pick<ApiTokensService, 'resolve'>;
  service: Pick<JointChecksService, 'check'>;
  /** Answers an error as the app's exception filter does (the route's own errors: 400 purpose, 404 USCC, a failed log row). */
  fail: (err: unknown, req: Request, res: Response, next: NextFunction) => void;
}

/**
 * The joint check's usual call, answered ahead of Nest's pipeline for the route (express puts it just before the route's
 * own layer, after every global middleware: helmet, locale, body parsing): a bearer token of a reader (admin, park staff,
 * regulator) and a well-formed body, i.e. exactly what the route's guard (AuthGuard: a token spares CSRF, `@Roles(READERS)`,
 * no tenant parameter), the global pipe (body caps; three strings pass the text check) and the controller's
 * `wellFormedJointCheck` would let through unchanged. The same service call, logged before the answer, and the same JSON
 * (status 200, `application/json; charset=utf-8`), without the per-call cost of the guard's metadata look-ups, the pipes,
 * the interceptor chain and express's ETag (a POST answer is never revalidated). Anything else (no or unknown token,
 * another role, any other body) goes on to the route untouched, which answers it as before (401, 403, 400 with its
 * field-keyed errors); the route's own errors are answered by the app's exception filter (`fail`).
 */
export function jointCheckShortcut(deps: JointCheckShortcutDeps): RequestHandler {
  return (req, res, next) => {
    const token = bearerToken(req);
    const dto = token === null ? null : wellFormedJointCheck(req.body);
    if (dto === null || valueShapeProblem(req.body) !== null) {
      next();
      return;
    }
    void answer(deps, token!, dto, req, res, next);
  };
}

async function answer(deps: JointCheckShortcutDeps, token: string, dto: NonNullable<ReturnType<typeof wellFormedJointCheck>>, req: Request, res: Response, next: NextFunction): Promise<void> {
  let principal;
  try {
    principal = await deps.tokens.resolve(token);
  } catch {
    // The route's guard reads the token again and answers the failure.
    next();
    return;
  }
  if (!principal || !inGroup(principal, READERS)) {
    next();
    return;
  }
  req.principal = principal;
  res.locals.principal = principal;
  try {
    const body = JSON.stringify(await deps.service.check(dto, principal, res.locals.locale as string));
    res.statusCode = 200;
    res.setHeader('Content-Type', 'application/json; charset=utf-8');
    res.setHeader('Content-Length', Buffer.byteLength(body));
    res.end(body);
  } catch (err) {
    deps.fail(err, req, res, next);
  }
}
