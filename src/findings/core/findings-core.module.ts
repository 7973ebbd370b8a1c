import { Module } from '@nestjs/common';
import { AccountsModule } from '../../accounts/accounts.module.js';
import { TenantsModule } from '../../tenants/tenants.module.js';
import { FindingsService } from './findings.service.js';

/**
 * What every findings sub-feature shares: FindingsService (publicity rules, inserting findings and
 * annual reports in the caller's transaction, reads by id with the viewer's scope, departments), and the
 * other contexts' query APIs it may use (tenants, accounts). Sub-features import this module; nothing is global.
 */
@Module({
  imports: [TenantsModule, AccountsModule],
  providers: [FindingsService],
  exports: [FindingsService, TenantsModule, AccountsModule],
})
export class FindingsCoreModule {}
