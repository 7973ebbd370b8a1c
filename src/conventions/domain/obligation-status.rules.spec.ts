import { needsFreshDeadline, OBLIGATION_STATUSES, obligationStatusAfter, obligationSubject, obligationTransitions, type ObligationStatus, type TenantStatusValue } from './obligation-status.rules.js';

describe('obligationStatusAfter', () => {
  it.each<[TenantStatusValue, ObligationStatus, ObligationStatus | null]>([
    ['suspended', 'active', 'paused'],
    ['suspended', 'paused', null],
    ['suspended', 'cancelled', 'paused'], // a move-out reversed to "suspended"
    ['suspended', 'superseded', null],
    ['moved_out', 'active', 'cancelled'],
    ['moved_out', 'paused', 'cancelled'],
    ['moved_out', 'cancelled', null],
    ['moved_out', 'superseded', null],
    ['active', 'active', null],
    ['active', 'paused', 'active'],
    ['active', 'cancelled', 'active'], // a move-out reversed
    ['active', 'superseded', null],
  ])('tenant %s: %s → %s', (tenant, current, next) => {
    expect(obligationStatusAfter(tenant, current)).toBe(next);
  });

  it('the table covers every obligation status', () => {
    expect(OBLIGATION_STATUSES).toEqual(['active', 'paused', 'cancelled', 'superseded']);
  });

  it.each<[TenantStatusValue, { from: ObligationStatus; to: ObligationStatus }[]]>([
    ['active', [{ from: 'paused', to: 'active' }, { from: 'cancelled', to: 'active' }]],
    ['suspended', [{ from: 'active', to: 'paused' }, { from: 'cancelled', to: 'paused' }]],
    ['moved_out', [{ from: 'active', to: 'cancelled' }, { from: 'paused', to: 'cancelled' }]],
  ])('transitions when the tenant becomes %s', (tenant, expected) => {
    expect(obligationTransitions(tenant)).toEqual(expected);
  });
});

describe('needsFreshDeadline', () => {
  it.each<[ObligationStatus, ObligationStatus, boolean]>([
    ['paused', 'active', true],
    ['cancelled', 'active', true],
    ['active', 'paused', false],
    ['active', 'cancelled', false],
    ['cancelled', 'paused', false],
    ['active', 'active', false],
  ])('%s → %s: %s', (from, to, fresh) => {
    expect(needsFreshDeadline(from, to)).toBe(fresh);
  });
});

describe('obligationSubject', () => {
  it('names the obligation', () => {
    expect(obligationSubject(42)).toBe('signing-obligation:42');
  });
});
