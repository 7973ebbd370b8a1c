import { Module } from '@nestjs/common';
import { ConventionsAuthoringModule } from './authoring/authoring.module.js';
import { ConventionsBreachesModule } from './breaches/breaches.module.js';
import { ConventionsAuditSubjects } from './conventions-audit.subjects.js';
import { ConventionsCoreModule } from './core/conventions-core.module.js';
import { ConventionFactsSource } from './facts/convention-facts.source.js';
import { ConventionsHubQueries } from './hub/conventions-hub.queries.js';
import { ConventionsSigningModule } from './signing/signing.module.js';
import { SigningWhatIfSource } from './what-if/signing-what-if.source.js';

/**
 * Conventions and credit commitments (the first pillar of the score): authoring and publication,
 * signing (online and on paper) with receipts, and breaches of clauses with the tenant's response.
 * Its contributions to other contexts — the hub panel, the score facts (P01, P02, N01, N02, D01) and what-if options (sign), the
 * signing reminders, attachment owners, work when tenants join, the names of its records in the
 * audit log — are declared where they live and discovered at boot.
 */
@Module({
  imports: [ConventionsCoreModule, ConventionsAuthoringModule, ConventionsSigningModule, ConventionsBreachesModule],
  providers: [ConventionsHubQueries, ConventionFactsSource, SigningWhatIfSource, ConventionsAuditSubjects],
  exports: [ConventionsCoreModule, ConventionsAuthoringModule],
})
export class ConventionsModule {}
