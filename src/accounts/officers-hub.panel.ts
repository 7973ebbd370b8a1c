import { Injectable } from '@nestjs/common';
import type { Principal } from '../common/principal.js';
import { HubPanel } from '../tenants/hub-panels.js';
import { canReadTenant, isAdmin } from './domain/access-policy.js';
import { UsersQueries } from './users.queries.js';

/** The tenant hub's officers panel: who speaks for the tenant; admins can add one. */
@Injectable()
export class OfficersHubPanel {
  constructor(private readonly users: UsersQueries) {}

  @HubPanel({ partial: 'hub-officers', order: 0, half: true })
  async load(tenantId: number, principal: Principal): Promise<Record<string, unknown> | null> {
    if (!canReadTenant(principal, tenantId)) return null;
    return { tenantId, officers: await this.users.officersOfTenant(tenantId), canAdd: isAdmin(principal) };
  }
}
