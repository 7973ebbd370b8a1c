import { NotFoundError } from '../../common/errors/domain-error.js';
import type { Principal } from '../../common/principal.js';
import { hiddenFrom } from '../domain/access-policy.js';

export { tenantFilterFor } from '../domain/access-policy.js';

/**
 * The check every service applies to a record that belongs to a tenant: tenant officers reach only
 * their own tenant's records; a miss looks exactly like a record that does not exist.
 */
export function assertTenantAccess(principal: Principal, tenantId: number | null | undefined): void {
  if (hiddenFrom(principal, tenantId)) throw new NotFoundError();
}
