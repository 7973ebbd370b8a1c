import { Module } from '@nestjs/common';
import { ListsCoreModule } from '../core/lists-core.module.js';
import { CatalogueAuditSubjects } from './catalogue-audit.subjects.js';
import { CreditCatalogueController } from './credit-catalogue.controller.js';
import { CreditCataloguePagesController } from './credit-catalogue.pages.controller.js';
import { CreditCatalogueService } from './credit-catalogue.service.js';

/** The credit information catalogue (信用目录) admins maintain: a public page and API, admin add and edit. */
@Module({
  imports: [ListsCoreModule],
  controllers: [CreditCatalogueController, CreditCataloguePagesController],
  providers: [CreditCatalogueService, CatalogueAuditSubjects],
  exports: [CreditCatalogueService],
})
export class CreditCatalogueModule {}
