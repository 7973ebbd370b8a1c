import { Module } from '@nestjs/common';
import { AccountsModule } from '../../accounts/accounts.module.js';
import { TenantsModule } from '../../tenants/tenants.module.js';
import { ConventionsService } from './conventions.service.js';

/**
 * What every conventions sub-feature shares: the version reads and canonical text, and the other
 * contexts' query APIs it may use (tenants, accounts). Sub-features import this module; nothing is global.
 */
@Module({
  imports: [TenantsModule, AccountsModule],
  providers: [ConventionsService],
  exports: [ConventionsService, TenantsModule, AccountsModule],
})
export class ConventionsCoreModule {}
