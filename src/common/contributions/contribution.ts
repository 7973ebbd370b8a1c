export const CONTRIBUTIONS_KEY = 'parktrust:contributions';

/** One method found at boot that contributes to another context. */
export interface Contribution<M, F extends (...args: never[]) => unknown> {
  meta: M;
  /** The method, bound to its provider. */
  fn: F;
  /** `Class.method`, for messages. */
  where: string;
}

/**
 * A kind of contribution one context accepts from others: job handlers, hub panels, reminder
 * sources, work when tenants join, attachment owners, score-fact sources … Each is declared once
 * with `defineContribution`, which returns the method decorator contributors put on a provider
 * method. Every contribution is discovered at boot by the ContributionRegistry; a duplicate key, or
 * whatever the kind's `check` reports (a required contribution missing, a template that does not
 * exist), stops the boot with a message.
 */
export interface ContributionKind<M, F extends (...args: never[]) => unknown> {
  /** Human name used in boot errors: "hub panel", "job handler" … */
  readonly name: string;
  /** The contributions' identity; two contributions with the same key stop the boot. */
  key(meta: M): string;
  /** Problems with the whole set (missing required keys …); each string stops the boot. */
  check?(found: readonly Contribution<M, F>[]): string[];
  /** Order in which consumers get them (default: by key). */
  compare?(a: M, b: M): number;
}

interface Mark {
  kind: ContributionKind<unknown, (...args: never[]) => unknown>;
  meta: unknown;
}

const KINDS = new Set<ContributionKind<unknown, (...args: never[]) => unknown>>();

/** Every kind declared so far (declarations run at import time, before any module boots). */
export function declaredKinds(): ReadonlySet<ContributionKind<unknown, (...args: never[]) => unknown>> {
  return KINDS;
}

/** A declared kind, with the decorator that marks a method as one of its contributions. */
export interface DeclaredContribution<M, F extends (...args: never[]) => unknown> extends ContributionKind<M, F> {
  decorator(meta: M): MethodDecorator;
}

/** Declares a kind (once, at import time). */
export function defineContribution<M, F extends (...args: never[]) => unknown>(spec: ContributionKind<M, F>): DeclaredContribution<M, F> {
  const kind: DeclaredContribution<M, F> = {
    ...spec,
    decorator: (meta: M): MethodDecorator => (_target, _property, descriptor) => {
      const fn = descriptor.value as object;
      const marks = (Reflect.getMetadata(CONTRIBUTIONS_KEY, fn) as Mark[] | undefined) ?? [];
      Reflect.defineMetadata(CONTRIBUTIONS_KEY, [...marks, { kind, meta }], fn);
    },
  };
  KINDS.add(kind as unknown as ContributionKind<unknown, (...args: never[]) => unknown>);
  return kind;
}

export type { Mark as ContributionMark };
