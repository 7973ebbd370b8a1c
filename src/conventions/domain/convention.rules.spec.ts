import { daysUntil, diffClauses, obligationState, reminderDue, sha256Hex, signingDeadline, versionText, zoneDate, type ClauseText } from './convention.rules.js';

const SH = 'Asia/Shanghai';

describe('signingDeadline', () => {
  it.each([
    // published at 10:00 Beijing time
    ['2026-11-27T02:00:00Z', 30, '2026-12-27'],
    // 23:30 UTC on the 27th is already the 28th in Shanghai
    ['2026-11-27T23:30:00Z', 30, '2026-12-28'],
    // 15:59 UTC is 23:59 in Shanghai: still the same day
    ['2026-11-27T15:59:00Z', 1, '2026-11-28'],
    // month ends
    ['2026-01-31T02:00:00Z', 30, '2026-03-02'],
    ['2028-01-31T02:00:00Z', 29, '2028-02-29'],
    ['2026-12-31T02:00:00Z', 1, '2027-01-01'],
    ['2026-11-27T02:00:00Z', 0, '2026-11-27'],
  ])('published %s with %i days → %s', (at, days, expected) => {
    expect(signingDeadline(new Date(at), days, SH)).toBe(expected);
  });

  it('uses the configured zone', () => {
    expect(signingDeadline(new Date('2026-11-27T23:30:00Z'), 0, 'UTC')).toBe('2026-11-27');
  });
});

describe('zoneDate', () => {
  it.each([
    ['2026-01-31T16:30:00Z', '2026-02-01'],
    ['2026-01-31T15:59:59Z', '2026-01-31'],
  ])('%s → %s in Shanghai', (at, expected) => {
    expect(zoneDate(new Date(at), SH)).toBe(expected);
  });
});

describe('daysUntil / obligationState', () => {
  it.each([
    ['2026-12-27', '2026-12-20', 7, 'pending'],
    ['2026-12-27', '2026-12-27', 0, 'pending'],
    ['2026-12-27', '2026-12-28', -1, 'overdue'],
    ['2026-03-01', '2026-02-28', 1, 'pending'],
    ['2028-03-01', '2028-02-28', 2, 'pending'],
  ])('deadline %s, today %s → %i days, %s', (deadline, today, days, state) => {
    expect(daysUntil(deadline, today)).toBe(days);
    expect(obligationState(false, deadline, today)).toBe(state);
  });

  it('a signed obligation is signed whatever the date', () => {
    expect(obligationState(true, '2020-01-01', '2026-01-01')).toBe('signed');
  });

  it.each([
    [false, 'paused', 'paused'],
    [false, 'cancelled', 'cancelled'],
    [false, 'superseded', 'superseded'],
    [false, 'active', 'overdue'],
    [true, 'superseded', 'signed'],
    [true, 'cancelled', 'signed'],
  ] as const)('signed %s, status %s → %s (an obligation that no longer applies is never pending or overdue)', (signed, status, state) => {
    expect(obligationState(signed, '2020-01-01', '2026-01-01', status)).toBe(state);
  });
});

describe('reminderDue', () => {
  it.each([
    ['2026-12-27', '2026-12-19', null],
    ['2026-12-27', '2026-12-20', 'due-in-7'],
    ['2026-12-27', '2026-12-21', null],
    ['2026-12-27', '2026-12-26', 'due-in-1'],
    ['2026-12-27', '2026-12-27', null],
    ['2026-12-27', '2026-12-28', 'overdue'],
    ['2026-12-27', '2027-01-15', 'overdue'],
    // across a month end and a leap day
    ['2026-03-01', '2026-02-22', 'due-in-7'],
    ['2028-03-01', '2028-02-23', 'due-in-7'],
    ['2028-03-01', '2028-02-29', 'due-in-1'],
  ])('deadline %s, today %s → %s', (deadline, today, expected) => {
    expect(reminderDue(deadline, today)).toBe(expected);
  });
});

const clause = (number: string, textZh: string, extra: Partial<ClauseText> = {}): ClauseText => ({
  number, category: 'law', customCategory: null, textZh, textEn: null, ...extra,
});

describe('versionText', () => {
  const base = { kind: 'management' as const, title: '园区管理公约', titleEn: null, versionNo: 2, effectiveDate: '2026-12-01', clauses: [clause('1', '遵守法律。'), clause('2', '诚实守信。', { category: 'integrity', textEn: 'Be honest.' })] };

  it('is stable and normalises line endings and outer spaces', () => {
    const a = versionText(base);
    const b = versionText({ ...base, title: ' 园区管理公约 ', clauses: [clause('1', '遵守法律。\r\n'), clause('2', '诚实守信。', { category: 'integrity', textEn: 'Be honest.' })] });
    expect(a).toBe(b);
    expect(sha256Hex(a)).toMatch(/^[0-9a-f]{64}$/);
  });

  it.each([
    ['a clause text', { clauses: [clause('1', '遵守法律法规。'), base.clauses[1]] }],
    ['the clause order', { clauses: [base.clauses[1], base.clauses[0]] }],
    ['a category', { clauses: [clause('1', '遵守法律。', { category: 'self_governance' }), base.clauses[1]] }],
    ['the version number', { versionNo: 3 }],
    ['the effective date', { effectiveDate: '2026-12-02' }],
    ['an English text', { clauses: [base.clauses[0], clause('2', '诚实守信。', { category: 'integrity', textEn: 'Be honest!' })] }],
  ])('changes when %s changes', (_what, change) => {
    expect(versionText({ ...base, ...change })).not.toBe(versionText(base));
  });
});

describe('diffClauses', () => {
  it('reports added, removed, changed and unchanged clauses by number', () => {
    const before = [clause('1', 'A'), clause('2', 'B'), clause('3', 'C')];
    const after = [clause('1', 'A'), clause('2', 'B2'), clause('4', 'D')];
    expect(diffClauses(before, after).map((c) => [c.kind, c.number])).toEqual([
      ['unchanged', '1'], ['changed', '2'], ['added', '4'], ['removed', '3'],
    ]);
  });

  it('counts a category change as a change', () => {
    expect(diffClauses([clause('1', 'A')], [clause('1', 'A', { category: 'integrity' })])[0].kind).toBe('changed');
  });

  it('handles an empty previous version', () => {
    expect(diffClauses([], [clause('1', 'A')])).toEqual([{ kind: 'added', number: '1', after: clause('1', 'A') }]);
  });
});
