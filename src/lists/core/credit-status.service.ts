import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { chunk } from '../../common/chunk.js';
import { FindingsService } from '../../findings/core/findings.service.js';
import { ScoreHistoryQueries } from '../../scoring/core/score-history.queries.js';
import { TenantsQueries } from '../../tenants/tenants.queries.js';
import type { ScoreGrade } from '../../scoring/domain/rulebook.js';
import type { CreditStatus } from '../domain/measure-eligibility.rules.js';
import { driverQuery } from '../../database/driver-query.js';
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

/** A tenant found by USCC with its standing (standingByUscc): `maybeOpenFindings` false means it has no open finding. */
export interface UsccStanding {
  tenant: { id: number; uscc: string; name: string };
  status: TenantCreditStatus;
  maybeOpenFindings: boolean;
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
  /** The joint check's statement on the driver's pool (see driverQuery). */
  private readonly hotQuery: ReturnType<typeof driverQuery>;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly history: ScoreHistoryQueries,
    private readonly findings: FindingsService,
    private readonly tenants: TenantsQueries,
  ) {
    this.hotQuery = driverQuery(dataSource);
  }

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

  /**
   * The tenants with these (normalised) USCCs, each with its lists on the park day `on` and its standing in the last
   * published month, in one statement for all of them (the joint check's read: one round trip instead of the tenant's,
   * then the lists' and the standing's). Open findings are not read (0). The same conditions as `listsOf` and
   * ScoreHistoryQueries.publishedStanding: it reads the registry's and the published month's rows by their unique keys
   * (tenants.uscc, score_snapshots (monthId, tenantId)), with the month from scoring's cached lastPublishedMonth.
   * Open findings are not counted (0), but `maybeOpenFindings` says whether the tenant has a finding that may be open
   * that day (findings' exported EXISTS on its (tenantId, decisionDate) index): false means none, so only the few
   * tenants with one need openFindingCounts after. Unknown codes are absent.
   */
  async standingByUscc(codes: readonly string[], on: string): Promise<Map<string, UsccStanding>> {
    const unique = [...new Set(codes)];
    const out = new Map<string, UsccStanding>();
    if (!unique.length) return out;
    const last = await this.history.lastPublishedMonth();
    const maybeOpen = this.findings.maybeOpenFindingSql('t.id');
    for (const part of chunk(unique, CHUNK)) {
      // One statement: the registry's, scoring's and findings' parts are their owners' statement texts, joined here by tenant id.
      const rows = (await this.hotQuery(
        `SELECT t.id, t.uscc, t.name, ${last ? 's.tenantId AS snapshot, s.score, s.grade' : 'NULL AS snapshot, NULL AS score, NULL AS grade'},
           (SELECT GROUP_CONCAT(DISTINCT e.list) FROM list_entries e WHERE e.tenantId = t.id AND e.status IN ('active', 'ended')
             AND e.startsOn <= ? AND COALESCE(e.endedOn, e.plannedEndOn) > ?) AS lists,
           ${maybeOpen.sql} AS maybeOpen
         FROM (${this.tenants.byUsccSql(part.length)}) t${last ? ` LEFT JOIN (${this.history.monthStandingSql()}) s ON s.tenantId = t.id` : ''}`,
        [on, on, ...maybeOpen.params(on), ...part, ...(last ? [last.id] : [])],
      )) as {
        id: number | string; uscc: string; name: string; snapshot: number | string | null; score: number | string | null; grade: ScoreGrade | null;
        lists: string | null; maybeOpen: number | string | boolean | null;
      }[];
      for (const r of rows) {
        const tenantId = Number(r.id);
        const lists = (r.lists ? r.lists.split(',') : []) as ListKind[];
        if (lists.length > 1) lists.sort((a, b) => ORDER.get(a)! - ORDER.get(b)!);
        const graded = r.snapshot !== null && r.snapshot !== undefined;
        out.set(r.uscc, {
          tenant: { id: tenantId, uscc: r.uscc, name: r.name },
          maybeOpenFindings: r.maybeOpen === true || Number(r.maybeOpen) === 1,
          status: { tenantId, lists, grade: graded ? r.grade : null, score: graded ? Number(r.score) : null, asOf: graded ? last!.asOf : null, openFindings: 0 },
        });
      }
    }
    return out;
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
