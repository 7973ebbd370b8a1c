import { Module } from '@nestjs/common';
import { EvaluationsCoreModule } from '../core/evaluations-core.module.js';
import { EngagementsQueries } from './engagements.queries.js';
import { EvaluationReminders } from './evaluation-reminders.js';
import { EvaluationsController } from './evaluations.controller.js';
import { EvaluationsPagesController } from './evaluations.pages.controller.js';
import { EvaluationsQueries } from './evaluations.queries.js';
import { EvaluationsService } from './evaluations.service.js';

/** Evaluations: submission, acceptance, disputes and their resolution; lists, detail, export. */
@Module({
  imports: [EvaluationsCoreModule],
  controllers: [EvaluationsController, EvaluationsPagesController],
  providers: [EvaluationsService, EvaluationsQueries, EngagementsQueries, EvaluationReminders],
  exports: [EvaluationsService, EvaluationsQueries, EngagementsQueries],
})
export class EvaluationsRecordsModule {}
