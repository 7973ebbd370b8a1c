import { Injectable } from '@nestjs/common';
import { In, type EntityManager } from 'typeorm';
import { defineContribution } from '../common/contributions/contribution.js';
import { ContributionRegistry } from '../common/contributions/contribution-registry.js';
import type { AfterCommit } from '../database/unit-of-work.js';
import type { TenantStatus } from './domain/tenant-status.js';
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

export interface TenantStatusChange {
  tenantIds: readonly number[];
  /** The status the tenants now have (or would have). */
  status: TenantStatus;
  now: Date;
  /** false: only say what would happen (the confirmation page); nothing is written. */
  apply: boolean;
  /** Work to run once the change has committed (notices); null when nothing is applied. */
  afterCommit: AfterCommit | null;
}

/** One consequence of a status change in words: a catalogue key and its parameters ("3 signing obligations will be cancelled"). */
export interface StatusConsequence {
  key: string;
  params: Record<string, string | number>;
}

/**
 * Work another context does when tenants change status (suspended, moved out, reactivated, a change
 * reversed), inside the registry's transaction; the same method, with `apply: false`, tells the
 * confirmation page what would follow, so what staff are told and what happens cannot drift apart.
 */
export type TenantStatusChangedFn = (manager: EntityManager, change: TenantStatusChange) => Promise<StatusConsequence[]>;

export const TENANT_STATUS_CHANGED = defineContribution<string, TenantStatusChangedFn>({ name: 'tenant-status hook', key: (name) => name });

/** Marks a method that follows tenants' status changes; the name says what it does. */
export const OnTenantStatusChanged = TENANT_STATUS_CHANGED.decorator;

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

  /** Every context's work when these tenants took `status`, in the caller's transaction; what each did. */
  async statusChanged(manager: EntityManager, afterCommit: AfterCommit, tenantIds: readonly number[], status: TenantStatus, now = new Date()): Promise<StatusConsequence[]> {
    return this.runStatusHooks(manager, { tenantIds, status, now, apply: true, afterCommit });
  }

  /** What the status change would do in other contexts, without doing it. */
  async statusConsequences(manager: EntityManager, tenantIds: readonly number[], status: TenantStatus, now = new Date()): Promise<StatusConsequence[]> {
    return this.runStatusHooks(manager, { tenantIds, status, now, apply: false, afterCommit: null });
  }

  private async runStatusHooks(manager: EntityManager, change: TenantStatusChange): Promise<StatusConsequence[]> {
    if (!change.tenantIds.length) return [];
    const out: StatusConsequence[] = [];
    for (const hook of this.contributions.of(TENANT_STATUS_CHANGED)) out.push(...(await hook.fn(manager, change)));
    return out;
  }
}
