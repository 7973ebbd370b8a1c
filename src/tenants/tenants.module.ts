import { Module } from '@nestjs/common';
import { TenantsController } from './tenants.controller.js';
import { TenantsPagesController } from './tenants.pages.controller.js';
import { HubPanels } from './hub-panels.js';
import { TenantHooks } from './tenant-hooks.js';
import { TenantsService } from './tenants.service.js';
import { TenantsQueries } from './tenants.queries.js';
import { TenantExportService } from './tenant-export.service.js';
import { TenantImportService } from './tenant-import.service.js';
import { TenantsTransferController } from './tenants-transfer.controller.js';
import { TenantsTransferPagesController } from './tenants-transfer.pages.controller.js';
import { TenantsAuditSubjects } from './tenants-audit.subjects.js';
import { BuildingsService } from './buildings.service.js';
import { BuildingsPagesController } from './buildings.pages.controller.js';
import { TenantSearchMemory } from './tenant-search.memory.js';

@Module({
  // Import/export first: Nest registers routes in this order, and `:id` would shadow `/import` and `/export`.
  controllers: [TenantsTransferController, TenantsTransferPagesController, TenantsController, TenantsPagesController, BuildingsPagesController],
  providers: [TenantsService, TenantsQueries, BuildingsService, TenantImportService, TenantExportService, HubPanels, TenantHooks, TenantsAuditSubjects, TenantSearchMemory],
  exports: [TenantsService, TenantsQueries, BuildingsService],
})
export class TenantsModule {}
