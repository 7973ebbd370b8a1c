import { Module } from '@nestjs/common';
import { ListsCoreModule } from '../core/lists-core.module.js';

/** Joint checks (逢办必查) by other systems, their feedback, and the log. */
@Module({
  imports: [ListsCoreModule],
})
export class JointChecksModule {}
