import { Injectable } from '@nestjs/common';
import { DateTime } from 'luxon';
import { TenantsQueries } from '../../tenants/tenants.queries.js';
import type { Rulebook } from '../domain/rulebook.js';
import { computeScore, type PriorMonth, type ScoreResult } from '../domain/score-engine.js';
import type { ScoreFact } from '../domain/score-fact.js';
import { FactsService } from './facts.service.js';
import { RulebookService } from './rulebook.service.js';
import { ScoreHistoryQueries } from './score-history.queries.js';

export interface ScoreManyOptions {
  /** Default: the rulebook in force on `asOf`. */
  rulebook?: Rulebook;
  /** The grade rule's memory; default: the tenants' published months before `asOf`'s month. */
  prior?: Map<number, PriorMonth[]>;
  /** Facts already loaded (what-if passes changed ones); default: loaded through the FactSource port. */
  facts?: Map<number, ScoreFact[]>;
}

/**
 * Scores as of a date, set-based: every pillar's facts for the tenants (a bounded number of
 * queries), their move-in dates where they decide the M grade, their last published months, then
 * the pure engine per tenant. The month-end run, the back-test and the live score all go through here.
 */
@Injectable()
export class ScoreService {
  constructor(
    private readonly facts: FactsService,
    private readonly rulebooks: RulebookService,
    private readonly history: ScoreHistoryQueries,
    private readonly tenants: TenantsQueries,
  ) {}

  async scoreMany(tenantIds: readonly number[], asOf: string, options: ScoreManyOptions = {}): Promise<Map<number, ScoreResult>> {
    const ids = [...new Set(tenantIds)];
    const out = new Map<number, ScoreResult>();
    if (!ids.length) return out;
    const rulebook = options.rulebook ?? await this.rulebooks.inForce(asOf);
    const newDays = rulebook.newTenant?.days ?? 0;
    // Only a move-in within the M window decides anything; older ones read as "long ago".
    const since = DateTime.fromISO(asOf).minus({ days: newDays + 1 }).toISODate() as string;
    const [facts, prior, movedIn] = await Promise.all([
      options.facts ?? this.facts.factsFor(ids, asOf, rulebook),
      options.prior ?? this.history.priorMonths(ids, asOf.slice(0, 7), Math.max(1, rulebook.hysteresis?.months ?? 1)),
      newDays > 0 ? this.tenants.movedInAfter(ids, since) : Promise.resolve(new Map<number, string>()),
    ]);
    for (const tenantId of ids) {
      out.set(tenantId, computeScore({
        facts: facts.get(tenantId) ?? [],
        rulebook,
        asOf,
        subject: { tenantId, movedInOn: movedIn.get(tenantId) ?? null },
        prior: prior.get(tenantId) ?? [],
      }));
    }
    return out;
  }

  /** One tenant's score as of a date (the live score and its explanation). */
  async scoreOf(tenantId: number, asOf: string, options: ScoreManyOptions = {}): Promise<ScoreResult> {
    return (await this.scoreMany([tenantId], asOf, options)).get(tenantId)!;
  }
}
