import { contributionDiff, type DiffableContribution } from './contribution-diff.js';
import { changeRows, historyRows, storedContributions, trendOf, type PublishedMonthRow } from './score-history.rules.js';

const m = (month: string, score: number, grade: string, extra: Partial<PublishedMonthRow> = {}): PublishedMonthRow =>
  ({ month, score, grade, publishedScore: score, publishedGrade: grade, percentile: 50, ...extra });
const c = (rule: string, points: number, id: number, tier: string | null = null): DiffableContribution => ({ rule, points, source: { type: 'finding', id }, tier });

describe('trendOf', () => {
  it.each([
    [72, 69, { delta: 3, direction: 'up' }],
    [60, 66, { delta: -6, direction: 'down' }],
    [70, 70, { delta: 0, direction: 'same' }],
    [70, null, null],
    [null, 70, null],
    [undefined, undefined, null],
  ])('%p against %p → %p', (current, previous, expected) => expect(trendOf(current, previous)).toEqual(expected));
});

describe('historyRows', () => {
  it('newest first, each month against the one published before it, the oldest without a change', () => {
    const rows = historyRows([m('2026-03', 66, 'C'), m('2026-05', 72, 'B'), m('2026-04', 69, 'C')]);
    expect(rows.map((r) => [r.month, r.change])).toEqual([['2026-05', 3], ['2026-04', 3], ['2026-03', null]]);
  });

  it.each([
    ['as published', m('2026-05', 72, 'B'), false],
    ['score corrected', m('2026-05', 75, 'B', { publishedScore: 72 }), true],
    ['grade corrected', m('2026-05', 72, 'B', { publishedGrade: 'C' }), true],
    ['nothing published recorded', m('2026-05', 72, 'B', { publishedScore: null, publishedGrade: null }), false],
  ])('erratum: %s', (_name, row, erratum) => expect(historyRows([row])[0].erratum).toBe(erratum));

  it('no months, no rows', () => expect(historyRows([])).toEqual([]));
});

describe('changeRows', () => {
  it('appeared, then changed, then disappeared, with what each moved the score by', () => {
    const before = [c('P06', 5, 1, 'B'), c('N05', -5, 2), c('N03', -2, 3)];
    const after = [c('P06', 10, 1, 'A'), c('N03', -2, 3), c('N04', -8, 4, 'general')];
    const rows = changeRows(contributionDiff(before, after));
    expect(rows.map((r) => [r.kind, r.contribution.rule, r.before, r.after, r.tierBefore, r.tierAfter, r.delta])).toEqual([
      ['appeared', 'N04', null, -8, null, 'general', -8],
      ['changed', 'P06', 5, 10, 'B', 'A', 5],
      ['disappeared', 'N05', -5, null, null, null, 5],
    ]);
  });

  it('no previous month: everything appeared', () => {
    expect(changeRows(contributionDiff(null, [c('P01', 5, 1)])).map((r) => r.kind)).toEqual(['appeared']);
  });
});

describe('storedContributions', () => {
  it.each([
    ['{"contributions":[{"rule":"P01","points":5,"source":{"type":"signature","id":1}}],"overrides":[]}', 1],
    ['{"overrides":[]}', null],
    ['not json', null],
    ['', null],
    [null, null],
  ])('%p', (json, count) => {
    const got = storedContributions(json);
    expect(got === null ? null : got.length).toBe(count);
  });
});
