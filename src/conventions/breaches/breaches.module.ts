import { Module } from '@nestjs/common';
import { ConventionsCoreModule } from '../core/conventions-core.module.js';
import { BreachesController } from './breaches.controller.js';
import { BreachesPagesController } from './breaches.pages.controller.js';
import { BreachesQueries } from './breaches.queries.js';
import { BreachesService } from './breaches.service.js';

/** Conventions: breaches of clauses with evidence, and the tenant's responses. */
@Module({
  imports: [ConventionsCoreModule],
  controllers: [BreachesController, BreachesPagesController],
  providers: [BreachesService, BreachesQueries],
  exports: [BreachesService, BreachesQueries],
})
export class ConventionsBreachesModule {}
