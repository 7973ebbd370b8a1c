/**
 * Whether a signing obligation applies. A signed obligation keeps the status it had when signed
 * (always `active`); only unsigned ones follow their tenant and their version. Pure: no framework,
 * no database.
 * - active: the tenant must sign (pending or overdue by its deadline).
 * - paused: the tenant is suspended; resumed with a fresh deadline when it is active again.
 * - cancelled: the tenant moved out.
 * - superseded: a newer version of the convention was published; nothing to sign here any more.
 */
export const OBLIGATION_STATUSES = ['active', 'paused', 'cancelled', 'superseded'] as const;
export type ObligationStatus = (typeof OBLIGATION_STATUSES)[number];

/** The tenant statuses obligations follow (the tenants context's, by value). */
export type TenantStatusValue = 'active' | 'suspended' | 'moved_out';

/** What an unsigned obligation of a version in force becomes when its tenant takes `tenantStatus`. */
const FOLLOWS: Record<TenantStatusValue, Partial<Record<ObligationStatus, ObligationStatus>>> = {
  active: { paused: 'active', cancelled: 'active' },
  suspended: { active: 'paused', cancelled: 'paused' },
  moved_out: { active: 'cancelled', paused: 'cancelled' },
};

/**
 * The new status of an unsigned obligation of a published version when its tenant's status becomes
 * `tenantStatus`, or null when it stays as it is. A superseded obligation never comes back; a
 * cancelled one comes back only when a move-out is reversed.
 */
export function obligationStatusAfter(tenantStatus: TenantStatusValue, current: ObligationStatus): ObligationStatus | null {
  return FOLLOWS[tenantStatus][current] ?? null;
}

/** An obligation that applies again gets a full signing period from that day (its old deadline may have passed while it was on hold). */
export function needsFreshDeadline(from: ObligationStatus, to: ObligationStatus): boolean {
  return to === 'active' && from !== 'active';
}

/** Every transition the tenant's new status causes, for set-based updates and the confirmation page. */
export function obligationTransitions(tenantStatus: TenantStatusValue): { from: ObligationStatus; to: ObligationStatus }[] {
  return OBLIGATION_STATUSES.flatMap((from) => {
    const to = obligationStatusAfter(tenantStatus, from);
    return to ? [{ from, to }] : [];
  });
}

/** The subject notices about one obligation carry, so they can be retired when it stops applying. */
export function obligationSubject(obligationId: number): string {
  return `signing-obligation:${obligationId}`;
}
