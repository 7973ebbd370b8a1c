import { Module } from '@nestjs/common';
import { ScoringCoreModule } from '../core/scoring-core.module.js';

/** A tenant's live score and its explanation (page and API), what-if, its published history, the hub panel and the officer's home section. */
@Module({
  imports: [ScoringCoreModule],
  controllers: [],
  providers: [],
})
export class ScoringScoreModule {}
