import type { TaskResult } from './sampling-kinds.js';

/**
 * How well a draw (or a programme's draws) found problems: per grade stratum and for targeted tasks
 * the tasks, results recorded and hits, and the Horvitz–Thompson estimate of the violation rate
 * among the frame's tenants, with what a uniform random sample of the same size would be expected
 * to find. Pure: no framework.
 *
 * Conventions:
 * - a hit is a recorded result `problems` or `not_found`; tasks with no result yet are counted as
 *   unrecorded and left out of every rate;
 * - in a grade stratum h of a draw, π = n_h / N_h (tasks drawn / stratum members). Results still
 *   missing would bias the estimate down, so each recorded task weighs N_h / m_h (m_h recorded):
 *   the same as 1/π once every task is recorded, and otherwise the usual reweighting that treats
 *   the missing results like the recorded ones of the stratum;
 * - targeted tenants are all inspected (π = 1): no sampling error once every result is in; before
 *   that, their recorded results stand for the rest like a stratum's (weight N_T / m_T);
 * - the variance of a stratum's total is N_h²(1 − m_h/N_h)s_h²/m_h (stratified simple random sampling
 *   without replacement); a stratum with fewer than two recorded results (and not inspected in full)
 *   gives no interval: "not enough data";
 * - a programme pools its draws: the estimated violators of every draw over the members of every
 *   frame (each draw is a separate frame), variances added (draws are drawn independently).
 */

export const EFFECTIVENESS_STRATA = ['A', 'B', 'C', 'D', 'T'] as const;
export type EffectivenessStratum = (typeof EFFECTIVENESS_STRATA)[number];

/** z for a two-sided 95 % interval. */
export const Z95 = 1.959963984540054;

/** The counts of one draw, as the effectiveness service reads them (GROUP BY). */
export interface DrawCounts {
  drawId: number;
  /** Frame members per stratum (grade strata A–D and T for targeted); missing: 0. */
  population: Partial<Record<EffectivenessStratum, number>>;
  /** Tasks per stratum and result (null: not recorded yet). */
  tasks: { stratum: EffectivenessStratum; result: TaskResult | null; count: number }[];
}

export interface StratumEffectiveness {
  stratum: EffectivenessStratum;
  /** Frame members (N_h); never below the tasks drawn. */
  population: number;
  /** Tasks drawn (n_h). */
  tasks: number;
  /** Tasks with a result (m_h). */
  recorded: number;
  unrecorded: number;
  clean: number;
  problems: number;
  notFound: number;
  /** problems + not_found. */
  hits: number;
  /** hits / recorded; null with nothing recorded. */
  hitRate: number | null;
  /** Each member's chance to be drawn: n_h / N_h (1 for targeted); null for an empty stratum. */
  inclusionProbability: number | null;
  /** Estimated violators among the stratum's members: N_h × hits / m_h; null with nothing recorded. */
  estimatedViolators: number | null;
  /** Variance of that estimate; null when not enough data. */
  variance: number | null;
  /** False when the stratum has members but fewer than two recorded results (and was not inspected in full). */
  enoughData: boolean;
}

export interface RateEstimate {
  /** Frame members in strata and targeted (N). */
  population: number;
  /** Σ over strata of the estimated violators (strata with nothing recorded count none: see `uncovered`). */
  estimatedViolators: number;
  /** estimatedViolators / population; null for an empty frame or with no result recorded. */
  rate: number | null;
  /** Approximate 95 % interval of the rate, clamped to [0, 1]; null when some stratum has not enough data. */
  interval: { low: number; high: number } | null;
  /** Strata with members but no recorded result: the estimate knows nothing of them. */
  uncovered: EffectivenessStratum[];
  /** Strata with members but fewer than two recorded results (not inspected in full). */
  notEnoughData: EffectivenessStratum[];
}

export interface UniformComparison {
  /** Recorded tasks (the sample the hits come from). */
  sampleSize: number;
  actualHits: number;
  /** sampleSize × the estimated rate: what drawing the same number of tenants uniformly would be expected to find. */
  uniformExpectedHits: number | null;
  /** actualHits / uniformExpectedHits: above 1, risk targeting found more than chance would; null when nothing was expected. */
  lift: number | null;
}

export interface EffectivenessReport {
  /** A–D then T, always five rows. */
  strata: StratumEffectiveness[];
  /** The four grade strata and targeted together. */
  total: Omit<StratumEffectiveness, 'stratum' | 'inclusionProbability' | 'variance' | 'enoughData'>;
  estimate: RateEstimate;
  uniform: UniformComparison;
  /** Draws counted (1 for a draw). */
  draws: number;
}

const rate = (a: number, b: number): number | null => (b > 0 ? a / b : null);

function stratumOf(stratum: EffectivenessStratum, population: number, tasks: DrawCounts['tasks']): StratumEffectiveness {
  let n = 0;
  let clean = 0;
  let problems = 0;
  let notFound = 0;
  for (const t of tasks) {
    if (t.stratum !== stratum || t.count <= 0) continue;
    n += t.count;
    if (t.result === 'clean') clean += t.count;
    else if (t.result === 'problems') problems += t.count;
    else if (t.result === 'not_found') notFound += t.count;
  }
  const N = Math.max(population, n);
  const m = clean + problems + notFound;
  const hits = problems + notFound;
  const census = m > 0 && m >= N;
  const enoughData = N === 0 || census || m >= 2;
  let variance: number | null = null;
  if (N === 0 || census) variance = 0;
  else if (m >= 2) {
    const p = hits / m;
    const s2 = (p * (1 - p) * m) / (m - 1);
    variance = (N * N * (1 - m / N) * s2) / m;
  }
  return {
    stratum, population: N, tasks: n, recorded: m, unrecorded: n - m, clean, problems, notFound, hits,
    hitRate: rate(hits, m),
    inclusionProbability: N > 0 ? (stratum === 'T' ? 1 : n / N) : null,
    estimatedViolators: m > 0 ? (N * hits) / m : N === 0 ? 0 : null,
    variance,
    enoughData,
  };
}

/** Adds strata of the same code (a programme's draws). */
function addStrata(a: StratumEffectiveness, b: StratumEffectiveness): StratumEffectiveness {
  const population = a.population + b.population;
  const tasks = a.tasks + b.tasks;
  const recorded = a.recorded + b.recorded;
  const hits = a.hits + b.hits;
  const estimatedViolators = a.estimatedViolators === null && b.estimatedViolators === null ? null : (a.estimatedViolators ?? 0) + (b.estimatedViolators ?? 0);
  return {
    stratum: a.stratum, population, tasks, recorded, unrecorded: a.unrecorded + b.unrecorded,
    clean: a.clean + b.clean, problems: a.problems + b.problems, notFound: a.notFound + b.notFound, hits,
    hitRate: rate(hits, recorded),
    // Over several frames: the share of frame memberships that were drawn.
    inclusionProbability: population > 0 ? tasks / population : null,
    estimatedViolators,
    variance: a.variance === null || b.variance === null ? null : a.variance + b.variance,
    enoughData: a.enoughData && b.enoughData,
  };
}

function report(strata: StratumEffectiveness[], expectedByDraw: number[], draws: number): EffectivenessReport {
  const sum = (f: (s: StratumEffectiveness) => number) => strata.reduce((acc, s) => acc + f(s), 0);
  const population = sum((s) => s.population);
  const recorded = sum((s) => s.recorded);
  const hits = sum((s) => s.hits);
  const estimatedViolators = sum((s) => s.estimatedViolators ?? 0);
  const uncovered = strata.filter((s) => s.population > 0 && s.recorded === 0).map((s) => s.stratum);
  const notEnoughData = strata.filter((s) => !s.enoughData).map((s) => s.stratum);
  // Nothing recorded: nothing known (not a rate of 0).
  const estimateRate = recorded > 0 ? rate(estimatedViolators, population) : null;
  let interval: RateEstimate['interval'] = null;
  if (estimateRate !== null && notEnoughData.length === 0) {
    const half = (Z95 * Math.sqrt(sum((s) => s.variance ?? 0))) / population;
    interval = { low: Math.max(0, estimateRate - half), high: Math.min(1, estimateRate + half) };
  }
  const uniformExpectedHits = estimateRate === null ? null : expectedByDraw.reduce((a, b) => a + b, 0);
  return {
    strata,
    total: {
      population, tasks: sum((s) => s.tasks), recorded, unrecorded: sum((s) => s.unrecorded),
      clean: sum((s) => s.clean), problems: sum((s) => s.problems), notFound: sum((s) => s.notFound), hits,
      hitRate: rate(hits, recorded), estimatedViolators: recorded > 0 ? estimatedViolators : population === 0 ? 0 : null,
    },
    estimate: { population, estimatedViolators, rate: estimateRate, interval, uncovered, notEnoughData },
    uniform: {
      sampleSize: recorded, actualHits: hits, uniformExpectedHits,
      lift: uniformExpectedHits !== null && uniformExpectedHits > 0 ? hits / uniformExpectedHits : null,
    },
    draws,
  };
}

/** One draw: its five strata, the estimate over its frame, the uniform comparison. */
export function drawEffectiveness(counts: DrawCounts): EffectivenessReport {
  const strata = EFFECTIVENESS_STRATA.map((s) => stratumOf(s, counts.population[s] ?? 0, counts.tasks));
  const population = strata.reduce((a, s) => a + s.population, 0);
  const violators = strata.reduce((a, s) => a + (s.estimatedViolators ?? 0), 0);
  const recorded = strata.reduce((a, s) => a + s.recorded, 0);
  return report(strata, population > 0 ? [(recorded * violators) / population] : [], 1);
}

/**
 * A programme's draws pooled: each stratum summed over the draws, the estimate = Σ estimated violators
 * over Σ frame members, and the uniform expectation summed draw by draw (each draw's recorded tasks ×
 * that draw's estimated rate).
 */
export function programmeEffectiveness(draws: DrawCounts[]): EffectivenessReport {
  const perDraw = draws.map(drawEffectiveness);
  const strata = EFFECTIVENESS_STRATA.map((code, i) =>
    perDraw.length ? perDraw.map((r) => r.strata[i]).reduce(addStrata) : stratumOf(code, 0, []));
  const expected = perDraw.flatMap((r) => (r.uniform.uniformExpectedHits === null ? [] : [r.uniform.uniformExpectedHits]));
  return report(strata, expected, draws.length);
}
