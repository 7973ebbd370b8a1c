import { Module } from '@nestjs/common';
import { ListsCoreModule } from '../core/lists-core.module.js';

/** The credit information catalogue (信用目录) admins maintain. */
@Module({
  imports: [ListsCoreModule],
})
export class CreditCatalogueModule {}
