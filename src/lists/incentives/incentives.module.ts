import { Module } from '@nestjs/common';
import { ListsCoreModule } from '../core/lists-core.module.js';
import { IncentivesAuditSubjects } from './incentives-audit.subjects.js';
import { IncentivesController } from './incentives.controller.js';
import { IncentivesHomeSection } from './incentives-home.section.js';
import { IncentivesPagesController } from './incentives.pages.controller.js';
import { IncentivesQueries } from './incentives.queries.js';
import { IncentivesService } from './incentives.service.js';
import { MeasuresCatalogueService } from './measures-catalogue.service.js';

/**
 * 信易+: the catalogue of incentives and restrictions (MeasuresCatalogueService, which joint checks read),
 * tenants' claims, staff decisions and delivery, restrictions applied and lifted, the hub panel and
 * staff's home section.
 */
@Module({
  imports: [ListsCoreModule],
  controllers: [IncentivesController, IncentivesPagesController],
  providers: [MeasuresCatalogueService, IncentivesService, IncentivesQueries, IncentivesHomeSection, IncentivesAuditSubjects],
  exports: [MeasuresCatalogueService, IncentivesService],
})
export class IncentivesModule {}
