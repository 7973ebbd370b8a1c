/**
 * The park-wide attendance chart as a server-rendered SVG string: horizontal bars (long industry
 * names read on a phone), one per group, 0–100 %, a group without a rate drawn as "—". No script,
 * no library: the page's CSP forbids inline scripts, and a bar chart is a few rectangles. Text is
 * escaped; the SVG scales to its box through its viewBox. Pure.
 */
export interface ChartBar {
  label: string;
  /** 0–100, or null for no rate. */
  percent: number | null;
}

const escapeXml = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!);

/** At most `max` characters, with an ellipsis. */
function shorten(label: string, max: number): string {
  const chars = [...label];
  return chars.length > max ? `${chars.slice(0, max - 1).join('')}…` : label;
}

export function barChartSvg(bars: readonly ChartBar[], options: { title: string; width?: number; labelChars?: number }): string {
  const width = options.width ?? 640;
  const labelWidth = Math.round(width * 0.38);
  const valueWidth = 56;
  const barArea = width - labelWidth - valueWidth;
  const row = 26;
  const top = 8;
  const height = top * 2 + Math.max(1, bars.length) * row;
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" viewBox="0 0 ${width} ${height}" width="100%" preserveAspectRatio="xMinYMin meet">`,
    `<title>${escapeXml(options.title)}</title>`,
  ];
  bars.forEach((b, i) => {
    const y = top + i * row;
    const pct = b.percent === null ? null : Math.max(0, Math.min(100, b.percent));
    const w = pct === null ? 0 : Math.round((barArea * pct) / 100);
    parts.push(
      `<g class="bar" data-label="${escapeXml(b.label)}" data-percent="${pct ?? ''}">`,
      `<text x="${labelWidth - 6}" y="${y + row / 2 + 5}" text-anchor="end" font-size="13">${escapeXml(shorten(b.label, options.labelChars ?? 14))}</text>`,
      `<rect x="${labelWidth}" y="${y + 4}" width="${barArea}" height="${row - 8}" fill="#eef1f5"/>`,
      w > 0 ? `<rect x="${labelWidth}" y="${y + 4}" width="${w}" height="${row - 8}" fill="#2f6fb3"/>` : '',
      `<text x="${labelWidth + barArea + 6}" y="${y + row / 2 + 5}" font-size="13">${pct === null ? '—' : `${pct}%`}</text>`,
      '</g>',
    );
  });
  parts.push('</svg>');
  return parts.join('');
}
