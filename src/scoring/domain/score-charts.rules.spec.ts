import { distributionSvg, gradeShares, GRADE_ORDER, trendSvg } from './score-charts.rules.js';

describe('gradeShares', () => {
  it.each<[string, Record<string, number>, number[]]>([
    ['empty month: all zero', {}, [0, 0, 0, 0, 0]],
    ['one grade', { B: 7 }, [0, 100, 0, 0, 0]],
    ['exact shares', { A: 1, B: 1, C: 1, D: 1 }, [25, 25, 25, 25, 0]],
    ['thirds add up to 100 (largest remainder, ties in grade order)', { A: 1, B: 1, C: 1 }, [34, 33, 33, 0, 0]],
    ['largest remainder wins the point (38.46 → 39)', { A: 2, B: 5, M: 6 }, [15, 39, 0, 0, 46]],
    ['a tiny grade may show 0 %', { A: 999, D: 1 }, [100, 0, 0, 0, 0]],
    ['unknown keys and negative counts are ignored', { X: 5, A: -3, B: 2 }, [0, 100, 0, 0, 0]],
  ])('%s', (_name, counts, expected) => {
    const shares = gradeShares(counts);
    expect(shares.map((s) => s.grade)).toEqual([...GRADE_ORDER]);
    expect(shares.map((s) => s.percent)).toEqual(expected);
    const total = shares.reduce((s, r) => s + r.percent, 0);
    expect(total).toBe(shares.some((s) => s.count > 0) ? 100 : 0);
  });
});

describe('distributionSvg', () => {
  const labels = { A: 'A', B: 'B', C: 'C', D: 'D', M: 'M（新）' };
  it.each<[string, Record<string, number>, RegExp[]]>([
    ['a column per grade with count and share', { A: 3, B: 1 }, [/data-grade="A" data-count="3" data-percent="75"/, /data-grade="B" data-count="1" data-percent="25"/, />3 · 75%</]],
    ['the largest count is the full height', { A: 3, B: 1 }, [/<rect x="\d+" y="24" width="\d+" height="140" fill="#2e7d32"\/>/, /height="47" fill="#2f6fb3"/]],
    ['an empty grade draws no column', { A: 1 }, [/data-grade="D" data-count="0" data-percent="0">(?!<rect)/]],
    ['labels are escaped', { A: 1 }, [/M（新）/]],
  ])('%s', (_name, counts, patterns) => {
    const svg = distributionSvg(gradeShares(counts), { title: '<分布>', labels });
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).toMatch(/<title>&lt;分布&gt;<\/title>/);
    for (const p of patterns) expect(svg).toMatch(p);
  });

  it('an empty month is still a picture', () => {
    expect(distributionSvg(gradeShares({}), { title: 't', labels: {} })).toMatch(/^<svg[^>]*viewBox="0 0 480 190"/);
  });
});

describe('trendSvg', () => {
  const labels = { A: 'A', B: 'B', C: 'C', D: 'D', M: 'M' };
  it.each<[string, { label: string; counts: Record<string, number> }[], RegExp[], RegExp[]]>([
    ['a stacked column per month, A at the bottom', [{ label: '2026-01', counts: { A: 1, B: 1 } }],
      [/data-month="2026-01"><rect x="\d+" y="90" width="\d+" height="80" fill="#2e7d32" data-grade="A" data-percent="50"\/><rect x="\d+" y="10" width="\d+" height="80"/], []],
    ['the year shows on the first column and where it changes', [{ label: '2025-12', counts: { A: 1 } }, { label: '2026-01', counts: { A: 1 } }, { label: '2026-02', counts: { A: 1 } }],
      [/>2025-12</, />2026-01</, />02</], [/>2026-02</]],
    ['an empty month has no segments', [{ label: '2026-03', counts: {} }], [/data-month="2026-03"><text/], [/data-grade=/]],
    ['a legend names every grade', [], [/>M<\/text>/, /fill="#8a96a3"/], []],
  ])('%s', (_name, months, present, absent) => {
    const svg = trendSvg(months.map((m) => ({ label: m.label, shares: gradeShares(m.counts) })), { title: 'trend', labels });
    for (const p of present) expect(svg).toMatch(p);
    for (const p of absent) expect(svg).not.toMatch(p);
  });

  it('escapes labels and titles', () => {
    const svg = trendSvg([{ label: '<x>', shares: gradeShares({ A: 1 }) }], { title: '"t"', labels: { A: '&' } });
    expect(svg).toMatch(/&quot;t&quot;/);
    expect(svg).toMatch(/&lt;x&gt;/);
    expect(svg).toMatch(/>&amp;<\/text>/);
  });
});
