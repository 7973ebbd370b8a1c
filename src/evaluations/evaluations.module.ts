import { Module } from '@nestjs/common';
import { EvaluationsCoreModule } from './core/evaluations-core.module.js';
import { EvaluationsAuditSubjects } from './evaluations-audit.subjects.js';
import { EvaluationFactsSource } from './facts/evaluation-facts.source.js';
import { EvaluationsHubQueries } from './hub/evaluations-hub.queries.js';
import { EvaluationsInstitutionsModule } from './institutions/institutions.module.js';
import { EvaluationsRecordsModule } from './records/records.module.js';

/**
 * Third-party evaluations (the third pillar of the score): accredited institutions and their
 * engagements, evaluations with dimension scores, grade and report, acceptance, disputes, and the
 * score facts (P06, N07, D03). Each sub-feature is a module imported here; contributions are declared where they live.
 */
@Module({
  imports: [EvaluationsCoreModule, EvaluationsInstitutionsModule, EvaluationsRecordsModule],
  providers: [EvaluationsAuditSubjects, EvaluationsHubQueries, EvaluationFactsSource],
  exports: [EvaluationsCoreModule, EvaluationsRecordsModule],
})
export class EvaluationsModule {}
