import { Module } from '@nestjs/common';
import { AccountsModule } from '../../accounts/accounts.module.js';
import { InspectionItemsModule } from '../items/items.module.js';
import { ProgrammeExportService } from './programme-export.service.js';
import { ProgrammePlanReview } from './programme-plan-review.js';
import { ProgrammesAuditSubjects } from './programmes-audit.subjects.js';
import { ProgrammesController } from './programmes.controller.js';
import { ProgrammesHomeSection } from './programmes-home.section.js';
import { ProgrammesPagesController } from './programmes.pages.controller.js';
import { ProgrammesQueries } from './programmes.queries.js';
import { ProgrammesService } from './programmes.service.js';

/** Sampling programmes: drafting, calendar, comments, maker-checker approval with the plan's SHA-256, amendments, exports. */
@Module({
  imports: [AccountsModule, InspectionItemsModule],
  controllers: [ProgrammesController, ProgrammesPagesController],
  providers: [ProgrammesService, ProgrammesQueries, ProgrammeExportService, ProgrammePlanReview, ProgrammesHomeSection, ProgrammesAuditSubjects],
  exports: [ProgrammesService, ProgrammesQueries],
})
export class ProgrammesModule {}
