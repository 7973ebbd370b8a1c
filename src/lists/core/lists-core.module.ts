import { Module } from '@nestjs/common';
import { AccountsModule } from '../../accounts/accounts.module.js';
import { CalendarModule } from '../../calendar/calendar.module.js';
import { FindingsCoreModule } from '../../findings/core/findings-core.module.js';
import { ScoringCoreModule } from '../../scoring/core/scoring-core.module.js';
import { TenantsModule } from '../../tenants/tenants.module.js';
import { CreditStatusService } from './credit-status.service.js';

/**
 * What every lists sub-feature shares: a tenant's credit standing (CreditStatusService), the working
 * calendar, and the other contexts' query APIs it may use (tenants, accounts, findings, scoring).
 * Sub-features import this module; nothing is global.
 */
@Module({
  imports: [TenantsModule, AccountsModule, CalendarModule, FindingsCoreModule, ScoringCoreModule],
  providers: [CreditStatusService],
  exports: [CreditStatusService, TenantsModule, AccountsModule, CalendarModule, FindingsCoreModule, ScoringCoreModule],
})
export class ListsCoreModule {}
