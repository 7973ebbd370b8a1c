import { Module } from '@nestjs/common';
import { ListsCoreModule } from '../core/lists-core.module.js';

/** The public disclosure pages, readable without logging in: the red and black lists, inspection results and how the scheme works. */
@Module({
  imports: [ListsCoreModule],
})
export class PublicDisclosureModule {}
