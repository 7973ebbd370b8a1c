import type { ScoreGrade } from './rulebook.js';

/**
 * The park's grade charts as server-rendered SVG strings (no script, no library, like the
 * attendance chart): the distribution of one month by grade (columns), and its trend over the
 * published months (100 % stacked columns, one per month). Shares are whole percents that add up
 * to 100 (largest remainder), so the chart and its table agree. Text is escaped; the SVG scales
 * through its viewBox. Pure.
 */

/** The order grades are drawn and listed in: the bands from the top, then M (new or data-poor). */
export const GRADE_ORDER: readonly ScoreGrade[] = ['A', 'B', 'C', 'D', 'M'];

export const GRADE_COLOURS: Record<ScoreGrade, string> = { A: '#2e7d32', B: '#2f6fb3', C: '#f2a900', D: '#c62828', M: '#8a96a3' };

export interface GradeShare {
  grade: ScoreGrade;
  count: number;
  /** Whole percent of the month's tenants; the shares of a month add up to 100 (0 for an empty month). */
  percent: number;
}

const escapeXml = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!);

/** Every grade of GRADE_ORDER with its count (missing → 0) and its share, largest remainder first (ties in grade order). */
export function gradeShares(counts: Partial<Record<string, number>>): GradeShare[] {
  const rows = GRADE_ORDER.map((grade) => ({ grade, count: Math.max(0, Math.trunc(counts[grade] ?? 0)) }));
  const total = rows.reduce((s, r) => s + r.count, 0);
  if (total === 0) return rows.map((r) => ({ ...r, percent: 0 }));
  const exact = rows.map((r) => (r.count * 100) / total);
  const percents = exact.map(Math.floor);
  let left = 100 - percents.reduce((s, p) => s + p, 0);
  const byRemainder = exact.map((e, i) => ({ i, rest: e - Math.floor(e) })).sort((a, b) => b.rest - a.rest || a.i - b.i);
  for (const { i } of byRemainder) {
    if (left <= 0) break;
    percents[i]++;
    left--;
  }
  return rows.map((r, i) => ({ ...r, percent: percents[i] }));
}

function svgOpen(width: number, height: number, title: string): string[] {
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" viewBox="0 0 ${width} ${height}" width="100%" preserveAspectRatio="xMinYMin meet">`,
    `<title>${escapeXml(title)}</title>`,
  ];
}

/** One month's distribution: a column per grade, heights relative to the largest count, count and share above each. */
export function distributionSvg(shares: readonly GradeShare[], options: { title: string; labels: Partial<Record<ScoreGrade, string>>; width?: number }): string {
  const width = options.width ?? 480;
  const top = 24;
  const plot = 140;
  const bottom = 26;
  const height = top + plot + bottom;
  const slot = width / Math.max(1, shares.length);
  const barWidth = Math.min(64, Math.round(slot * 0.6));
  const max = Math.max(1, ...shares.map((s) => s.count));
  const parts = svgOpen(width, height, options.title);
  parts.push(`<line x1="0" y1="${top + plot}" x2="${width}" y2="${top + plot}" stroke="#c5ccd6"/>`);
  shares.forEach((s, i) => {
    const h = Math.round((plot * s.count) / max);
    const x = Math.round(i * slot + (slot - barWidth) / 2);
    const cx = Math.round(i * slot + slot / 2);
    const label = options.labels[s.grade] ?? s.grade;
    parts.push(
      `<g class="grade" data-grade="${s.grade}" data-count="${s.count}" data-percent="${s.percent}">`,
      h > 0 ? `<rect x="${x}" y="${top + plot - h}" width="${barWidth}" height="${h}" fill="${GRADE_COLOURS[s.grade]}"/>` : '',
      `<text x="${cx}" y="${top + plot - h - 6}" text-anchor="middle" font-size="12">${s.count} · ${s.percent}%</text>`,
      `<text x="${cx}" y="${top + plot + 18}" text-anchor="middle" font-size="13">${escapeXml(label)}</text>`,
      '</g>',
    );
  });
  parts.push('</svg>');
  return parts.join('');
}

export interface TrendColumn {
  /** The month, `YYYY-MM`. */
  label: string;
  shares: readonly GradeShare[];
}

/** The distribution over months: a 100 % stacked column per month (A at the bottom), a legend below. */
export function trendSvg(columns: readonly TrendColumn[], options: { title: string; labels: Partial<Record<ScoreGrade, string>>; width?: number }): string {
  const width = options.width ?? 640;
  const left = 34;
  const top = 10;
  const plot = 160;
  const axis = 22;
  const legend = 24;
  const height = top + plot + axis + legend;
  const slot = (width - left) / Math.max(1, columns.length);
  const barWidth = Math.max(6, Math.min(40, Math.round(slot * 0.6)));
  const parts = svgOpen(width, height, options.title);
  for (const pct of [0, 50, 100]) {
    const y = top + plot - (plot * pct) / 100;
    parts.push(`<line x1="${left}" y1="${y}" x2="${width}" y2="${y}" stroke="#e3e7ed"/>`, `<text x="${left - 4}" y="${y + 4}" text-anchor="end" font-size="11">${pct}%</text>`);
  }
  columns.forEach((c, i) => {
    const x = Math.round(left + i * slot + (slot - barWidth) / 2);
    parts.push(`<g class="month" data-month="${escapeXml(c.label)}">`);
    let acc = 0;
    for (const s of c.shares) {
      if (s.percent <= 0) continue;
      const y0 = top + plot - Math.round((plot * (acc + s.percent)) / 100);
      const y1 = top + plot - Math.round((plot * acc) / 100);
      parts.push(`<rect x="${x}" y="${y0}" width="${barWidth}" height="${y1 - y0}" fill="${GRADE_COLOURS[s.grade]}" data-grade="${s.grade}" data-percent="${s.percent}"/>`);
      acc += s.percent;
    }
    // Months read as MM under the column; the year shows where it changes (and on the first column).
    const [year, month] = c.label.split('-');
    const showYear = i === 0 || columns[i - 1].label.split('-')[0] !== year;
    parts.push(`<text x="${x + barWidth / 2}" y="${top + plot + 15}" text-anchor="middle" font-size="11">${escapeXml(showYear && month ? `${year}-${month}` : (month ?? c.label))}</text>`, '</g>');
  });
  let lx = left;
  for (const grade of GRADE_ORDER) {
    const label = options.labels[grade] ?? grade;
    parts.push(`<rect x="${lx}" y="${top + plot + axis + 6}" width="12" height="12" fill="${GRADE_COLOURS[grade]}"/>`,
      `<text x="${lx + 16}" y="${top + plot + axis + 16}" font-size="12">${escapeXml(label)}</text>`);
    lx += 28 + [...label].length * 12;
  }
  parts.push('</svg>');
  return parts.join('');
}
