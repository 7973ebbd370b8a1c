import type { ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { ForbiddenError, UnauthenticatedError } from '../../common/errors/domain-error.js';
import type { Principal } from '../../common/principal.js';
import type { ApiTokensService } from '../api-tokens.service.js';
import { EVERYONE, MANAGERS, READERS } from '../domain/access-policy.js';
import type { Role } from '../domain/roles.js';
import { Public, Roles } from './auth.decorators.js';
import { AuthGuard } from './auth.guard.js';
import type { PrincipalLookup } from './principal-lookup.js';

class Routes {
  @Public() open(): void {}
  @Roles(...READERS) readers(): void {}
  @Roles(...EVERYONE) anyone(): void {}
  forgotten(): void {}
}

@Roles(...MANAGERS)
class ManagersRoutes {
  inherited(): void {}
  @Roles(...READERS) widened(): void {}
}

function principal(role: Role): Principal {
  return { userId: 1, email: 'a@b.cn', name: 'A', role, tenantId: null, departmentId: null, institutionId: null, locale: null, via: 'token', mustChangePassword: false };
}

/** A GET request for `handler` of `cls`, carrying a bearer token when someone is asking. */
function context(cls: new () => object, handler: string, asking: boolean): ExecutionContext {
  const req = { method: 'GET', headers: asking ? { authorization: 'Bearer t' } : {}, params: {}, res: { locals: {} } } as unknown as Request;
  return {
    getHandler: () => (cls.prototype as Record<string, unknown>)[handler],
    getClass: () => cls,
    switchToHttp: () => ({ getRequest: () => req }),
  } as unknown as ExecutionContext;
}

function guardFor(role: Role | null): AuthGuard {
  const tokens = { resolve: async () => (role ? principal(role) : null) } as unknown as ApiTokensService;
  return new AuthGuard(new Reflector(), {} as PrincipalLookup, tokens);
}

async function outcome(role: Role | null, cls: new () => object, handler: string): Promise<string> {
  try {
    return String(await guardFor(role).canActivate(context(cls, handler, role !== null)));
  } catch (err) {
    if (err instanceof UnauthenticatedError) return '401';
    if (err instanceof ForbiddenError) return '403';
    throw err;
  }
}

describe('AuthGuard', () => {
  it.each<[string, string, new () => object, string, Role | null]>([
    ['@Public, nobody asking', 'true', Routes, 'open', null],
    ['@Public, logged in', 'true', Routes, 'open', 'evaluator'],
    ['@Roles(READERS), nobody asking', '401', Routes, 'readers', null],
    ['@Roles(READERS), regulator', 'true', Routes, 'readers', 'regulator'],
    ['@Roles(READERS), admin through park_staff', 'true', Routes, 'readers', 'admin'],
    ['@Roles(READERS), evaluator', '403', Routes, 'readers', 'evaluator'],
    ['@Roles(EVERYONE), evaluator', 'true', Routes, 'anyone', 'evaluator'],
    // Fail closed: a route nobody decorated is refused to every role, admin included.
    ['no decorator, nobody asking', '401', Routes, 'forgotten', null],
    ['no decorator, admin', '403', Routes, 'forgotten', 'admin'],
    ['no decorator, park_staff', '403', Routes, 'forgotten', 'park_staff'],
    ['no decorator, evaluator', '403', Routes, 'forgotten', 'evaluator'],
    ['class @Roles(MANAGERS), park_staff', 'true', ManagersRoutes, 'inherited', 'park_staff'],
    ['class @Roles(MANAGERS), regulator', '403', ManagersRoutes, 'inherited', 'regulator'],
    ['method @Roles(READERS) overrides the class, regulator', 'true', ManagersRoutes, 'widened', 'regulator'],
  ])('%s → %s', async (_name, expected, cls, handler, role) => {
    expect(await outcome(role, cls, handler)).toBe(expected);
  });
});
