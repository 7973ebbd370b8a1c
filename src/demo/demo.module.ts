import { Module } from '@nestjs/common';
import { AccountsModule } from '../accounts/accounts.module.js';
import { ConventionsModule } from '../conventions/conventions.module.js';
import { TenantsModule } from '../tenants/tenants.module.js';
import { TrainingsCheckinModule } from '../trainings/checkin/checkin.module.js';
import { TrainingsSchedulingModule } from '../trainings/scheduling/scheduling.module.js';
import { DemoSeedService } from './demo-seed.service.js';
import { DemoEvaluationsSeeder } from './demo-evaluations.js';
import { EvaluationsCoreModule } from '../evaluations/core/evaluations-core.module.js';
import { EvaluationsRecordsModule } from '../evaluations/records/records.module.js';
import { FindingsAnnualReportsModule } from '../findings/annual-reports/annual-reports.module.js';
import { FindingsRecordingModule } from '../findings/recording/recording.module.js';
import { FindingsRectificationModule } from '../findings/rectification/rectification.module.js';
import { ScoringCycleModule } from '../scoring/cycle/cycle.module.js';
import { ScoringSelfReportsModule } from '../scoring/self-reports/self-reports.module.js';
import { DemoSelfReportsSeeder } from './demo-self-reports.js';

// The trainings sub-modules whose services the seed uses (the context's module exports only its core).
@Module({
  imports: [AccountsModule, TenantsModule, ConventionsModule, TrainingsSchedulingModule, TrainingsCheckinModule, FindingsRecordingModule, FindingsAnnualReportsModule, FindingsRectificationModule, EvaluationsCoreModule, EvaluationsRecordsModule, ScoringSelfReportsModule, ScoringCycleModule],
  providers: [DemoSeedService, DemoEvaluationsSeeder, DemoSelfReportsSeeder],
  exports: [DemoSeedService],
})
export class DemoModule {}
