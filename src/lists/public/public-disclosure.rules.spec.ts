import { DEFAULT_RULEBOOK } from '../../scoring/domain/rulebook.js';
import { isPublicList, isPubliclyListed, PUBLIC_ENTRY_FIELDS, publicEntryOf, rulesInForce, schemeScore, type PublicListEntry } from './public-disclosure.rules.js';

describe('public disclosure rules', () => {
  const active = { status: 'active', startsOn: '2026-03-01', plannedEndOn: '2027-03-01', endedOn: null, endKind: null };

  it.each([
    ['red', true], ['black', true], ['watch', false], ['RED', false], ['', false], [undefined, false], [1, false],
  ])('isPublicList(%p) is %p', (value, expected) => {
    expect(isPublicList(value)).toBe(expected);
  });

  it.each([
    ['active, mid-period', active, '2026-06-15', true],
    ['active, on its first day', active, '2026-03-01', true],
    ['active, day before it starts', active, '2026-02-28', false],
    ['active, last day before the planned end', active, '2027-02-28', true],
    ['active, on the planned end (exclusive; the daily job has not run yet)', active, '2027-03-01', false],
    ['active, leap-day start, day before the end', { ...active, startsOn: '2028-02-29', plannedEndOn: '2029-02-28' }, '2029-02-27', true],
    ['proposed', { ...active, status: 'proposed', startsOn: null, plannedEndOn: null }, '2026-06-15', false],
    ['rejected', { ...active, status: 'rejected', startsOn: null, plannedEndOn: null }, '2026-06-15', false],
    ['withdrawn', { ...active, status: 'withdrawn', startsOn: null, plannedEndOn: null }, '2026-06-15', false],
    ['ended by repair', { ...active, status: 'ended', endedOn: '2026-05-01', endKind: 'repaired' }, '2026-06-15', false],
    ['ended early', { ...active, status: 'ended', endedOn: '2026-05-01', endKind: 'early_exit' }, '2026-06-15', false],
    ['expired', { ...active, status: 'ended', endedOn: '2027-03-01', endKind: 'expired' }, '2027-03-02', false],
    ['active with an end kind (inconsistent row): hidden', { ...active, endKind: 'repaired' }, '2026-06-15', false],
    ['active with an end day that has come', { ...active, endedOn: '2026-06-15' }, '2026-06-15', false],
    ['active with an end day still ahead', { ...active, endedOn: '2026-06-16' }, '2026-06-15', true],
    ['active without dates', { ...active, startsOn: null, plannedEndOn: null }, '2026-06-15', false],
  ])('%s → %p on %s', (_name, entry, day, expected) => {
    expect(isPubliclyListed(entry, day as string)).toBe(expected);
  });

  it('a public row keeps only the public fields', () => {
    const row = { name: 'N', uscc: 'U', list: 'red', legalBasis: 'B', startsOn: '2026-01-01', plannedEndOn: '2027-01-01', reasons: 'secret', grade: 'A', score: 91 } as unknown as PublicListEntry;
    const out = publicEntryOf(row);
    expect(Object.keys(out)).toEqual([...PUBLIC_ENTRY_FIELDS]);
    expect(JSON.stringify(out)).not.toMatch(/secret|grade|score/);
  });

  it('summarises the default rulebook: base, items by sign with points and tiers, bands, overrides', () => {
    const zh = schemeScore(DEFAULT_RULEBOOK, 'zh-CN');
    expect(zh).toMatchObject({ base: 60, min: 0, max: 100, objectionWorkingDays: 5, nominationMinAnnual: 90 });
    expect(zh.positive.map((i) => i.code)).toEqual(['P01', 'P02', 'P03', 'P04', 'P05', 'P06', 'P07', 'P08', 'P09', 'P10', 'P11', 'P12']);
    expect(zh.negative.map((i) => i.code)).toEqual(['N01', 'N02', 'N03', 'N04', 'N05', 'N06', 'N07', 'N08', 'N09']);
    expect(zh.positive.find((i) => i.code === 'P06')).toEqual({ code: 'P06', label: '第三方评价等级 A / B', points: '+10 / +5', cap: null, windowMonths: null });
    expect(zh.negative.find((i) => i.code === 'N04')?.points).toBe('−3 / −8 / −20');
    expect(zh.positive.find((i) => i.code === 'P05')).toMatchObject({ points: '+2', cap: 6, windowMonths: 12 });
    expect(zh.grades).toEqual([
      { grade: 'A', min: 85, below: null }, { grade: 'B', min: 70, below: 85 }, { grade: 'C', min: 60, below: 70 }, { grade: 'D', min: 0, below: 60 },
    ]);
    expect(zh.overrides).toEqual([
      { label: '列入黑名单', tier: null, atMost: 'D' },
      { label: expect.stringContaining('公示期内未修复') as unknown as string, tier: 'serious', atMost: 'C' },
      { label: '列入经营异常名录', tier: null, atMost: 'C' },
    ]);
    expect(schemeScore(DEFAULT_RULEBOOK, 'en').negative.find((i) => i.code === 'N09')).toMatchObject({ label: 'On the black list', points: '−30' });
  });

  it('an item without a label reads as its code; a rulebook without optional parts reads as null', () => {
    const s = schemeScore({ version: 'v', effectiveFrom: '2026-01-01', base: 50, min: 0, max: 100, items: { X1: { code: 'X1', sign: 1, points: 1 } }, grades: [{ grade: 'D', min: 0 }] }, 'en');
    expect(s.positive).toEqual([{ code: 'X1', label: 'X1', points: '+1', cap: null, windowMonths: null }]);
    expect(s).toMatchObject({ overrides: [], objectionWorkingDays: null, nominationMinAnnual: null, grades: [{ grade: 'D', min: 0, below: null }] });
  });

  it('picks the list rule in force on a day, per list in red, black, watch order', () => {
    const rows = [
      { list: 'black' as const, effectiveFrom: '2020-01-01', id: 1 },
      { list: 'black' as const, effectiveFrom: '2026-07-01', id: 2 },
      { list: 'red' as const, effectiveFrom: '2020-01-01', id: 3 },
      { list: 'watch' as const, effectiveFrom: '2027-01-01', id: 4 },
    ];
    expect(rulesInForce(rows, '2026-06-30').map((r) => r.id)).toEqual([3, 1]);
    expect(rulesInForce(rows, '2026-07-01').map((r) => r.id)).toEqual([3, 2]);
    expect(rulesInForce(rows, '2027-01-01').map((r) => r.id)).toEqual([3, 2, 4]);
    expect(rulesInForce([], '2026-01-01')).toEqual([]);
  });
});
