/**
 * The inspector pool's small decisions: the code a new inspector is offered, and how many days of a
 * year's months an inspector is away given possibly overlapping absences. Pure: no framework.
 */

/** An inspector's public code: upper-case letters, digits and hyphens (e.g. MARKET-007). */
export const INSPECTOR_CODE = /^[A-Z0-9][A-Z0-9-]{1,31}$/;

export const MONTHS = ['01', '02', '03', '04', '05', '06', '07', '08', '09', '10', '11', '12'] as const;
export type MonthKey = (typeof MONTHS)[number];

/**
 * The next free code `<DEPT>-<nnn>` of a department: its code upper-cased (characters a code may not
 * hold dropped), then one more than the highest number already used under that prefix, at least 3 digits.
 */
export function suggestInspectorCode(departmentCode: string, existingCodes: readonly string[]): string {
  const prefix = (departmentCode.toUpperCase().replace(/[^A-Z0-9-]/g, '') || 'INSP').slice(0, 27);
  const used = new RegExp(`^${prefix.replace(/-/g, '\\-')}-(\\d+)$`);
  const highest = existingCodes.reduce((max, code) => {
    const m = used.exec(code);
    return m ? Math.max(max, Number(m[1])) : max;
  }, 0);
  return `${prefix}-${String(highest + 1).padStart(3, '0')}`;
}

const DAY_MS = 86_400_000;
const dayNumber = (date: string) => Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))) / DAY_MS;

/**
 * Days of each month of `year` covered by at least one of the periods (park dates, both ends
 * inclusive; overlapping periods count a day once; a period with `toDate` before `fromDate` counts nothing).
 */
export function absentDaysByMonth(periods: readonly { fromDate: string; toDate: string }[], year: number): Record<MonthKey, number> {
  const out = Object.fromEntries(MONTHS.map((m) => [m, 0])) as Record<MonthKey, number>;
  const first = Date.UTC(year, 0, 1) / DAY_MS;
  const last = Date.UTC(year, 11, 31) / DAY_MS;
  const spans = periods
    .map((p) => [Math.max(first, dayNumber(p.fromDate)), Math.min(last, dayNumber(p.toDate))] as const)
    .filter(([a, b]) => a <= b)
    .sort((x, y) => x[0] - y[0]);
  let covered = first - 1;
  for (const [from, to] of spans) {
    for (let d = Math.max(from, covered + 1); d <= to; d++) out[MONTHS[new Date(d * DAY_MS).getUTCMonth()]]++;
    covered = Math.max(covered, to);
  }
  return out;
}
