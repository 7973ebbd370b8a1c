import { Injectable } from '@nestjs/common';
import type { CreditStatus } from '../domain/measure-eligibility.rules.js';
import type { ListKind } from '../domain/list-kinds.js';

/** A tenant's credit standing on a day: its lists, its latest published grade and score, its open findings. */
export interface TenantCreditStatus extends CreditStatus {
  tenantId: number;
  /** Latest published score, or null. */
  score: number | null;
  /** The as-of day of the published month the grade and score come from, or null. */
  asOf: string | null;
  lists: ListKind[];
}

/**
 * A tenant's credit standing, set-based, for the joint check, the 信易+ eligibility, the hub and the
 * public pages: the lists it is on (this context's table), its latest published grade and score
 * (scoring's exported query) and its open findings (findings' exported query: N04, N05, N06 today).
 * IMPLEMENTED BY THE JOINT-CHECKS PART (see /tmp/issue13-design.md).
 */
@Injectable()
export class CreditStatusService {
  /** Every requested tenant has an entry. `on` is a park day. */
  async statusOf(tenantIds: readonly number[], on: string): Promise<Map<number, TenantCreditStatus>> {
    void on;
    return new Map(tenantIds.map((tenantId) => [tenantId, { tenantId, lists: [], grade: null, score: null, asOf: null, openFindings: 0 }]));
  }

  /** The lists each tenant is on on the park day `on` (active entries with startsOn ≤ on < plannedEndOn / endedOn). */
  async listsOf(tenantIds: readonly number[], on: string): Promise<Map<number, ListKind[]>> {
    void on;
    return new Map(tenantIds.map((id) => [id, []]));
  }
}
