import { axisMin, scoreHistorySvg, xPositions, yOf, type ScoreChartPoint } from './score-chart.rules.js';

const BANDS = [{ grade: 'A', min: 85 }, { grade: 'B', min: 70 }, { grade: 'C', min: 60 }, { grade: 'D', min: 0 }];
const svg = (points: ScoreChartPoint[]) => scoreHistorySvg(points, { title: 'History <of> "T"', bands: BANDS });
const pointsOf = (s: string) => [...s.matchAll(/<g class="point" data-month="([^"]+)" data-score="(\d+)" data-grade="(\w)"( data-erratum="1")?>/g)].map((m) => [m[1], Number(m[2]), m[3], Boolean(m[4])]);

describe('score chart', () => {
  it.each([
    [0, []],
    [1, [60]],
    [2, [10, 110]],
    [3, [10, 60, 110]],
  ])('xPositions(%p) spreads the points across the axis', (n, expected) => expect(xPositions(n, 10, 110)).toEqual(expected));

  it.each([
    [0, 200], [100, 0], [50, 100], [-5, 200], [130, 0],
  ])('yOf(%p) on 0–100 drawn 0..200 is %p (clamped)', (score, y) => expect(yOf(score, 0, 100, 0, 200)).toBe(y));

  it.each([
    ['not fitted', [72, 86], false, 0],
    ['scores 66–86: 10 under the C boundary', [66, 86], true, 50],
    ['a score of 47: 30', [47, 80], true, 30],
    ['a score of 3: the axis minimum', [3], true, 0],
    ['a score of 55 exactly: 40', [55], true, 40],
    ['no scores: 10 under the C boundary', [], true, 50],
  ])('axisMin %s', (_name, scores, fit, expected) => expect(axisMin(scores as number[], BANDS, 0, fit as boolean)).toBe(expected));

  it('a fitted axis starts at its minimum: the lowest band is cut there and labelled with it', () => {
    const s = scoreHistorySvg([{ month: '2026-05', score: 72, grade: 'B' }], { title: 't', bands: BANDS, fit: true });
    expect(s).toMatch(/<g class="band" data-grade="D">.*?>50<\/text><\/g>/);
  });

  it('draws one point per month, oldest first, whatever the input order, with an erratum marked', () => {
    const s = svg([{ month: '2026-05', score: 72, grade: 'B' }, { month: '2026-03', score: 66, grade: 'C' }, { month: '2026-04', score: 69, grade: 'C', erratum: true }]);
    expect(pointsOf(s)).toEqual([['2026-03', 66, 'C', false], ['2026-04', 69, 'C', true], ['2026-05', 72, 'B', false]]);
    expect(s).toContain('<polyline');
    expect(s).toContain('69 C*');
  });

  it('draws every grade band between its bounds, the top one up to the axis maximum', () => {
    const s = svg([{ month: '2026-05', score: 72, grade: 'B' }]);
    expect([...s.matchAll(/<g class="band" data-grade="(\w)">/g)].map((m) => m[1])).toEqual(['A', 'B', 'C', 'D']);
    expect(s).not.toContain('<polyline');
  });

  it('an empty history is an empty axis, and text is escaped', () => {
    const s = svg([]);
    expect(pointsOf(s)).toEqual([]);
    expect(s).toContain('<title>History &lt;of&gt; &quot;T&quot;</title>');
    expect(s).not.toMatch(/<script/);
  });

  it('labels at most one month per 56 px, always the first and the last', () => {
    const months = Array.from({ length: 24 }, (_, i) => ({ month: `20${25 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`, score: 70, grade: 'B' }));
    const s = scoreHistorySvg(months, { title: 't', bands: BANDS, width: 640 });
    const labels = [...s.matchAll(/fill="#374151">(\d{4}-\d{2})</g)].map((m) => m[1]);
    expect(labels[0]).toBe('2025-01');
    expect(labels.at(-1)).toBe('2026-12');
    expect(labels.length).toBeLessThanOrEqual(12);
  });
});
