import { Global, Module } from '@nestjs/common';
import { AccountsModule } from '../accounts/accounts.module.js';
import { AuditCheckpoints } from './audit-checkpoints.service.js';
import { AuditSubjectLookup } from './audit-subjects.js';
import { AuditPagesController } from './audit.pages.controller.js';
import { AuditService } from './audit.service.js';
import { AuditCheckpointJob } from './jobs/audit-checkpoint.job.js';

/**
 * The hash-chained audit log, its signed checkpoints and the admin's pages, which name each record
 * through the contexts' `@AuditSubjects` contributions. Global: every change of legal weight is recorded.
 */
@Global()
@Module({
  imports: [AccountsModule],
  controllers: [AuditPagesController],
  providers: [AuditService, AuditCheckpoints, AuditCheckpointJob, AuditSubjectLookup],
  exports: [AuditService, AuditCheckpoints, AuditSubjectLookup],
})
export class AuditModule {}
