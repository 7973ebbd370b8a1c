import { Module } from '@nestjs/common';
import { ScoringCoreModule } from '../core/scoring-core.module.js';
import { BacktestJob } from './backtest.job.js';

/** The rulebook as versioned, effective-dated data: admins draft versions and see the back-test, a regulator other than the author approves. */
@Module({
  imports: [ScoringCoreModule],
  controllers: [],
  providers: [BacktestJob],
})
export class ScoringRulebookModule {}
