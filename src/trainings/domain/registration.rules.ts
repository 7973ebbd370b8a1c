/** A tenant's seat on a session: registered (counts against capacity), waitlisted, or given up. */
export const REGISTRATION_STATUSES = ['registered', 'waitlisted', 'cancelled'] as const;
export type RegistrationStatus = (typeof REGISTRATION_STATUSES)[number];

export interface SeatRow {
  id: number;
  tenantId: number;
  status: RegistrationStatus;
  createdAt: Date;
}

/** Where a new registration goes: a seat while `registered` is below capacity (null = no limit), else the waiting list. */
export function placeFor(capacity: number | null, registered: number): 'registered' | 'waitlisted' {
  return capacity === null || registered < capacity ? 'registered' : 'waitlisted';
}

/** Waiting-list order: first come first served, createdAt then id. */
export function byWaitingOrder(a: Pick<SeatRow, 'id' | 'createdAt'>, b: Pick<SeatRow, 'id' | 'createdAt'>): number {
  return a.createdAt.getTime() - b.createdAt.getTime() || a.id - b.id;
}

/** The waitlisted rows that move up now: as many as there are free seats, in waiting-list order. */
export function moveUps(capacity: number | null, rows: SeatRow[]): SeatRow[] {
  const waiting = rows.filter((r) => r.status === 'waitlisted').sort(byWaitingOrder);
  if (capacity === null) return waiting;
  const free = capacity - rows.filter((r) => r.status === 'registered').length;
  return free > 0 ? waiting.slice(0, free) : [];
}

/** A tenant's place on the waiting list, from 1; null when it is not waiting. */
/** True when an edit frees seats: the capacity rose, or the limit was lifted (null is no limit). */
export function seatsGrew(before: number | null, after: number | null): boolean {
  if (after === null) return before !== null;
  return before !== null && after > before;
}

export function waitlistPosition(rows: SeatRow[], tenantId: number): number | null {
  const waiting = rows.filter((r) => r.status === 'waitlisted').sort(byWaitingOrder);
  const index = waiting.findIndex((r) => r.tenantId === tenantId);
  return index < 0 ? null : index + 1;
}

export type RegistrationRefusal = 'sessionCancelled' | 'sessionStarted' | 'tenantInactive' | 'notInvited' | 'alreadyRegistered';

/**
 * Whether a tenant may take (or queue for) a seat: the session is scheduled and has not started, the tenant is active
 * (a suspended or moved-out tenant takes no seat); a required session
 * takes its invited tenants only, an optional one any active tenant; a tenant holds one live seat at a time (a
 * cancelled one may register again, at the back of the queue).
 */
export function registrationRefusal(input: {
  now: Date;
  startsAt: Date;
  sessionStatus: string;
  optional: boolean;
  invited: boolean;
  current: RegistrationStatus | null;
  /** Unknown (undefined) counts as active. */
  tenantActive?: boolean;
}): RegistrationRefusal | null {
  if (input.sessionStatus !== 'scheduled') return 'sessionCancelled';
  if (input.now.getTime() >= input.startsAt.getTime()) return 'sessionStarted';
  if (input.tenantActive === false) return 'tenantInactive';
  if (!input.optional && !input.invited) return 'notInvited';
  if (input.current === 'registered' || input.current === 'waitlisted') return 'alreadyRegistered';
  return null;
}

export type CancellationRefusal = 'notRegistered' | 'sessionStarted';

/** A live seat may be given up until the session starts. */
export function cancellationRefusal(input: { now: Date; startsAt: Date; current: RegistrationStatus | null }): CancellationRefusal | null {
  if (input.current !== 'registered' && input.current !== 'waitlisted') return 'notRegistered';
  if (input.now.getTime() >= input.startsAt.getTime()) return 'sessionStarted';
  return null;
}
