import { Module } from '@nestjs/common';
import { TenantsModule } from '../tenants/tenants.module.js';
import { AccountsController } from './accounts.controller.js';
import { ApiTokensService } from './api-tokens.service.js';
import { PrincipalLookup } from './auth/principal-lookup.js';
import { AuthPagesController } from './auth.pages.controller.js';
import { DepartmentsPagesController } from './departments.pages.controller.js';
import { DepartmentsService } from './departments.service.js';
import { PruneSessionsJob } from './jobs/prune-sessions.job.js';
import { PasswordHasher } from './password-hasher.js';
import { UsersPagesController } from './users.pages.controller.js';
import { UsersService } from './users.service.js';

@Module({
  imports: [TenantsModule],
  controllers: [AuthPagesController, UsersPagesController, DepartmentsPagesController, AccountsController],
  providers: [UsersService, PrincipalLookup, ApiTokensService, DepartmentsService, PasswordHasher, PruneSessionsJob],
  exports: [UsersService, PrincipalLookup, ApiTokensService, DepartmentsService, PasswordHasher],
})
export class AccountsModule {}
