import { Injectable } from '@nestjs/common';
import { defineContribution } from '../common/contributions/contribution.js';
import { ContributionRegistry } from '../common/contributions/contribution-registry.js';
import { partialsExist } from '../common/contributions/partial-check.js';
import type { Principal } from '../common/principal.js';

export interface HubPanelMeta {
  /** Partial under views/partials that renders the panel; it receives the model as its context. */
  partial: string;
  /** Lower comes first. */
  order: number;
  /** A half-width card beside the profile, rather than a full-width section below it. */
  half?: boolean;
}

/** Loads a panel's view model for this viewer, or null to leave the panel out. */
export type HubPanelLoader = (tenantId: number, principal: Principal) => Promise<Record<string, unknown> | null>;

export const HUB_PANELS = defineContribution<HubPanelMeta, HubPanelLoader>({
  name: 'hub panel',
  key: (m: HubPanelMeta) => m.partial,
  compare: (a: HubPanelMeta, b: HubPanelMeta) => a.order - b.order,
  check: partialsExist('hub panel'),
});

/** A panel on the tenant hub page, contributed by another context (officers, conventions, trainings, score …). */
export const HubPanel = HUB_PANELS.decorator;

/** Renders the contributed panels of one tenant's hub, in order, all loaded at once. */
@Injectable()
export class HubPanels {
  constructor(private readonly contributions: ContributionRegistry) {}

  async render(tenantId: number, principal: Principal): Promise<{ partial: string; half: boolean; model: Record<string, unknown> }[]> {
    const panels = this.contributions.of(HUB_PANELS);
    const models = await Promise.all(panels.map((p) => p.fn(tenantId, principal)));
    return panels.flatMap((p, i) => (models[i] ? [{ partial: p.meta.partial, half: p.meta.half ?? false, model: models[i] }] : []));
  }
}
