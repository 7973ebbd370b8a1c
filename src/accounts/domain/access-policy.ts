import { ROLES, roleSatisfies, type Role } from './roles.js';

/**
 * The one authorization policy. Route decorators (`@Roles(...)`) name one of the role groups
 * below, and every check inside a service or a page asks one of the predicates below: nowhere
 * else does code compare a role by hand. Pure: no framework.
 */

/** The part of a principal the policy reads. */
export interface Asker {
  role: Role;
  tenantId: number | null;
}

/** Park management: drafts, records and runs the park's processes (an admin passes too). */
export const MANAGERS: readonly Role[] = ['park_staff'];
/** Park management and regulators: read every tenant's records. */
export const READERS: readonly Role[] = ['park_staff', 'regulator'];
/** Readers plus a tenant's own officers (who then reach only their own tenant). */
export const TENANT_READERS: readonly Role[] = ['park_staff', 'regulator', 'tenant_officer'];
/** System administration only. */
export const ADMINS: readonly Role[] = ['admin'];
/** Anyone logged in, whatever the role (their own notices, account, password). */
export const EVERYONE: readonly Role[] = ROLES;

/** Park staff or an admin: may change records of the park's processes. */
export function isManager(a: Asker): boolean {
  return roleSatisfies(a.role, MANAGERS);
}

/** Staff, admins and regulators: read every tenant's records. */
export function readsEveryTenant(a: Asker): boolean {
  return roleSatisfies(a.role, READERS);
}

/** A tenant officer of exactly this tenant. */
export function isOfficerOf(a: Asker, tenantId: number | null | undefined): boolean {
  return a.role === 'tenant_officer' && a.tenantId !== null && tenantId !== null && tenantId !== undefined && a.tenantId === tenantId;
}

/** May read a record that belongs to this tenant. */
export function canReadTenant(a: Asker, tenantId: number | null | undefined): boolean {
  return readsEveryTenant(a) || isOfficerOf(a, tenantId);
}

/**
 * The tenant filter a listing must apply: an officer's own tenant (or -1, nothing, when unbound),
 * or null for roles that see every tenant.
 */
export function tenantFilterFor(a: Asker): number | null {
  return a.role === 'tenant_officer' ? (a.tenantId ?? -1) : null;
}

/** True when a record of `tenantId` must look like a missing record to this asker. */
export function hiddenFrom(a: Asker, tenantId: number | null | undefined): boolean {
  return a.role === 'tenant_officer' && !isOfficerOf(a, tenantId);
}
