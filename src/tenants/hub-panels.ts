import { Injectable } from '@nestjs/common';
import type { Principal } from '../common/principal.js';

/**
 * A panel on the tenant hub page, contributed by another context (conventions, trainings, score …).
 * `load` returns the panel's view model, or null to leave the panel out for this viewer.
 */
export interface HubPanel {
  /** Partial under views/partials that renders the panel; it receives the model as its context. */
  partial: string;
  /** Lower comes first. */
  order: number;
  load(tenantId: number, principal: Principal): Promise<Record<string, unknown> | null>;
}

/** Where contexts register their hub panels (in onModuleInit); the hub renders them in order. */
@Injectable()
export class HubPanels {
  private readonly panels: HubPanel[] = [];

  register(panel: HubPanel): void {
    this.panels.push(panel);
    this.panels.sort((a, b) => a.order - b.order);
  }

  async render(tenantId: number, principal: Principal): Promise<{ partial: string; model: Record<string, unknown> }[]> {
    const models = await Promise.all(this.panels.map((p) => p.load(tenantId, principal)));
    return this.panels.flatMap((p, i) => (models[i] ? [{ partial: p.partial, model: models[i] as Record<string, unknown> }] : []));
  }
}
