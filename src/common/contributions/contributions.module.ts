import { Global, Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { ContributionRegistry } from './contribution-registry.js';

/** The registry of contributions between contexts (see contribution.ts); global, like the configuration. */
@Global()
@Module({ imports: [DiscoveryModule], providers: [ContributionRegistry], exports: [ContributionRegistry] })
export class ContributionsModule {}
