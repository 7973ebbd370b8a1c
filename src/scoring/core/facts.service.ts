import { Injectable } from '@nestjs/common';
import { ContributionRegistry } from '../../common/contributions/contribution-registry.js';
import type { Rulebook } from '../domain/rulebook.js';
import { compareFacts, type ScoreFact } from '../domain/score-fact.js';
import { RulebookService } from './rulebook.service.js';
import { FACT_SOURCES } from '../facts/fact-source.js';

/** Every pillar's facts for a set of tenants as of a date, read from all pillars at once and merged in a stable order. */
@Injectable()
export class FactsService {
  constructor(private readonly contributions: ContributionRegistry, private readonly rulebooks: RulebookService) {}

  /** `rulebook`: the one whose windows and thresholds apply (default: the one in force on `asOf`; the back-test passes a proposed one). */
  async factsFor(tenantIds: readonly number[], asOf: string, rulebook?: Rulebook): Promise<Map<number, ScoreFact[]>> {
    const ids = [...new Set(tenantIds)];
    rulebook ??= await this.rulebooks.inForce(asOf);
    const out = new Map<number, ScoreFact[]>(ids.map((id) => [id, []]));
    if (!ids.length) return out;
    // The pillars at the same time: their database waits overlap (one tenant's live score, a batch of the month).
    const bySource = await Promise.all(this.contributions.of(FACT_SOURCES).map((source) => source.fn(ids, asOf, rulebook)));
    for (const facts of bySource) for (const [tenantId, list] of facts) out.get(tenantId)?.push(...list);
    for (const list of out.values()) list.sort(compareFacts);
    return out;
  }
}
