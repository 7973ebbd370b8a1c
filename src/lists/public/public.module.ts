import { Module } from '@nestjs/common';
import { ListsCoreModule } from '../core/lists-core.module.js';
import { PublicListsController } from './public.controller.js';
import { PublicPagesController } from './public.pages.controller.js';
import { PublicListsQueries } from './public-lists.queries.js';

/** The public disclosure pages, readable without logging in: the red and black lists, inspection results and how the scheme works. */
@Module({
  imports: [ListsCoreModule],
  controllers: [PublicPagesController, PublicListsController],
  providers: [PublicListsQueries],
})
export class PublicDisclosureModule {}
