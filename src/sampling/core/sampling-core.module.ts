import { Module } from '@nestjs/common';

/** What every part of sampling reads: the frame of a programme (strata from the latest published grades, targeted, cooldown exclusions). */
@Module({})
export class SamplingCoreModule {}
