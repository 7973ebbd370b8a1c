import { Injectable, type OnModuleInit } from '@nestjs/common';
import { DiscoveryService, MetadataScanner } from '@nestjs/core';
import { CONTRIBUTIONS_KEY, declaredKinds, type Contribution, type ContributionKind, type ContributionMark } from './contribution.js';

type AnyFn = (...args: never[]) => unknown;
type AnyKind = ContributionKind<unknown, AnyFn>;

/**
 * Finds every contribution (methods marked with a kind's decorator) once, at boot, and hands each
 * context the ones of its kind. Boot fails on a duplicate key or on any problem a kind's check
 * reports, naming the method.
 */
@Injectable()
export class ContributionRegistry implements OnModuleInit {
  private found?: Map<AnyKind, Contribution<unknown, AnyFn>[]>;

  constructor(private readonly discovery: DiscoveryService, private readonly scanner: MetadataScanner) {}

  onModuleInit(): void {
    this.scan();
  }

  /** The contributions of one kind, in the kind's order. */
  of<M, F extends AnyFn>(kind: ContributionKind<M, F>): readonly Contribution<M, F>[] {
    return (this.scan().get(kind as unknown as AnyKind) ?? []) as unknown as Contribution<M, F>[];
  }

  private scan(): Map<AnyKind, Contribution<unknown, AnyFn>[]> {
    if (this.found) return this.found;
    const found = new Map<AnyKind, Contribution<unknown, AnyFn>[]>();
    for (const wrapper of this.discovery.getProviders()) {
      const instance = wrapper.instance as Record<string, unknown> | undefined;
      if (!instance || typeof instance !== 'object' || !wrapper.isDependencyTreeStatic()) continue;
      const prototype = Object.getPrototypeOf(instance) as object;
      for (const method of this.scanner.getAllMethodNames(prototype)) {
        const fn = instance[method];
        if (typeof fn !== 'function') continue;
        const marks = Reflect.getMetadata(CONTRIBUTIONS_KEY, fn) as ContributionMark[] | undefined;
        for (const mark of marks ?? []) {
          const list = found.get(mark.kind) ?? [];
          list.push({ meta: mark.meta, fn: (fn as AnyFn).bind(instance) as AnyFn, where: `${prototype.constructor.name}.${method}` });
          found.set(mark.kind, list);
        }
      }
    }
    const problems: string[] = [];
    for (const kind of declaredKinds()) {
      const list = found.get(kind) ?? [];
      const byKey = new Map<string, string>();
      for (const c of list) {
        const key = kind.key(c.meta);
        const first = byKey.get(key);
        if (first) problems.push(`${kind.name} '${key}' is contributed twice: ${first} and ${c.where}`);
        else byKey.set(key, c.where);
      }
      problems.push(...(kind.check?.(list) ?? []));
      list.sort((a, b) => (kind.compare ? kind.compare(a.meta, b.meta) : 0) || kind.key(a.meta).localeCompare(kind.key(b.meta)));
      found.set(kind, list);
    }
    if (problems.length) throw new Error(`contributions: ${problems.join('; ')}`);
    this.found = found;
    return found;
  }
}
