import { Injectable } from '@nestjs/common';
import { ContributionRegistry } from '../common/contributions/contribution-registry.js';
import { JOB_HANDLERS } from './job-handler.decorator.js';
import type { JobHandlerFn } from './queue.port.js';

/** The job handlers by name, from the contributions found at boot (see JOB_HANDLERS for the checks). */
@Injectable()
export class JobRegistry {
  constructor(private readonly contributions: ContributionRegistry) {}

  handlers(): ReadonlyMap<string, JobHandlerFn> {
    return new Map(this.contributions.of(JOB_HANDLERS).map((c) => [c.meta, c.fn]));
  }
}
