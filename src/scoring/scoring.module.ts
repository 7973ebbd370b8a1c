import { Module } from '@nestjs/common';
import { MonthEndJob } from './jobs/month-end.job.js';

/** The self-discipline score (rulebook, engine, monthly cycle). Only the month-end job's schedule exists so far. */
@Module({ providers: [MonthEndJob] })
export class ScoringModule {}
