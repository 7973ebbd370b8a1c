import { Module } from '@nestjs/common';
import { ListsCoreModule } from '../core/lists-core.module.js';

/** Credit repair (信用修复) of a finding or a black/watch entry: eligibility, the application with its artefacts, review in working days, the decision. */
@Module({
  imports: [ListsCoreModule],
})
export class ListsRepairModule {}
