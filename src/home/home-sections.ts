import { Injectable } from '@nestjs/common';
import { defineContribution } from '../common/contributions/contribution.js';
import { ContributionRegistry } from '../common/contributions/contribution-registry.js';
import { partialsExist } from '../common/contributions/partial-check.js';
import type { Principal } from '../common/principal.js';

export interface HomeSectionMeta {
  /** Partial under views/partials that renders the section; it receives the model as its context. */
  partial: string;
  /** Lower comes first. */
  order: number;
}

/**
 * Loads a section of the home page for this person, or null to leave it out: the work a context has
 * waiting for them (an evaluator's engagements due, a regulator's findings awaiting verification …).
 */
export type HomeSectionLoader = (principal: Principal) => Promise<Record<string, unknown> | null>;

export const HOME_SECTIONS = defineContribution<HomeSectionMeta, HomeSectionLoader>({
  name: 'home section',
  key: (m: HomeSectionMeta) => m.partial,
  compare: (a: HomeSectionMeta, b: HomeSectionMeta) => a.order - b.order,
  check: partialsExist('home section'),
});

/** A work-queue section on the home page, contributed by a context (evaluations, findings …). */
export const HomeSection = HOME_SECTIONS.decorator;

/** Renders the contributed home sections for one person, in order, all loaded at once. */
@Injectable()
export class HomeSections {
  constructor(private readonly contributions: ContributionRegistry) {}

  async render(principal: Principal): Promise<{ partial: string; model: Record<string, unknown> }[]> {
    const sections = this.contributions.of(HOME_SECTIONS);
    const models = await Promise.all(sections.map((s) => s.fn(principal)));
    return sections.flatMap((s, i) => (models[i] ? [{ partial: s.meta.partial, model: models[i] }] : []));
  }
}
