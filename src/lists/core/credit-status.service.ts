import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { chunk } from '../../common/chunk.js';
import { FindingsService } from '../../findings/core/findings.service.js';
import { ScoreHistoryQueries } from '../../scoring/core/score-history.queries.js';
import type { CreditStatus } from '../domain/measure-eligibility.rules.js';
import { LIST_KINDS, type ListKind } from '../domain/list-kinds.js';

/** A tenant's credit standing on a day: its lists, its latest published grade and score, its open findings. */
export interface TenantCreditStatus extends CreditStatus {
  tenantId: number;
  /** Latest published score, or null. */
  score: number | null;
  /** The as-of day of the published month the grade and score come from, or null. */
  asOf: string | null;
  lists: ListKind[];
}

/** Tenants per IN (…) list. */
const CHUNK = 1000;
const ORDER = new Map<string, number>(LIST_KINDS.map((l, i) => [l, i]));

/**
 * A tenant's credit standing, set-based, for the joint check, the 信易+ eligibility, the hub and the
 * public pages: the lists it is on (this context's table), its latest published grade and score
 * (scoring's exported query) and its open findings (findings' exported query: N04, N05, N06 that day).
 * The three reads are independent and run at the same time.
 */
@Injectable()
export class CreditStatusService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly history: ScoreHistoryQueries,
    private readonly findings: FindingsService,
  ) {}

  /**
   * Every requested tenant has an entry. `on` is a park day. `openFindings: false` skips the findings
   * read (they are then 0) for a caller that judges no condition on them (the joint check, when no
   * measure of the purpose asks for "no open finding").
   */
  async statusOf(tenantIds: readonly number[], on: string, options: { openFindings?: boolean } = {}): Promise<Map<number, TenantCreditStatus>> {
    const ids = [...new Set(tenantIds)];
    if (!ids.length) return new Map();
    const [lists, standing, open] = await Promise.all([
      this.listsOf(ids, on), this.history.publishedStanding(ids),
      options.openFindings === false ? Promise.resolve(new Map<number, number>()) : this.findings.openFindingCounts(ids, on),
    ]);
    return new Map(ids.map((tenantId) => {
      const s = standing.get(tenantId);
      return [tenantId, {
        tenantId, lists: lists.get(tenantId) ?? [], grade: s?.grade ?? null, score: s?.score ?? null, asOf: s?.asOf ?? null,
        openFindings: open.get(tenantId) ?? 0,
      }];
    }));
  }

  /** Each tenant's open findings on the park day `on` (0 when none), for a caller that read the rest without them. */
  openFindingCounts(tenantIds: readonly number[], on: string): Promise<Map<number, number>> {
    return this.findings.openFindingCounts([...new Set(tenantIds)], on);
  }

  /**
   * The lists each tenant is on on the park day `on`: entries that took effect (active, or ended since)
   * with startsOn ≤ on < (endedOn ?? plannedEndOn), in the order red, black, watch. Every requested tenant
   * has an entry (empty when on none). One query per 1,000 tenants on (tenantId, status).
   */
  async listsOf(tenantIds: readonly number[], on: string): Promise<Map<number, ListKind[]>> {
    const ids = [...new Set(tenantIds)];
    const out = new Map<number, ListKind[]>(ids.map((id) => [id, []]));
    for (const part of chunk(ids, CHUNK)) {
      // A raw statement: the joint check reads it on every call, and query building costs more than the query.
      const rows = (await this.dataSource.query(
        `SELECT tenantId, list FROM list_entries WHERE tenantId IN (${part.map(() => '?').join(', ')}) AND status IN ('active', 'ended')
         AND startsOn <= ? AND COALESCE(endedOn, plannedEndOn) > ?`,
        [...part, on, on],
      )) as { tenantId: number | string; list: ListKind }[];
      for (const r of rows) {
        const lists = out.get(Number(r.tenantId));
        if (lists && !lists.includes(r.list)) lists.push(r.list);
      }
    }
    for (const lists of out.values()) if (lists.length > 1) lists.sort((a, b) => ORDER.get(a)! - ORDER.get(b)!);
    return out;
  }

  /**
   * The tenants on `list` on the park day `on` (the same condition as `listsOf`), ascending id: one
   * statement over IDX_list_entries_list_status, whatever the park's size (the sampling frame's targeted tenants).
   */
  async tenantsOnList(list: ListKind, on: string): Promise<number[]> {
    const rows = (await this.dataSource.query(
      `SELECT DISTINCT tenantId FROM list_entries WHERE list = ? AND status IN ('active', 'ended') AND startsOn <= ? AND COALESCE(endedOn, plannedEndOn) > ?
       ORDER BY tenantId`,
      [list, on, on],
    )) as { tenantId: number | string }[];
    return rows.map((r) => Number(r.tenantId));
  }
}
