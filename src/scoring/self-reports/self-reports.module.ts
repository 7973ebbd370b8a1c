import { Module } from '@nestjs/common';
import { ScoringCoreModule } from '../core/scoring-core.module.js';

/** Self-reported positive items (P09–P11): claimed by tenant officers with evidence, approved or rejected by park staff. */
@Module({
  imports: [ScoringCoreModule],
  controllers: [],
  providers: [],
})
export class ScoringSelfReportsModule {}
