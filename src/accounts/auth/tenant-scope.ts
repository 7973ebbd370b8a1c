import { NotFoundError } from '../../common/errors/domain-error.js';
import type { Principal } from '../../common/principal.js';

/**
 * The check every service applies to a record that belongs to a tenant: tenant officers reach only
 * their own tenant's records; a miss looks exactly like a record that does not exist.
 */
export function assertTenantAccess(principal: Principal, tenantId: number | null | undefined): void {
  if (principal.role === 'tenant_officer' && (tenantId === null || tenantId === undefined || principal.tenantId !== tenantId)) {
    throw new NotFoundError();
  }
}

/** The tenant filter a listing must apply for this principal, or null for roles that see every tenant. */
export function tenantFilterFor(principal: Principal): number | null {
  return principal.role === 'tenant_officer' ? (principal.tenantId ?? -1) : null;
}
