import { defineContribution } from '../../common/contributions/contribution.js';
import type { Rulebook } from '../domain/rulebook.js';
import type { ScoreFact } from '../domain/score-fact.js';

/**
 * A pillar's facts for many tenants as of a park-zone date, set-based: a bounded number of queries
 * whatever the number of tenants. Every requested tenant has an entry (possibly empty). Windows and
 * thresholds come from the rulebook passed in, never from constants inside the pillar.
 */
export type FactSourceFn = (tenantIds: readonly number[], asOf: string, rulebook: Rulebook) => Promise<Map<number, ScoreFact[]>>;

export interface FactSourceMeta {
  /** The pillar: `conventions`, `trainings`, `evaluations`, `findings` … */
  name: string;
  /** The rule codes it produces; two sources may not produce the same rule. */
  rules: readonly string[];
}

export const FACT_SOURCES = defineContribution<FactSourceMeta, FactSourceFn>({
  name: 'score-fact source',
  key: (m) => m.name,
  check: (found) => {
    const owner = new Map<string, string>();
    const problems: string[] = [];
    for (const c of found) {
      for (const rule of c.meta.rules) {
        const first = owner.get(rule);
        if (first) problems.push(`rule ${rule} is produced by two score-fact sources: ${first} and ${c.where}`);
        else owner.set(rule, c.where);
      }
    }
    return problems;
  },
});

/** Marks a pillar's method as a score-fact source. */
export const FactSource = FACT_SOURCES.decorator;
