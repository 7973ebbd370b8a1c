import { Module } from '@nestjs/common';
import { ListsCoreModule } from '../core/lists-core.module.js';

/** 信易+: the catalogue of incentives and restrictions, tenants' claims, staff decisions and delivery. */
@Module({
  imports: [ListsCoreModule],
})
export class IncentivesModule {}
