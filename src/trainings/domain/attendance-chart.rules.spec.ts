import { barChartSvg } from './attendance-chart.rules.js';

describe('barChartSvg', () => {
  it.each<[string, { label: string; percent: number | null }[], RegExp[]]>([
    ['one bar per group with its value', [{ label: '软件', percent: 80 }, { label: '制造', percent: 50 }], [/data-percent="80"/, /data-percent="50"/, />80%</, />50%</]],
    ['no rate draws a dash and no filled bar', [{ label: '空', percent: null }], [/data-percent=""/, />—</]],
    ['values are clamped to 0–100', [{ label: 'x', percent: 130 }, { label: 'y', percent: -5 }], [/data-percent="100"/, /data-percent="0"/]],
    ['labels are escaped', [{ label: '<script>&"', percent: 10 }], [/&lt;script&gt;&amp;&quot;/]],
    ['long labels are shortened', [{ label: '计算机、通信和其他电子设备制造业', percent: 10 }], [/>计算机、通信和其他电子设备…</]],
  ])('%s', (_name, bars, patterns) => {
    const svg = barChartSvg(bars, { title: '出勤率' });
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).not.toMatch(/<script/);
    for (const p of patterns) expect(svg).toMatch(p);
  });

  it('an empty chart is still a valid picture', () => {
    expect(barChartSvg([], { title: 't' })).toMatch(/^<svg[^>]*viewBox="0 0 640 42"/);
  });
});
