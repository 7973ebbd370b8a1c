export const TENANT_STATUSES = ['active', 'suspended', 'moved_out'] as const;
export type TenantStatus = (typeof TENANT_STATUSES)[number];

/** Allowed status changes: a moved-out tenant stays moved out (a returning firm is re-registered by staff decision, not reopened). */
const TRANSITIONS: Record<TenantStatus, readonly TenantStatus[]> = {
  active: ['suspended', 'moved_out'],
  suspended: ['active', 'moved_out'],
  moved_out: [],
};

export function canChangeStatus(from: TenantStatus, to: TenantStatus): boolean {
  return TRANSITIONS[from].includes(to);
}

/**
 * Staff may reverse the last status change (a mistaken suspension or move-out), with a reason: back
 * to the status before it. This is the one way out of "moved out".
 */
export function canReverse(current: TenantStatus, previous: TenantStatus | null): previous is TenantStatus {
  return previous !== null && previous !== current;
}
