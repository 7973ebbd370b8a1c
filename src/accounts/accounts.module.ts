import { Module } from '@nestjs/common';
import { TenantsModule } from '../tenants/tenants.module.js';
import { AccountsController } from './accounts.controller.js';
import { AccountsAuditSubjects } from './accounts-audit.subjects.js';
import { ApiTokensService } from './api-tokens.service.js';
import { LoginRateLimitStores } from './auth/login-rate-limit.store.js';
import { PrincipalLookup } from './auth/principal-lookup.js';
import { AuthPagesController } from './auth.pages.controller.js';
import { DepartmentsPagesController } from './departments.pages.controller.js';
import { DepartmentsService } from './departments.service.js';
import { PruneSessionsJob } from './jobs/prune-sessions.job.js';
import { LoginThrottleService } from './login-throttle.service.js';
import { PasswordHasher } from './password-hasher.js';
import { PasswordResetService } from './password-reset.service.js';
import { SessionsPagesController } from './sessions.pages.controller.js';
import { SessionsService } from './sessions.service.js';
import { UsersPagesController } from './users.pages.controller.js';
import { UsersService } from './users.service.js';
import { UsersQueries } from './users.queries.js';
import { OfficersHubPanel } from './officers-hub.panel.js';

@Module({
  imports: [TenantsModule],
  controllers: [AuthPagesController, SessionsPagesController, UsersPagesController, DepartmentsPagesController, AccountsController],
  providers: [AccountsAuditSubjects, UsersService, UsersQueries, OfficersHubPanel, PrincipalLookup, ApiTokensService, DepartmentsService, PasswordHasher, PruneSessionsJob, LoginRateLimitStores, LoginThrottleService, SessionsService, PasswordResetService],
  exports: [UsersService, UsersQueries, PrincipalLookup, ApiTokensService, DepartmentsService, PasswordHasher, LoginRateLimitStores],
})
export class AccountsModule {}
