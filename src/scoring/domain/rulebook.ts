/**
 * The rulebook as data: base score, the positive and negative items with their points, caps and
 * windows, and the grade bands. Pillars read their windows and thresholds from here; the engine
 * (scoring issue) reads the points. Versions are effective-dated; the default below is the one in
 * shared/domain/rules.md. Pure: no framework.
 */
export interface RuleItem {
  code: string;
  /** +1 for the positive list, −1 for the negative list. */
  sign: 1 | -1;
  /** Points per fact (absolute value), unless `tiers` decide. */
  points: number;
  /** At most this many points in total from the item (absolute value). */
  cap?: number;
  /** Trailing window in months ending at the as-of date, for items that count recent records. */
  windowMonths?: number;
  /** Points by a threshold or a class: attendance ≥ 90 % → 6, grade A → 10, severity serious → 20 … */
  tiers?: { when: string; points: number }[];
  /** Further data an item needs (P04: `dueMonthDay`, the MM-DD by which the previous year's annual report is due). */
  params?: Record<string, string | number>;
}

export interface Rulebook {
  version: string;
  effectiveFrom: string;
  base: number;
  min: number;
  max: number;
  items: Record<string, RuleItem>;
  /** Lower bounds of the grades, highest first. */
  grades: { grade: 'A' | 'B' | 'C' | 'D'; min: number }[];
}

const p = (code: string, points: number, extra: Partial<RuleItem> = {}): RuleItem => ({ code, sign: 1, points, ...extra });
const n = (code: string, points: number, extra: Partial<RuleItem> = {}): RuleItem => ({ code, sign: -1, points, ...extra });

export const DEFAULT_RULEBOOK: Rulebook = {
  version: 'default-2026-04-01',
  effectiveFrom: '2026-04-01',
  base: 60,
  min: 0,
  max: 100,
  items: Object.fromEntries([
    p('P01', 5),
    p('P02', 2),
    p('P03', 5, { windowMonths: 12 }),
    p('P04', 2, { params: { dueMonthDay: '06-30' } }),
    p('P05', 2, { cap: 6, windowMonths: 12 }),
    p('P06', 0, { tiers: [{ when: 'A', points: 10 }, { when: 'B', points: 5 }] }),
    p('P07', 0, { windowMonths: 12, tiers: [{ when: '90', points: 6 }, { when: '75', points: 3 }] }),
    p('P08', 2, { cap: 4, windowMonths: 12 }),
    p('P09', 3, { cap: 6, windowMonths: 12 }),
    p('P10', 1, { cap: 5, windowMonths: 12 }),
    p('P11', 1, { cap: 3, windowMonths: 12 }),
    p('P12', 5),
    n('N01', 10),
    n('N02', 5, { windowMonths: 12 }),
    n('N03', 2, { cap: 10, windowMonths: 12 }),
    n('N04', 0, { tiers: [{ when: 'minor', points: 3 }, { when: 'general', points: 8 }, { when: 'serious', points: 20 }] }),
    n('N05', 5),
    n('N06', 10),
    n('N07', 0, { tiers: [{ when: 'C', points: 3 }, { when: 'D', points: 10 }] }),
    n('N08', 2, { cap: 10, windowMonths: 12 }),
    n('N09', 30),
  ].map((item) => [item.code, item])),
  grades: [{ grade: 'A', min: 85 }, { grade: 'B', min: 70 }, { grade: 'C', min: 60 }, { grade: 'D', min: 0 }],
};

/** The window of an item in months; a rulebook without one is a mistake the caller should see. */
export function windowMonths(rulebook: Rulebook, code: string): number {
  const months = rulebook.items[code]?.windowMonths;
  if (months === undefined) throw new Error(`rulebook ${rulebook.version}: item ${code} has no window`);
  return months;
}
