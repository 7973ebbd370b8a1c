import { Module, type OnModuleInit } from '@nestjs/common';
import { FilesService } from '../../files/files.service.js';
import { HubPanels } from '../../tenants/hub-panels.js';
import { TenantsModule } from '../../tenants/tenants.module.js';
import { ConventionFactsController } from '../facts/convention-facts.controller.js';
import { ConventionFactsService } from '../facts/convention-facts.service.js';
import { BreachesController } from './breaches.controller.js';
import { BreachesPagesController } from './breaches.pages.controller.js';
import { BREACH_OWNER, BREACH_RESPONSE_OWNER, BreachesService } from './breaches.service.js';

/**
 * Conventions: breaches of clauses with evidence and the tenant's responses, the conventions panel
 * of the tenant hub, and the pillar's score facts (P01, P02, N01, N02).
 */
@Module({
  imports: [TenantsModule],
  controllers: [BreachesController, BreachesPagesController, ConventionFactsController],
  providers: [BreachesService, ConventionFactsService],
  exports: [BreachesService, ConventionFactsService],
})
export class ConventionsBreachesModule implements OnModuleInit {
  constructor(private readonly breaches: BreachesService, private readonly files: FilesService, private readonly panels: HubPanels) {}

  onModuleInit(): void {
    this.files.registerOwner(BREACH_OWNER, (principal, id) => this.breaches.canReadBreach(principal, id));
    this.files.registerOwner(BREACH_RESPONSE_OWNER, (principal, id) => this.breaches.canReadResponse(principal, id));
    this.panels.register({ partial: 'hub-conventions', order: 10, load: (tenantId, principal) => this.breaches.hubPanel(tenantId, principal) });
  }
}
