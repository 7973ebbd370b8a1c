import { Injectable, OnModuleInit } from '@nestjs/common';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import { JOBS } from './job-definitions.js';
import { JOB_HANDLER_KEY } from './job-handler.decorator.js';
import type { JobHandlerFn } from './queue.port.js';

/** Finds every @JobHandler at boot; boot fails when a known job has no handler or a handler names an unknown job. */
@Injectable()
export class JobRegistry implements OnModuleInit {
  private readonly found = new Map<string, JobHandlerFn>();

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly reflector: Reflector,
  ) {}

  onModuleInit(): void {
    for (const wrapper of this.discovery.getProviders()) {
      const instance = wrapper.instance as Record<string, unknown> | undefined;
      if (!instance || typeof instance !== 'object' || !wrapper.isDependencyTreeStatic()) continue;
      const prototype = Object.getPrototypeOf(instance) as object;
      for (const method of this.scanner.getAllMethodNames(prototype)) {
        const fn = instance[method];
        if (typeof fn !== 'function') continue;
        const name = this.reflector.get<string | undefined>(JOB_HANDLER_KEY, fn as () => unknown);
        if (!name) continue;
        if (!(name in JOBS)) throw new Error(`@JobHandler('${name}') on ${prototype.constructor.name}.${method}: no such job in JOBS`);
        if (this.found.has(name)) throw new Error(`job '${name}' has two handlers`);
        this.found.set(name, (data, ctx) => (fn as JobHandlerFn).call(instance, data, ctx));
      }
    }
    const missing = Object.keys(JOBS).filter((name) => !this.found.has(name));
    if (missing.length) throw new Error(`no @JobHandler for job(s): ${missing.join(', ')}`);
  }

  handlers(): ReadonlyMap<string, JobHandlerFn> {
    return this.found;
  }
}
