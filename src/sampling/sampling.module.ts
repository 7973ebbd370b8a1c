import { Module } from '@nestjs/common';
import { DrawExecutionsJob } from './jobs/draw-executions.job.js';

/** Risk-based random inspection (双随机、一公开). Only the draw-execution job's schedule exists so far. */
@Module({ providers: [DrawExecutionsJob] })
export class SamplingModule {}
