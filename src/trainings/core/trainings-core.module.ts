import { Module } from '@nestjs/common';
import { AccountsModule } from '../../accounts/accounts.module.js';
import { TenantsModule } from '../../tenants/tenants.module.js';
import { TrainingRecordsService } from './training-records.service.js';

/**
 * What every trainings sub-feature shares: the other contexts' query APIs it may use (tenants,
 * accounts). Sub-features (scheduling, registration, check-in, attendance) import this module;
 * nothing is global.
 */
@Module({
  imports: [TenantsModule, AccountsModule],
  providers: [TrainingRecordsService],
  exports: [TrainingRecordsService, TenantsModule, AccountsModule],
})
export class TrainingsCoreModule {}
