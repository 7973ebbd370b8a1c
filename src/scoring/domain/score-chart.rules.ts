/**
 * A tenant's published months as a server-rendered SVG line chart: one point per month (oldest on
 * the left), the score on a fixed 0–100 axis (the rulebook's min–max) over the grade bands drawn as
 * pale stripes, each point labelled with its score and grade, a month with an erratum marked. No
 * script, no library (the page's CSP forbids inline scripts); text is escaped; the SVG scales to its
 * box through its viewBox. The page puts the same data in a table beside it. Pure.
 */
export interface ScoreChartPoint {
  /** `YYYY-MM`. */
  month: string;
  score: number;
  grade: string;
  /** The month's score was corrected by an erratum after publication. */
  erratum?: boolean;
}

export interface ScoreChartOptions {
  title: string;
  /** Grade bands, any order: the lower bound of each grade. */
  bands: readonly { grade: string; min: number }[];
  min?: number;
  max?: number;
  /** Start the axis just below the lowest score (in tens, at most 10 under the lowest band boundary above `min`) instead of at `min`. */
  fit?: boolean;
  width?: number;
  height?: number;
}

const escapeXml = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!);

const BAND_FILL: Record<string, string> = { A: '#e6f4ea', B: '#eef4fb', C: '#fff6e0', D: '#fdecea' };

/**
 * The bottom of the axis: `min`, or with `fit` the lowest score less 10, rounded down to tens, but
 * never above 10 under the lowest band boundary (so every band but the lowest shows whole) nor below `min`.
 */
export function axisMin(scores: readonly number[], bands: readonly { min: number }[], min: number, fit: boolean): number {
  if (!fit) return min;
  const boundaries = bands.map((b) => b.min).filter((m) => m > min);
  const ceiling = boundaries.length ? Math.min(...boundaries) - 10 : min;
  const lowest = scores.length ? Math.floor((Math.min(...scores) - 10) / 10) * 10 : ceiling;
  return Math.max(min, Math.min(ceiling, lowest));
}

/** x positions of `n` points across `[left, right]`: one point sits in the middle. */
export function xPositions(n: number, left: number, right: number): number[] {
  if (n <= 0) return [];
  if (n === 1) return [Math.round((left + right) / 2)];
  const step = (right - left) / (n - 1);
  return Array.from({ length: n }, (_, i) => Math.round(left + i * step));
}

/** y of a score on the axis `[min, max]` drawn between `top` (max) and `bottom` (min), clamped to the axis. */
export function yOf(score: number, min: number, max: number, top: number, bottom: number): number {
  const s = Math.max(min, Math.min(max, score));
  return Math.round(bottom - ((s - min) / (max - min || 1)) * (bottom - top));
}

export function scoreHistorySvg(points: readonly ScoreChartPoint[], options: ScoreChartOptions): string {
  const width = options.width ?? 640;
  const height = options.height ?? 220;
  const max = options.max ?? 100;
  const min = axisMin(points.map((p) => p.score), options.bands, options.min ?? 0, options.fit ?? false);
  const left = 36;
  const right = width - 24;
  const top = 14;
  const bottom = height - 28;
  const sorted = [...points].sort((a, b) => a.month.localeCompare(b.month));
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" class="chart score-chart" role="img" viewBox="0 0 ${width} ${height}" width="100%" preserveAspectRatio="xMinYMin meet">`,
    `<title>${escapeXml(options.title)}</title>`,
  ];
  // Bands from the highest grade down: each stripe spans its lower bound up to the next grade's.
  const bands = [...options.bands].sort((a, b) => b.min - a.min);
  bands.forEach((band, i) => {
    const upper = i === 0 ? max : bands[i - 1].min;
    const lower = Math.max(min, band.min);
    if (upper <= lower) return;
    const y1 = yOf(upper, min, max, top, bottom);
    const y2 = yOf(lower, min, max, top, bottom);
    parts.push(
      `<g class="band" data-grade="${escapeXml(band.grade)}">`,
      `<rect x="${left}" y="${y1}" width="${right - left}" height="${y2 - y1}" fill="${BAND_FILL[band.grade] ?? '#f3f4f6'}"/>`,
      `<text x="${right + 4}" y="${Math.round((y1 + y2) / 2) + 4}" font-size="11" fill="#6b7280">${escapeXml(band.grade)}</text>`,
      `<text x="${left - 4}" y="${y2 + 4}" text-anchor="end" font-size="10" fill="#6b7280">${lower}</text>`,
      '</g>',
    );
  });
  parts.push(`<text x="${left - 4}" y="${top + 4}" text-anchor="end" font-size="10" fill="#6b7280">${max}</text>`);
  const xs = xPositions(sorted.length, left + 16, right - 16);
  const ys = sorted.map((p) => yOf(p.score, min, max, top, bottom));
  if (sorted.length > 1) {
    parts.push(`<polyline fill="none" stroke="#2f6fb3" stroke-width="2" points="${xs.map((x, i) => `${x},${ys[i]}`).join(' ')}"/>`);
  }
  // Month labels: every one when they fit, else every k-th (the first and last always).
  const every = Math.max(1, Math.ceil(sorted.length / Math.max(1, Math.floor((right - left) / 56))));
  sorted.forEach((p, i) => {
    const labelled = i % every === 0 || i === sorted.length - 1;
    parts.push(
      `<g class="point" data-month="${escapeXml(p.month)}" data-score="${p.score}" data-grade="${escapeXml(p.grade)}"${p.erratum ? ' data-erratum="1"' : ''}>`,
      `<circle cx="${xs[i]}" cy="${ys[i]}" r="4" fill="${p.erratum ? '#fff' : '#2f6fb3'}" stroke="#2f6fb3" stroke-width="2"/>`,
      `<text x="${xs[i]}" y="${ys[i] - 8}" text-anchor="middle" font-size="11">${p.score} ${escapeXml(p.grade)}${p.erratum ? '*' : ''}</text>`,
      labelled ? `<text x="${xs[i]}" y="${height - 10}" text-anchor="middle" font-size="11" fill="#374151">${escapeXml(p.month)}</text>` : '',
      '</g>',
    );
  });
  parts.push('</svg>');
  return parts.join('');
}
