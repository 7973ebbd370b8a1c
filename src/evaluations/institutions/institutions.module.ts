import { Module } from '@nestjs/common';
import { EvaluationsCoreModule } from '../core/evaluations-core.module.js';
import { InstitutionsPagesController } from './institutions.pages.controller.js';

/** Evaluations: what admins keep (institutions, engagements, evaluator accounts, dimensions). */
@Module({
  imports: [EvaluationsCoreModule],
  controllers: [InstitutionsPagesController],
})
export class EvaluationsInstitutionsModule {}
