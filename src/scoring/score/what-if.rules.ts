import { compareFacts, type ScoreFact } from '../domain/score-fact.js';
import type { WhatIfOption } from '../what-if/what-if-source.js';

/**
 * What-if on facts: the tenant's facts as they would be if the chosen options were done (each
 * option's `remove`d facts gone, its `add`ed ones there), and the options that raise the score most
 * when done alone. Nothing here is saved anywhere. Pure.
 */

const keyOf = (f: { rule: string; recordType: string; recordId: number }) => `${f.rule}|${f.recordType}|${f.recordId}`;

/**
 * The facts after the options. Removals first, then additions; two options adding the same fact
 * (rule, record) keep the later one (a rate-based fact replaced by two options counts once).
 */
export function applyWhatIf(facts: readonly ScoreFact[], options: readonly Pick<WhatIfOption, 'remove' | 'add'>[]): ScoreFact[] {
  const removed = new Set(options.flatMap((o) => o.remove.map(keyOf)));
  const added = new Map<string, ScoreFact>();
  for (const o of options) for (const f of o.add) added.set(keyOf(f), f);
  const kept = facts.filter((f) => !removed.has(keyOf(f)) && !added.has(keyOf(f)));
  return [...kept, ...added.values()].sort(compareFacts);
}

/** The option keys not offered (unknown, already done, or someone else's). */
export function unknownOptions(keys: readonly string[], offered: readonly Pick<WhatIfOption, 'key'>[]): string[] {
  const known = new Set(offered.map((o) => o.key));
  return [...new Set(keys)].filter((k) => !known.has(k));
}

/** The `count` options that raise the score most, each done alone: gains > 0 only, biggest first, ties by key. */
export function topRaisers<T extends { key: string }>(gains: readonly { option: T; gain: number }[], count = 3): { option: T; gain: number }[] {
  return gains.filter((g) => g.gain > 0)
    .sort((a, b) => b.gain - a.gain || a.option.key.localeCompare(b.option.key))
    .slice(0, count);
}
