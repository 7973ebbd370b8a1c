import { defineContribution } from '../../common/contributions/contribution.js';
import type { Locale } from '../../i18n/messages/index.js';
import type { Rulebook } from '../domain/rulebook.js';
import type { ScoreFact } from '../domain/score-fact.js';

/**
 * Something a tenant could still do (rectify a pending finding, sign a missing convention, attend
 * an upcoming training) and the facts that doing it would change, so the score page can show
 * "what if" without saving anything, and the officer's home the three things that would raise the
 * score most. The pillar that owns the record decides the changed facts with its own rules.
 */
export interface WhatIfOption {
  /** Unique among all options: `<pillar>:<recordType>:<id>` (the what-if form posts these). */
  key: string;
  action: 'rectify' | 'sign' | 'attend';
  /** In the asker's locale: 「完成整改：消防通道占用（沪市监罚〔2026〕12 号）」. */
  label: string;
  /** Where to do it for real (null: nowhere in ParkTrust). */
  link: string | null;
  /** The record the option is about. */
  source: { type: string; id: number };
  /** Facts that would no longer hold (matched by rule, record type and record id). */
  remove: { rule: string; recordType: string; recordId: number }[];
  /** Facts that would hold instead, dated as of the as-of date. */
  add: ScoreFact[];
}

/** One tenant's options as of a date; `facts` are its current facts (all pillars), for options that replace one (P07's rate). */
export type WhatIfSourceFn = (tenantId: number, asOf: string, rulebook: Rulebook, facts: readonly ScoreFact[], locale: Locale) => Promise<WhatIfOption[]>;

export const WHAT_IF_SOURCES = defineContribution<{ name: string }, WhatIfSourceFn>({
  name: 'what-if source',
  key: (m) => m.name,
});

/** Marks a pillar's method as a source of what-if options. */
export const WhatIfSource = WHAT_IF_SOURCES.decorator;
