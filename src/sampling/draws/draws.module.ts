import { Module } from '@nestjs/common';
import { DrawExecutionsJob } from './draw-executions.job.js';

/** Scheduled draws: announcement (frozen frame, committed seed), public entropy, the verifiable draw (DESIGN.md §5), tasks and assignments, bundles, public draw pages. */
@Module({ providers: [DrawExecutionsJob] })
export class DrawsModule {}
