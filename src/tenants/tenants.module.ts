import { Module } from '@nestjs/common';
import { TenantsController } from './tenants.controller.js';
import { TenantsPagesController } from './tenants.pages.controller.js';
import { TenantsService } from './tenants.service.js';

@Module({
  controllers: [TenantsController, TenantsPagesController],
  providers: [TenantsService],
  exports: [TenantsService],
})
export class TenantsModule {}
