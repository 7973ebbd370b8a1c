import type { ScoreContribution } from './score-engine.js';

/**
 * What changed between two explanations of a tenant's score ("why it changed" in the history, the
 * reasons in a publication notice): contributions are matched by (rule, source type, source id).
 * Pure. Takes any contribution with at least a rule, signed points and a source, so explanations
 * stored as JSON (snapshots) compare as well as fresh results.
 * - appeared: in `after` only; disappeared: in `before` only; changed: in both with other points
 *   or another tier (a P06 evaluation regraded A → B, a cap now cutting a fact).
 * - `before` null or undefined (no previous month): everything in `after` appeared.
 * - A contribution worth 0 in both (cap reached both times) is unchanged; one appearing at 0 is
 *   listed (it explains a "cap reached" the reader sees), with delta 0.
 * - Each list keeps the explanation's order (positives first, then by rule, date, record).
 * - delta = Σ after.points − Σ before.points over all three lists: the change the contributions
 *   explain (the score's change can differ where a clamp or an adjustment applies).
 */
export interface DiffableContribution {
  rule: string;
  points: number;
  source: { type: string; id: number };
  tier?: string | null;
  sign?: 1 | -1;
  date?: string;
}

export interface ChangedContribution<C extends DiffableContribution> {
  before: C;
  after: C;
  /** after.points − before.points */
  delta: number;
}

export interface ContributionDiff<C extends DiffableContribution = ScoreContribution> {
  appeared: C[];
  disappeared: C[];
  changed: ChangedContribution<C>[];
  /** Σ of the points the differences moved (appeared − disappeared + changes). */
  delta: number;
}

/** The identity of a contribution across two dates: its rule and the record that caused it. */
export function contributionKey(c: Pick<DiffableContribution, 'rule' | 'source'>): string {
  return `${c.rule}|${c.source.type}|${c.source.id}`;
}

const round = (x: number) => Math.round(x * 1e6) / 1e6;
const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
/** Explanation order; a stored contribution without a sign reads its sign from its points, then from its code (P… before N…). */
const signOf = (c: DiffableContribution) => c.sign ?? (c.points > 0 ? 1 : c.points < 0 ? -1 : c.rule.startsWith('N') ? -1 : 1);
function order(a: DiffableContribution, b: DiffableContribution): number {
  return signOf(b) - signOf(a) || cmp(a.rule, b.rule) || cmp(a.date ?? '', b.date ?? '') || cmp(a.source.type, b.source.type) || a.source.id - b.source.id;
}

export function contributionDiff<C extends DiffableContribution>(before: readonly C[] | null | undefined, after: readonly C[]): ContributionDiff<C> {
  const previous = new Map<string, C>();
  for (const c of before ?? []) if (!previous.has(contributionKey(c))) previous.set(contributionKey(c), c);
  const appeared: C[] = [];
  const changed: ChangedContribution<C>[] = [];
  const seen = new Set<string>();
  for (const c of after) {
    const key = contributionKey(c);
    if (seen.has(key)) continue;
    seen.add(key);
    const was = previous.get(key);
    if (!was) appeared.push(c);
    else if (was.points !== c.points || (was.tier ?? null) !== (c.tier ?? null)) changed.push({ before: was, after: c, delta: round(c.points - was.points) });
  }
  const disappeared = [...previous.entries()].filter(([key]) => !seen.has(key)).map(([, c]) => c);
  appeared.sort(order);
  disappeared.sort(order);
  changed.sort((a, b) => order(a.after, b.after));
  let delta = 0;
  for (const c of appeared) delta += c.points;
  for (const c of disappeared) delta -= c.points;
  for (const c of changed) delta += c.delta;
  return { appeared, disappeared, changed, delta: round(delta) };
}
