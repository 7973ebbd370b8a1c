import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

/**
 * Work other contexts do when tenants join the active registry (registered, imported, or
 * reactivated), inside the same transaction — e.g. asking them to sign the conventions in force.
 * Tenants are named by USCC so a bulk import needs no ids back.
 */
export type TenantsJoinedHook = (manager: EntityManager, usccs: readonly string[], now: Date) => Promise<void>;

@Injectable()
export class TenantHooks {
  private readonly joinedHooks: TenantsJoinedHook[] = [];

  onJoined(hook: TenantsJoinedHook): void {
    this.joinedHooks.push(hook);
  }

  async joined(manager: EntityManager, usccs: readonly string[], now = new Date()): Promise<void> {
    if (!usccs.length) return;
    for (const hook of this.joinedHooks) await hook(manager, usccs, now);
  }
}
