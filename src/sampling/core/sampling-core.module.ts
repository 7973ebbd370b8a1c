import { Module } from '@nestjs/common';
import { ListsCoreModule } from '../../lists/core/lists-core.module.js';
import { SamplingFrameService } from './sampling-frame.service.js';

/** What every part of sampling reads: the frame of a programme (strata from the latest published grades, targeted, cooldown exclusions). */
@Module({
  imports: [ListsCoreModule],
  providers: [SamplingFrameService],
  exports: [SamplingFrameService, ListsCoreModule],
})
export class SamplingCoreModule {}
