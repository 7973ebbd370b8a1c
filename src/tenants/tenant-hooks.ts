import { Injectable } from '@nestjs/common';
import { In, type EntityManager } from 'typeorm';
import { defineContribution } from '../common/contributions/contribution.js';
import { ContributionRegistry } from '../common/contributions/contribution-registry.js';
import { TenantEntity } from './entities/tenant.entity.js';

/** Codes per `uscc IN (...)` lookup. */
const LOOKUP_CHUNK = 1000;

/**
 * Work another context does when tenants join the active registry (registered, imported, or
 * reactivated), inside the same transaction — e.g. asking them to sign the conventions in force.
 */
export type TenantsJoinedFn = (manager: EntityManager, tenantIds: readonly number[], now: Date) => Promise<void>;

export const TENANTS_JOINED = defineContribution<string, TenantsJoinedFn>({ name: 'tenants-joined hook', key: (name) => name });

/** Marks a method that runs, in the registry's transaction, when tenants join; the name says what it does. */
export const OnTenantsJoined = TENANTS_JOINED.decorator;

/** Runs every context's tenants-joined work for the active tenants among those named by USCC. */
@Injectable()
export class TenantHooks {
  constructor(private readonly contributions: ContributionRegistry) {}

  async joined(manager: EntityManager, usccs: readonly string[], now = new Date()): Promise<void> {
    const hooks = this.contributions.of(TENANTS_JOINED);
    if (!usccs.length || !hooks.length) return;
    const ids: number[] = [];
    for (let i = 0; i < usccs.length; i += LOOKUP_CHUNK) {
      const rows = await manager.getRepository(TenantEntity).find({
        select: { id: true }, where: { uscc: In(usccs.slice(i, i + LOOKUP_CHUNK)), status: 'active' },
      });
      ids.push(...rows.map((r) => r.id));
    }
    if (!ids.length) return;
    ids.sort((a, b) => a - b);
    for (const hook of hooks) await hook.fn(manager, ids, now);
  }
}
