import { Module } from '@nestjs/common';
import { ListsCoreModule } from '../core/lists-core.module.js';
import { MeasuresCatalogueService } from './measures-catalogue.service.js';

/** 信易+: the catalogue of incentives and restrictions, tenants' claims, staff decisions and delivery. */
@Module({
  imports: [ListsCoreModule],
  providers: [MeasuresCatalogueService],
  exports: [MeasuresCatalogueService],
})
export class IncentivesModule {}
