/**
 * The year's result (分年度累计): a tenant's annual score is the mean of its scores in the year's
 * published months (after errata), ranked densely from the highest; the red-list nomination asks for
 * an annual score of at least the rulebook's `nomination.minAnnual`, no negative-list item in any
 * published month of the year, and no open finding now. Means are compared exactly (as fractions),
 * so 90 over 3 months and 90 over 12 rank the same and 89.99… never passes a threshold of 90. Pure.
 */
export interface AnnualTotals {
  tenantId: number;
  /** Sum of the tenant's scores over the year's published months it has a snapshot in. */
  scoreSum: number;
  /** How many of the year's published months count for it. */
  months: number;
  /** How many of those months have at least one negative-list contribution. */
  negativeMonths: number;
}

export interface RankedAnnual extends AnnualTotals {
  /** Dense rank: 1 for the highest annual score, equal scores share a rank, the next score takes the next number. */
  rank: number;
  annualScore: number;
}

/** Years a request may ask for. */
export const FIRST_YEAR = 2000;
export const LAST_YEAR = 2100;

/** The rules whose facts mean an open finding today: unrepaired finding in its publicity period, overdue rectification, abnormal-operations listing. */
export const OPEN_FINDING_RULES: readonly string[] = ['N04', 'N05', 'N06'];

/** The mean rounded half up to two decimals (scores are never negative); 0 months → 0. */
export function annualScore(scoreSum: number, months: number): number {
  if (months <= 0) return 0;
  return Math.floor((scoreSum * 200 + months) / (2 * months)) / 100;
}

/** Highest mean first (compared exactly), then by tenant id. */
export function compareAnnual(a: AnnualTotals, b: AnnualTotals): number {
  return b.scoreSum * a.months - a.scoreSum * b.months || a.tenantId - b.tenantId;
}

/**
 * The ranking over columns (index i: tenant ids[i] with sums[i] over months[i]): the indexes of the
 * rows with at least one month in rank order (highest mean first, compared exactly, then tenant id),
 * and the dense rank at each position. Typed arrays, so 200,000 tenants rank in one sort.
 */
export function rankOrder(ids: ArrayLike<number>, sums: ArrayLike<number>, months: ArrayLike<number>): { order: Int32Array; ranks: Int32Array } {
  const kept: number[] = [];
  for (let i = 0; i < ids.length; i++) if (months[i] > 0) kept.push(i);
  const order = Int32Array.from(kept).sort((a, b) => sums[b] * months[a] - sums[a] * months[b] || ids[a] - ids[b]);
  const ranks = new Int32Array(order.length);
  let rank = 0;
  for (let p = 0; p < order.length; p++) {
    const i = order[p];
    const j = p > 0 ? order[p - 1] : -1;
    if (j < 0 || sums[i] * months[j] !== sums[j] * months[i]) rank++;
    ranks[p] = rank;
  }
  return { order, ranks };
}

/** The tenants in rank order with their dense rank and rounded annual score; rows without a month are left out. */
export function rankAnnual(rows: readonly AnnualTotals[]): RankedAnnual[] {
  const { order, ranks } = rankOrder(rows.map((r) => r.tenantId), rows.map((r) => r.scoreSum), rows.map((r) => r.months));
  return Array.from(order, (i, p) => ({ ...rows[i], rank: ranks[p], annualScore: annualScore(rows[i].scoreSum, rows[i].months) }));
}

/** The year's own criteria (the open-finding test comes from today's facts): mean ≥ minAnnual exactly, no month with a negative item. */
export function meetsAnnualCriteria(row: AnnualTotals, minAnnual: number): boolean {
  return row.months > 0 && row.scoreSum >= minAnnual * row.months && row.negativeMonths === 0;
}

/** Which open-finding rules the facts hold, each once, in code order. */
export function openFindingRules(facts: readonly { rule: string }[]): string[] {
  return [...new Set(facts.map((f) => f.rule).filter((r) => OPEN_FINDING_RULES.includes(r)))].sort();
}

/** A year a request may name: an integer in [FIRST_YEAR, LAST_YEAR]. */
export function isScoreYear(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= FIRST_YEAR && value <= LAST_YEAR;
}

/** The `YYYY-MM` bounds of a year's months (score_months.month compares as text). */
export function yearMonthBounds(year: number): { from: string; to: string } {
  return { from: `${year}-01`, to: `${year}-12` };
}

/** The year's last day, on which the rulebook that sets the nomination threshold is read. */
export function yearEnd(year: number): string {
  return `${year}-12-31`;
}
