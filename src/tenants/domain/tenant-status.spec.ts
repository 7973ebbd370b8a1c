import { canChangeStatus, canReverse, TENANT_STATUSES, type TenantStatus } from './tenant-status.js';

describe('canChangeStatus', () => {
  it.each<[TenantStatus, TenantStatus, boolean]>([
    ['active', 'active', false],
    ['active', 'suspended', true],
    ['active', 'moved_out', true],
    ['suspended', 'active', true],
    ['suspended', 'suspended', false],
    ['suspended', 'moved_out', true],
    // A moved-out tenant stays moved out: a returning firm is re-registered by staff decision.
    ['moved_out', 'active', false],
    ['moved_out', 'suspended', false],
    ['moved_out', 'moved_out', false],
  ])('%s → %s: %s', (from, to, allowed) => {
    expect(canChangeStatus(from, to)).toBe(allowed);
  });

  it('the table above covers every pair of statuses', () => {
    expect(TENANT_STATUSES).toEqual(['active', 'suspended', 'moved_out']);
  });

  it('never allows a change to the same status (every change needs a reason and an audit entry)', () => {
    for (const s of TENANT_STATUSES) expect(canChangeStatus(s, s)).toBe(false);
  });
});

describe('canReverse', () => {
  it.each<[TenantStatus, TenantStatus | null, boolean]>([
    ['moved_out', 'active', true],
    ['moved_out', 'suspended', true],
    ['suspended', 'active', true],
    ['active', 'suspended', true],
    ['active', null, false], // never changed
    ['active', 'active', false],
  ])('now %s, before %s: %s', (current, previous, allowed) => {
    expect(canReverse(current, previous)).toBe(allowed);
  });
});
