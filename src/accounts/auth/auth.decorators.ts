import { SetMetadata } from '@nestjs/common';
import type { Role } from '../domain/roles.js';

export const PUBLIC_KEY = 'parktrust:public';
export const ROLES_KEY = 'parktrust:roles';
export const TENANT_PARAM_KEY = 'parktrust:tenant-param';
export const ALLOW_PASSWORD_CHANGE_PENDING = 'parktrust:allow-pending';

/** No login needed (login page, health probes, public pages). */
export const Public = () => SetMetadata(PUBLIC_KEY, true);

/**
 * Only these roles: name a group of the access policy (`@Roles(...READERS)`); an admin also passes
 * `park_staff`. A route with neither `@Roles` nor `@Public` is refused to everyone.
 */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES_KEY, roles);

/**
 * The route parameter `param` is a tenant id: a tenant officer passes only for their own tenant
 * (and gets 404 otherwise, so other tenants' ids reveal nothing).
 */
export const TenantScoped = (param = 'id') => SetMetadata(TENANT_PARAM_KEY, param);

/** Reachable while the user still has to replace a temporary password. */
export const AllowWhilePasswordChangePending = () => SetMetadata(ALLOW_PASSWORD_CHANGE_PENDING, true);
