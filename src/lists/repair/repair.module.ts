import { Module } from '@nestjs/common';
import { ConventionsCoreModule } from '../../conventions/core/conventions-core.module.js';
import { TrainingsCoreModule } from '../../trainings/core/trainings-core.module.js';
import { ListsCoreModule } from '../core/lists-core.module.js';
import { ListsEntriesModule } from '../entries/entries.module.js';
import { RepairAuditSubjects } from './repair-audit.subjects.js';
import { RepairErrorsFilter } from './repair-errors.filter.js';
import { RepairReminders } from './repair-reminders.js';
import { RepairsController } from './repairs.controller.js';
import { RepairsHomeSection } from './repairs-home.section.js';
import { RepairsPagesController } from './repairs.pages.controller.js';
import { RepairsQueries } from './repairs.queries.js';
import { RepairsService } from './repairs.service.js';

/**
 * Credit repair (信用修复) of a finding or a black/watch entry: eligibility, the application with its
 * artefacts (a commitment letter signed in ParkTrust, rectification evidence, training certificates from
 * the attendance records), review in working days, the decision that repairs the finding or ends the entry.
 */
@Module({
  imports: [ListsCoreModule, ListsEntriesModule, ConventionsCoreModule, TrainingsCoreModule],
  controllers: [RepairsController, RepairsPagesController],
  providers: [RepairsService, RepairsQueries, RepairAuditSubjects, RepairsHomeSection, RepairReminders, RepairErrorsFilter],
  exports: [RepairsService],
})
export class ListsRepairModule {}
