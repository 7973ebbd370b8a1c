/**
 * What the public disclosure pages may show and how the scheme reads in plain words. Pure: no Nest,
 * no TypeORM. The public lists show exactly the fields of `PublicListEntry`: the name, the USCC,
 * the list, the legal basis and the dates; never reasons, records, grades or scores.
 */
import type { ListKind } from '../domain/list-kinds.js';

/** The lists published to everyone; the watch list is an internal management tool and never public. */
export const PUBLIC_LISTS = ['red', 'black'] as const satisfies readonly ListKind[];
export type PublicList = (typeof PUBLIC_LISTS)[number];

export function isPublicList(value: unknown): value is PublicList {
  return typeof value === 'string' && (PUBLIC_LISTS as readonly string[]).includes(value);
}

/** One public row: nothing more than these fields leaves the server. */
export interface PublicListEntry {
  name: string;
  uscc: string;
  list: PublicList;
  legalBasis: string;
  startsOn: string;
  plannedEndOn: string;
}

/** The field order of a public row (the table's columns, the JSON's keys). */
export const PUBLIC_ENTRY_FIELDS = ['name', 'uscc', 'list', 'legalBasis', 'startsOn', 'plannedEndOn'] as const satisfies readonly (keyof PublicListEntry)[];

/**
 * Whether an entry is on the public list on the park day `day`: active, started, not past its planned
 * end, not ended (end days are exclusive). Proposed, rejected, withdrawn and ended (expired, early
 * exit, repaired) entries are never shown, even before the daily job has closed an expired one.
 */
export function isPubliclyListed(
  e: { status: string; startsOn: string | null; plannedEndOn: string | null; endedOn: string | null; endKind?: string | null },
  day: string,
): boolean {
  if (e.status !== 'active' || e.endKind) return false;
  if (!e.startsOn || e.startsOn > day) return false;
  if (!e.plannedEndOn || e.plannedEndOn <= day) return false;
  return e.endedOn === null || e.endedOn > day;
}

/** Only the public fields of a row, whatever else the caller had. */
export function publicEntryOf(row: PublicListEntry): PublicListEntry {
  return { name: row.name, uscc: row.uscc, list: row.list, legalBasis: row.legalBasis, startsOn: row.startsOn, plannedEndOn: row.plannedEndOn };
}

// ---- The scheme in plain words ----

export type SchemeLocale = 'zh-CN' | 'en';

/** The part of a rulebook item the scheme page reads (structurally the scoring rulebook's item). */
export interface SchemeRuleItem {
  code: string;
  sign: 1 | -1;
  points: number;
  cap?: number;
  windowMonths?: number;
  tiers?: { when: string; points: number }[];
  label?: { 'zh-CN': string; en: string };
}

export interface SchemeRulebook {
  version: string;
  effectiveFrom: string;
  base: number;
  min: number;
  max: number;
  items: Record<string, SchemeRuleItem>;
  grades: { grade: string; min: number }[];
  overrides?: { fact: string; tier?: string; atMost: string }[];
  objectionWorkingDays?: number;
  nomination?: { minAnnual: number };
}

export interface SchemeItem {
  code: string;
  label: string;
  /** "+5", "−3 / −8 / −20" (tiers in the label's order). */
  points: string;
  /** Most points from the item, or null. */
  cap: number | null;
  /** The trailing window in months, or null. */
  windowMonths: number | null;
}

export interface SchemeGrade {
  grade: string;
  min: number;
  /** Exclusive upper bound (the next band's minimum), null for the top band. */
  below: number | null;
}

export interface SchemeOverride {
  /** The item that caps the grade (its label). */
  label: string;
  tier: string | null;
  atMost: string;
}

export interface SchemeScore {
  version: string;
  effectiveFrom: string;
  base: number;
  min: number;
  max: number;
  positive: SchemeItem[];
  negative: SchemeItem[];
  grades: SchemeGrade[];
  overrides: SchemeOverride[];
  objectionWorkingDays: number | null;
  nominationMinAnnual: number | null;
}

/** `−` (U+2212) for negative points, as the rulebook page writes them. */
function signed(sign: 1 | -1, points: number): string {
  return `${sign > 0 ? '+' : '−'}${Math.abs(points)}`;
}

function labelOf(item: SchemeRuleItem | undefined, code: string, locale: SchemeLocale): string {
  return item?.label?.[locale] ?? item?.label?.['zh-CN'] ?? code;
}

/** The score part of the scheme page from the rulebook in force: items by sign in code order, bands highest first. */
export function schemeScore(rb: SchemeRulebook, locale: SchemeLocale): SchemeScore {
  const items = Object.values(rb.items).sort((a, b) => a.code.localeCompare(b.code));
  const view = (i: SchemeRuleItem): SchemeItem => ({
    code: i.code,
    label: labelOf(i, i.code, locale),
    points: i.tiers?.length ? i.tiers.map((t) => signed(i.sign, t.points)).join(' / ') : signed(i.sign, i.points),
    cap: i.cap ?? null,
    windowMonths: i.windowMonths ?? null,
  });
  const bands = [...rb.grades].sort((a, b) => b.min - a.min);
  return {
    version: rb.version,
    effectiveFrom: rb.effectiveFrom,
    base: rb.base,
    min: rb.min,
    max: rb.max,
    positive: items.filter((i) => i.sign > 0).map(view),
    negative: items.filter((i) => i.sign < 0).map(view),
    grades: bands.map((g, i) => ({ grade: g.grade, min: g.min, below: i === 0 ? null : bands[i - 1].min })),
    overrides: (rb.overrides ?? []).map((o) => {
      const item = rb.items[o.fact] ?? Object.values(rb.items).find((i) => (i as { fact?: string }).fact === o.fact);
      return { label: labelOf(item, o.fact, locale), tier: o.tier ?? null, atMost: o.atMost };
    }),
    objectionWorkingDays: rb.objectionWorkingDays ?? null,
    nominationMinAnnual: rb.nomination?.minAnnual ?? null,
  };
}

/** A list rule as the scheme page reads it. */
export interface SchemeListRule {
  list: ListKind;
  effectiveFrom: string;
  durationMonths: number;
  earlyExitAfterMonths: number | null;
  objectionWorkingDays: number;
  repairAfterMonths: number | null;
  repairNeedsTraining: boolean;
  legalBasis: string;
}

/** The row in force on `day` for each list (latest `effectiveFrom` on or before it), in red, black, watch order. */
export function rulesInForce<T extends { list: ListKind; effectiveFrom: string }>(rows: readonly T[], day: string, lists: readonly ListKind[] = ['red', 'black', 'watch']): T[] {
  const out: T[] = [];
  for (const list of lists) {
    const current = rows.filter((r) => r.list === list && r.effectiveFrom <= day).sort((a, b) => b.effectiveFrom.localeCompare(a.effectiveFrom))[0];
    if (current) out.push(current);
  }
  return out;
}
