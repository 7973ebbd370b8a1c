import { Module } from '@nestjs/common';
import { TenantsModule } from '../tenants/tenants.module.js';
import { FactsController } from './facts/facts.controller.js';
import { FactsService } from './facts/facts.service.js';
import { MonthEndJob } from './jobs/month-end.job.js';
import { RulebookService } from './rulebook.service.js';

/**
 * The self-discipline score. So far: the rulebook in force, and the score-facts port every pillar
 * feeds through `@FactSource` (discovered at boot); the engine and monthly cycle come next.
 */
@Module({
  imports: [TenantsModule],
  controllers: [FactsController],
  providers: [MonthEndJob, RulebookService, FactsService],
  exports: [FactsService, RulebookService],
})
export class ScoringModule {}
