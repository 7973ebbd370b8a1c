import { Global, Module } from '@nestjs/common';
import { TenantsModule } from '../tenants/tenants.module.js';
import { ConventionsAuthoringModule } from './authoring/authoring.module.js';
import { ConventionsBreachesModule } from './breaches/breaches.module.js';
import { ConventionsService } from './conventions.service.js';
import { ConventionsSigningModule } from './signing/signing.module.js';

/**
 * Conventions and credit commitments (the first pillar of the score): authoring and publication,
 * signing (online and on paper) with receipts, and breaches of clauses with the tenant's response.
 */
@Global()
@Module({
  imports: [TenantsModule, ConventionsAuthoringModule, ConventionsSigningModule, ConventionsBreachesModule],
  providers: [ConventionsService],
  // The breaches module also provides the score facts (P01, P02, N01, N02) for the scoring engine.
  exports: [ConventionsService, ConventionsBreachesModule],
})
export class ConventionsModule {}
