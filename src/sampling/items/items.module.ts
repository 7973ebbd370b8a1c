import { Module } from '@nestjs/common';
import { AccountsModule } from '../../accounts/accounts.module.js';
import { InspectionItemsController } from './inspection-items.controller.js';
import { InspectionItemsPagesController } from './inspection-items.pages.controller.js';
import { InspectionItemsQueries } from './inspection-items.queries.js';
import { InspectionItemsService } from './inspection-items.service.js';
import { InspectionItemsAuditSubjects } from './items-audit.subjects.js';

/** The inspection-item list (事项清单): pages, JSON API, and `InspectionItemsService.byIds` / `listActive` for programmes and tasks. */
@Module({
  imports: [AccountsModule],
  controllers: [InspectionItemsController, InspectionItemsPagesController],
  providers: [InspectionItemsService, InspectionItemsQueries, InspectionItemsAuditSubjects],
  exports: [InspectionItemsService],
})
export class InspectionItemsModule {}
