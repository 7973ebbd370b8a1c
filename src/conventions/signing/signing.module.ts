import { Module } from '@nestjs/common';
import { ConventionsCoreModule } from '../core/conventions-core.module.js';
import { ReceiptPdfService } from './receipt-pdf.service.js';
import { SigningProgressQueries } from './signing-progress.queries.js';
import { SigningController } from './signing.controller.js';
import { SigningPagesController } from './signing.pages.controller.js';
import { SigningReminders } from './signing-reminders.js';
import { SigningService } from './signing.service.js';
import { VerifyPagesController } from './verify.pages.controller.js';

/** Conventions: signing online and on paper, receipts (page and PDF), public verification, progress per version, deadline reminders. */
@Module({
  imports: [ConventionsCoreModule],
  controllers: [SigningController, SigningPagesController, VerifyPagesController],
  providers: [SigningService, SigningProgressQueries, ReceiptPdfService, SigningReminders],
  exports: [SigningService],
})
export class ConventionsSigningModule {}
