import { Module } from '@nestjs/common';
import { SamplingCoreModule } from './core/sampling-core.module.js';
import { DrawsModule } from './draws/draws.module.js';
import { EffectivenessModule } from './effectiveness/effectiveness.module.js';
import { InspectionsModule } from './inspections/inspections.module.js';
import { InspectorsModule } from './inspectors/inspectors.module.js';
import { InspectionItemsModule } from './items/items.module.js';
import { ProgrammesModule } from './programmes/programmes.module.js';
import { PlanReviewModule } from './review/plan-review.module.js';

/**
 * Risk-based random inspection (双随机、一公开): one list of items, two pools (tenants by grade,
 * inspectors by department), one set of rules in a programme a regulator approves; verifiable draws
 * (DESIGN.md §5) run as jobs; inspectors record results that are published and become findings.
 * Contributions (hub panels, home sections, audit names, attachment owners) are declared where they live.
 */
@Module({
  imports: [SamplingCoreModule, InspectionItemsModule, InspectorsModule, ProgrammesModule, PlanReviewModule, DrawsModule, InspectionsModule, EffectivenessModule],
  exports: [SamplingCoreModule],
})
export class SamplingModule {}
