import { Module } from '@nestjs/common';
import { AccountsModule } from '../../accounts/accounts.module.js';
import { TenantsModule } from '../../tenants/tenants.module.js';
import { ConventionsService } from './conventions.service.js';
import { ObligationStatusService } from './obligation-status.service.js';

/**
 * What every conventions sub-feature shares: the version reads and canonical text, whether signing
 * obligations apply (they follow tenants' status and newer versions), and the other
 * contexts' query APIs it may use (tenants, accounts). Sub-features import this module; nothing is global.
 */
@Module({
  imports: [TenantsModule, AccountsModule],
  providers: [ConventionsService, ObligationStatusService],
  exports: [ConventionsService, ObligationStatusService, TenantsModule, AccountsModule],
})
export class ConventionsCoreModule {}
