import { Module } from '@nestjs/common';
import { AccountsModule } from '../accounts/accounts.module.js';
import { ConventionsModule } from '../conventions/conventions.module.js';
import { TenantsModule } from '../tenants/tenants.module.js';
import { DemoSeedService } from './demo-seed.service.js';

@Module({ imports: [AccountsModule, TenantsModule, ConventionsModule], providers: [DemoSeedService], exports: [DemoSeedService] })
export class DemoModule {}
