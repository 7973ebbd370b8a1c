import { Module } from '@nestjs/common';
import { SamplingDailyJob } from './jobs/sampling-daily.job.js';

/** Inspection tasks: inspectors' results, findings and abnormal-operations proposals, publication within 20 working days, the public results page. */
@Module({ providers: [SamplingDailyJob] })
export class InspectionsModule {}
