import { Module } from '@nestjs/common';
import { AccountsModule } from '../../accounts/accounts.module.js';
import { ScoringCoreModule } from '../core/scoring-core.module.js';
import { BacktestJob } from './backtest.job.js';
import { RulebookAuditSubjects } from './rulebook-audit.subjects.js';
import { RulebookVersionsService } from './rulebook-versions.service.js';
import { RulebookController } from './rulebook.controller.js';
import { RulebookPagesController } from './rulebook.pages.controller.js';

/** The rulebook as versioned, effective-dated data: admins draft versions and see the back-test, a regulator other than the author approves. */
@Module({
  imports: [ScoringCoreModule, AccountsModule],
  controllers: [RulebookController, RulebookPagesController],
  providers: [BacktestJob, RulebookVersionsService, RulebookAuditSubjects],
  exports: [RulebookVersionsService],
})
export class ScoringRulebookModule {}
