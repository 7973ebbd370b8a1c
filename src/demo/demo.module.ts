import { Module } from '@nestjs/common';
import { AccountsModule } from '../accounts/accounts.module.js';
import { TenantsModule } from '../tenants/tenants.module.js';
import { DemoSeedService } from './demo-seed.service.js';

@Module({ imports: [AccountsModule, TenantsModule], providers: [DemoSeedService], exports: [DemoSeedService] })
export class DemoModule {}
