import type { Rulebook, ScoreGrade } from './rulebook.js';
import type { PriorMonth, ScoreResult } from './score-engine.js';

/**
 * The back-test of a proposed rulebook: for the last completed month ends, every active tenant's
 * grade under the version in force then and under the proposed one (each side remembering its own
 * previous months for the hysteresis), how many grades change per month, and a sample of the
 * tenants that change. Pure: the job feeds it results batch by batch.
 */

export const BACKTEST_MONTHS = 12;
/** Tenants listed by name in the result, at most. */
export const BACKTEST_SAMPLE = 200;
export const SCORE_GRADES: readonly ScoreGrade[] = ['A', 'B', 'C', 'D', 'M'];

export type GradeCounts = Record<ScoreGrade, number>;

export interface BacktestMonth {
  /** `YYYY-MM`. */
  month: string;
  /** The month's last day. */
  asOf: string;
  /** The version in force on `asOf`. */
  currentVersion: string;
  current: GradeCounts;
  proposed: GradeCounts;
  /** Tenants whose grade differs between the two. */
  changed: number;
}

export interface BacktestTenant {
  tenantId: number;
  name: string;
  /** One grade per month, in the order of `months`. */
  current: ScoreGrade[];
  proposed: ScoreGrade[];
}

export type BacktestResult =
  | {
    status: 'done';
    /** SHA-256 of the body it was computed for (an edited draft needs a new back-test). */
    bodySha256: string;
    months: BacktestMonth[];
    tenants: number;
    /** Tenants whose grade changes in at least one month. */
    tenantsChanged: number;
    /** Grade changes over all months. */
    changes: number;
    sample: BacktestTenant[];
  }
  | { status: 'failed'; bodySha256: string };

/** The last `count` completed months before `today`'s month, oldest first, with their last day. */
export function completedMonthEnds(today: string, count = BACKTEST_MONTHS): { month: string; asOf: string }[] {
  const [y, m] = today.split('-').map(Number);
  const out: { month: string; asOf: string }[] = [];
  for (let i = count; i >= 1; i--) {
    const index = y * 12 + (m - 1) - i;
    const year = Math.floor(index / 12);
    const month = (index % 12) + 1;
    const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
    const mm = String(month).padStart(2, '0');
    out.push({ month: `${year}-${mm}`, asOf: `${year}-${mm}-${String(last).padStart(2, '0')}` });
  }
  return out;
}

/**
 * What the pillars read of a rulebook when they produce facts: which item counts which fact, its
 * window, its tiers' names (P07's thresholds, P06's grades) and its parameters (P04's due date).
 * Two rulebooks with the same key get the same facts, so the back-test loads them once for both.
 */
export function factsKey(rb: Rulebook): string {
  return JSON.stringify(Object.values(rb.items)
    .map((i) => [i.code, i.fact ?? i.code, i.windowMonths ?? null, (i.tiers ?? []).map((t) => t.when), i.params ?? null])
    .sort((a, b) => String(a[0]).localeCompare(String(b[0]))));
}

/** A side's memory after a month: this month's result first, at most `keep` months. */
export function nextPrior(prior: readonly PriorMonth[], month: string, result: ScoreResult, keep: number): PriorMonth[] {
  return [{ month, score: result.total, grade: result.grade, bandGrade: result.bandGrade }, ...prior].slice(0, Math.max(1, keep));
}

const zero = (): GradeCounts => ({ A: 0, B: 0, C: 0, D: 0, M: 0 });

/** Adds up the grades as the job walks tenants in batches; `result()` once every batch is in. */
export class BacktestTally {
  private readonly current: GradeCounts[];
  private readonly proposed: GradeCounts[];
  private readonly changedPerMonth: number[];
  private tenants = 0;
  private tenantsChanged = 0;
  private readonly sample: Omit<BacktestTenant, 'name'>[] = [];

  constructor(private readonly months: readonly { month: string; asOf: string; currentVersion: string }[], private readonly sampleSize = BACKTEST_SAMPLE) {
    this.current = months.map(zero);
    this.proposed = months.map(zero);
    this.changedPerMonth = months.map(() => 0);
  }

  /** One tenant's grades, one per month in order, under both sides. */
  add(tenantId: number, current: readonly ScoreGrade[], proposed: readonly ScoreGrade[]): void {
    this.tenants++;
    let changed = false;
    this.months.forEach((_, i) => {
      this.current[i][current[i]]++;
      this.proposed[i][proposed[i]]++;
      if (current[i] !== proposed[i]) {
        this.changedPerMonth[i]++;
        changed = true;
      }
    });
    if (!changed) return;
    this.tenantsChanged++;
    if (this.sample.length < this.sampleSize) this.sample.push({ tenantId, current: [...current], proposed: [...proposed] });
  }

  /** Ids of the sampled tenants (for their names). */
  sampleIds(): number[] {
    return this.sample.map((s) => s.tenantId);
  }

  result(bodySha256: string, names: ReadonlyMap<number, string>): BacktestResult {
    return {
      status: 'done',
      bodySha256,
      months: this.months.map((m, i) => ({ ...m, current: this.current[i], proposed: this.proposed[i], changed: this.changedPerMonth[i] })),
      tenants: this.tenants,
      tenantsChanged: this.tenantsChanged,
      changes: this.changedPerMonth.reduce((a, b) => a + b, 0),
      sample: this.sample.map((s) => ({ ...s, name: names.get(s.tenantId) ?? `#${s.tenantId}` })),
    };
  }
}
