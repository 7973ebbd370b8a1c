import { Module } from '@nestjs/common';

/** The review of a drafted programme: populations, inclusion probabilities, workload, the 无事不扰 number, the random floor, the back-test, the diff. */
@Module({})
export class PlanReviewModule {}
