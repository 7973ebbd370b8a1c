import { Module } from '@nestjs/common';
import { AccountsModule } from '../../accounts/accounts.module.js';
import { TenantsModule } from '../../tenants/tenants.module.js';
import { InstitutionsService } from '../institutions/institutions.service.js';

/**
 * What every evaluations sub-feature shares: the institutions, engagements and dimensions
 * (InstitutionsService), and the other contexts' query APIs it may use (tenants, accounts).
 */
@Module({
  imports: [TenantsModule, AccountsModule],
  providers: [InstitutionsService],
  exports: [InstitutionsService, TenantsModule, AccountsModule],
})
export class EvaluationsCoreModule {}
