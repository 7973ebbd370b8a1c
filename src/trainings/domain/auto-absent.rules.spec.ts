import { absencesCutoff, automaticMarks, dueForAbsences, type RequiredTenant } from './auto-absent.rules.js';

const at = (h: number, m: number) => new Date(Date.UTC(2026, 5, 1, h, m));

describe('dueForAbsences (grace 60 min)', () => {
  const session = { status: 'scheduled', endsAt: at(11, 0), absencesMarkedAt: null as Date | null };
  it.each<[string, Partial<typeof session>, Date, boolean]>([
    ['during the session', {}, at(10, 0), false],
    ['inside the grace period', {}, at(11, 59), false],
    ['at the end of the grace period', {}, at(12, 0), true],
    ['long after', {}, at(23, 0), true],
    ['already processed', { absencesMarkedAt: at(12, 15) }, at(13, 0), false],
    ['cancelled', { status: 'cancelled' }, at(13, 0), false],
  ])('%s → %p', (_label, change, now, due) => {
    expect(dueForAbsences({ ...session, ...change }, now)).toBe(due);
  });

  it('the cutoff is now minus the grace period', () => {
    expect(absencesCutoff(at(12, 0))).toEqual(at(11, 0));
  });
});

describe('automaticMarks', () => {
  const tenant = (tenantId: number, change: Partial<RequiredTenant> = {}): RequiredTenant => ({ tenantId, movedInAt: '2020-01-01', marked: false, excuseApproved: false, ...change });
  it.each<[string, RequiredTenant[], { tenantId: number; mark: string }[]]>([
    ['unmarked → absent', [tenant(1)], [{ tenantId: 1, mark: 'absent' }]],
    ['already marked → untouched', [tenant(1, { marked: true })], []],
    ['marked and excused → untouched', [tenant(1, { marked: true, excuseApproved: true })], []],
    ['approved excuse → excused', [tenant(1, { excuseApproved: true })], [{ tenantId: 1, mark: 'excused' }]],
    ['moved in on the session day → counted', [tenant(1, { movedInAt: '2026-06-01' })], [{ tenantId: 1, mark: 'absent' }]],
    ['moved in the day after → never absent', [tenant(1, { movedInAt: '2026-06-02' })], []],
    ['moved in after, even with an excuse → nothing', [tenant(1, { movedInAt: '2026-07-01', excuseApproved: true })], []],
    ['unknown move-in date → counted', [tenant(1, { movedInAt: null })], [{ tenantId: 1, mark: 'absent' }]],
    ['nobody required', [], []],
    [
      'a mix keeps the input order',
      [tenant(3), tenant(1, { marked: true }), tenant(2, { excuseApproved: true }), tenant(4, { movedInAt: '2027-01-01' })],
      [{ tenantId: 3, mark: 'absent' }, { tenantId: 2, mark: 'excused' }],
    ],
  ])('%s', (_label, tenants, expected) => {
    expect(automaticMarks('2026-06-01', tenants)).toEqual(expected);
  });
});
