import { DEFAULT_RULEBOOK } from '../domain/rulebook.js';
import { explanationRefs, explanationView, signedText, type ExplainableContribution, type ExplainableResult } from './explanation.view.js';

const c = (rule: string, points: number, extra: Partial<ExplainableContribution> = {}): ExplainableContribution =>
  ({ rule, points, source: { type: 'finding', id: 7 }, date: '2026-05-01', ...extra });

const result = (contributions: ExplainableContribution[], extra: Partial<ExplainableResult> = {}): ExplainableResult => ({
  base: 60, total: 60 + contributions.reduce((s, x) => s + x.points, 0), grade: 'C', bandGrade: 'C', gradeNote: null,
  contributions, overrides: [], rulebookVersion: DEFAULT_RULEBOOK.version, ...extra,
});

const none = () => null;

describe('signedText', () => {
  it.each([[5, '+5'], [-8, '\u22128'], [0, '0']])('%p → %p', (n, text) => expect(signedText(n)).toBe(text));
});

describe('explanationView', () => {
  it.each([
    { name: 'positives and negatives', contributions: [c('P01', 5), c('P06', 10, { tier: 'A' }), c('N05', -5), c('N02', -3)], total: undefined, equation: '60 + 15 \u2212 8 = 67' },
    { name: 'only the base', contributions: [], total: undefined, equation: '60 = 60' },
    { name: 'clamped at the top', contributions: [c('P01', 45)], total: 100, equation: '60 + 45 = 105 \u2192 100' },
    { name: 'clamped at zero', contributions: [c('N09', -30), c('N04', -40)], total: 0, equation: '60 \u2212 70 = \u221210 \u2192 0' },
  ])('equation: $name', ({ contributions, total, equation }) => {
    const view = explanationView(result(contributions, total === undefined ? {} : { total }), DEFAULT_RULEBOOK, 'en', none);
    expect(view.equation).toBe(equation);
    expect(view.clamped).toBe(total !== undefined);
    expect(view.empty).toBe(contributions.length === 0);
  });

  it('groups positives before negatives with their sums, and signs a zero-point capped negative by its item', () => {
    const view = explanationView(result([c('P05', 2), c('N03', -2), c('N03', 0, { capped: true, uncapped: -2 })]), DEFAULT_RULEBOOK, 'zh-CN', none);
    expect(view.groups.map((g) => [g.kind, g.sumText, g.items.length])).toEqual([['positive', '+2', 1], ['negative', '\u22122', 2]]);
    const capped = view.groups[1].items[1];
    expect(capped).toMatchObject({ capReached: true, capped: true, pointsText: '0', uncappedText: '\u22122', label: '必修培训无故缺席' });
  });

  it('labels in the locale, names the record through the lookup, else by the fact title, else "type #id"', () => {
    const subjects = (type: string, id: string | null) => (type === 'finding' && id === '7' ? { label: 'Fire exit blocked', link: '/findings/7' } : null);
    const view = explanationView(result([
      c('N04', -20, { tier: 'serious', fact: 'N04' }),
      c('N01', -10, { source: { type: 'obligation', id: 3 }, detail: { title: 'Convention 2026' } }),
      c('P07', 6, { source: { type: 'training_attendance', id: 9 }, tier: '90', detail: { rate: 91.7, attended: 11, required: 12, threshold: '90' } }),
    ]), DEFAULT_RULEBOOK, 'en', subjects);
    const rows = view.groups.flatMap((g) => g.items);
    expect(rows.map((r) => [r.rule, r.record.label, r.record.link, r.tierKind])).toEqual([
      ['P07', 'training_attendance #9', null, 'threshold'],
      ['N04', 'Fire exit blocked', '/findings/7', 'severity'],
      ['N01', 'Convention 2026', null, null],
    ]);
    expect(rows[0].label).toBe('Required-training attendance ≥ 90% / ≥ 75%');
    expect(rows.map((r) => [r.record.named, r.record.typeKnown])).toEqual([[false, true], [true, true], [true, true]]);
    expect(rows[0].record.rate).toEqual({ attended: 11, required: 12, percent: 91.7 });
    expect(rows[1].record.rate).toBeNull();
  });

  it('an unknown rule (a rulebook without it) shows its code', () => {
    expect(explanationView(result([c('X99', 1)]), null, 'en', none).groups[0].items[0].label).toBe('X99');
  });

  it('a snapshot adjustment joins the equation; overrides and the grade note pass through', () => {
    const view = explanationView(result([c('N04', -20, { tier: 'serious' })], {
      total: 43, grade: 'C', bandGrade: 'D', gradeNote: { kind: 'override' }, adjustment: { points: 3, reason: 'late evidence' },
      overrides: [{ rule: 'N04', tier: 'serious', atMost: 'C', from: 'B', to: 'C', source: { type: 'finding', id: 7 } }],
    }), DEFAULT_RULEBOOK, 'en', none);
    expect(view.equation).toBe('60 \u2212 20 + 3 = 43');
    expect(view.adjustment).toEqual({ points: 3, pointsText: '+3', reason: 'late evidence' });
    expect(view.overrides[0]).toMatchObject({ from: 'B', to: 'C', atMost: 'C', record: { label: 'finding #7' } });
    expect(view.note).toEqual({ kind: 'override' });
    expect(view.gradeDiffers).toBe(true);
  });

  it('explanationRefs lists every contribution and override record', () => {
    expect(explanationRefs([result([c('P01', 5, { source: { type: 'signature', id: 1 } })], {
      overrides: [{ rule: 'N06', atMost: 'C', from: 'B', to: 'C', source: { type: 'finding', id: 2 } }],
    })])).toEqual([{ entityType: 'signature', entityId: '1' }, { entityType: 'finding', entityId: '2' }]);
  });
});
