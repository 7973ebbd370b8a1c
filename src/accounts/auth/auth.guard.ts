import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { INTERCEPTORS_METADATA } from '@nestjs/common/constants.js';
import type { Request } from 'express';
import { CsrfError, ForbiddenError, UnauthenticatedError } from '../../common/errors/domain-error.js';
import type { Principal } from '../../common/principal.js';
import { ApiTokensService } from '../api-tokens.service.js';
import { abilitiesOf, inGroup } from '../domain/access-policy.js';
import type { Role } from '../domain/roles.js';
import { ALLOW_PASSWORD_CHANGE_PENDING, PUBLIC_KEY, ROLES_KEY, TENANT_PARAM_KEY } from './auth.decorators.js';
import { wantsJson } from '../../common/filters/all-exceptions.filter.js';
import { PrincipalLookup, takeSessionPrincipal } from './principal-lookup.js';
import { assertTenantAccess } from './tenant-scope.js';
import { bearerToken, csrf, deferCsrfToMultipart, SAFE_METHODS } from './csrf.js';

export class PasswordChangeRequiredError extends ForbiddenError {
  constructor() {
    super('auth.mustChangePassword');
  }
}

/**
 * The one gate every route passes: CSRF for cookie-authenticated writes, then who is asking
 * (session or bearer token), then `@Public`, `@Roles` and `@TenantScoped`. A route with neither
 * `@Public` nor `@Roles` is refused.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly principals: PrincipalLookup,
    private readonly tokens: ApiTokensService,
  ) {}

  private meta<T>(key: string, ctx: ExecutionContext): T | undefined {
    return this.reflector.getAllAndOverride<T>(key, [ctx.getHandler(), ctx.getClass()]);
  }

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const req = ctx.switchToHttp().getRequest<Request>();
    const bearer = bearerToken(req);
    const principal = await this.identify(req, bearer);
    if (principal) {
      req.principal = principal;
      req.res!.locals.principal = principal;
      req.res!.locals.can = abilitiesOf(principal);
    }
    const isPublic = this.meta<boolean>(PUBLIC_KEY, ctx);
    // Who is asking comes first (401), then whether a cookie-borne write carries the session's token (403).
    // Only a token that authenticated spares the CSRF check: a bare or invalid Bearer header does not.
    if (!principal && !isPublic) throw new UnauthenticatedError();
    // A bearer API call has no session (app.setup), so no stored token: a write that its token did not authenticate is refused.
    if (principal?.via !== 'token' && !SAFE_METHODS.has(req.method) && !(req.session
      && (csrf.isRequestValid(req) || deferCsrfToMultipart(req, this.reflector.get<unknown[]>(INTERCEPTORS_METADATA, ctx.getHandler()))))) throw new CsrfError();
    if (isPublic) return true;
    if (!principal) throw new UnauthenticatedError();

    if (principal.mustChangePassword && principal.via === 'session' && !this.meta<boolean>(ALLOW_PASSWORD_CHANGE_PENDING, ctx)) {
      throw new PasswordChangeRequiredError();
    }
    // Fail closed: a route that names no role group is open to nobody (a test keeps every route decorated).
    const roles = this.meta<Role[]>(ROLES_KEY, ctx);
    if (!roles || !inGroup(principal, roles)) throw new ForbiddenError();

    const tenantParam = this.meta<string>(TENANT_PARAM_KEY, ctx);
    if (tenantParam) {
      const raw = req.params[tenantParam];
      assertTenantAccess(principal, /^\d+$/.test(String(raw)) ? Number(raw) : null);
    }
    return true;
  }

  private async identify(req: Request, bearer: string | null): Promise<Principal | null> {
    if (bearer) return this.tokens.resolve(bearer);
    const userId = req.session?.userId;
    if (!userId) return null;
    // Usually the session store has read the user already, with the session; otherwise one query.
    // Pages (a form shown again after a POST too) show the bell's unread count, which comes in the same round trip as the user.
    const withUnread = !wantsJson(req);
    const prefetched = takeSessionPrincipal(req, userId);
    const found = prefetched !== undefined ? prefetched : await this.principals.forSession(userId, withUnread);
    if (!found) {
      delete req.session.userId;
      return null;
    }
    if (withUnread && found.unread !== null) req.res!.locals.unreadCount = found.unread;
    return found.principal;
  }
}
