import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import type { Role } from '../accounts/domain/roles.js';

/** Who is asking: set by the auth guard from the session or a bearer token. */
export interface Principal {
  userId: number;
  email: string;
  name: string;
  role: Role;
  tenantId: number | null;
  departmentId: number | null;
  institutionId: number | null;
  locale: string | null;
  via: 'session' | 'token';
  mustChangePassword: boolean;
}

/** The actor recorded in the audit log for a change. */
export interface Actor {
  userId: number | null;
  label: string;
  ip: string | null;
}

export function actorOf(principal: Principal, req: Request): Actor {
  return { userId: principal.userId, label: principal.email, ip: req.ip ?? null };
}

export const CurrentPrincipal = createParamDecorator((_: unknown, ctx: ExecutionContext): Principal => {
  return ctx.switchToHttp().getRequest<Request>().principal as Principal;
});

/** The audit actor for this request (requires an authenticated route). */
export const CurrentActor = createParamDecorator((_: unknown, ctx: ExecutionContext): Actor => {
  const req = ctx.switchToHttp().getRequest<Request>();
  return actorOf(req.principal as Principal, req);
});

declare module 'express-serve-static-core' {
  interface Request {
    principal?: Principal;
  }
}
declare module 'express-session' {
  interface SessionData {
    userId?: number;
    flash?: { kind: 'success' | 'error' | 'info'; key: string; params?: Record<string, string | number> }[];
    importFile?: { id: string; name: string; kind: 'csv' | 'xlsx' };
  }
}
