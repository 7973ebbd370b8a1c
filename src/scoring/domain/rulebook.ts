/**
 * The rulebook as data: base score, the positive and negative items with their points, caps and
 * windows, the grade bands, the overrides, the hysteresis margin and the M-grade rule. Pillars read
 * their windows and thresholds from here; the engine (score-engine.ts) reads the rest. Versions
 * are effective-dated rows of `rulebook_versions` (the admin edits them, a regulator approves);
 * the default below is the one in shared/domain/rules.md, seeded as the first version. Pure.
 */
export type Grade = 'A' | 'B' | 'C' | 'D';
/** A published grade: a band, or M (new or data-poor tenant, sampled as B). */
export type ScoreGrade = Grade | 'M';
/** 法治 / 德治 / 自治: the three pillars of the positive list (negative items carry one too, for grouping). */
export type RuleCategory = 'law' | 'virtue' | 'autonomy';

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
  /** Points by a threshold or a class: attendance ≥ 90 % → 6, grade A → 10, severity serious → 20 … (absolute values) */
  tiers?: { when: string; points: number }[];
  /** Further data an item needs (P04: `dueMonthDay`, the MM-DD by which the previous year's annual report is due). */
  params?: Record<string, string | number>;
  /** Grouping on the explanation page. */
  category?: RuleCategory;
  /** What the item is, in each locale (the explanation shows it). */
  label?: { 'zh-CN': string; en: string };
  /** The fact kind (fact-kinds.ts) the item counts; default: its own code. */
  fact?: string;
}

/** After the bands: a fact of this kind (and tier, when given) caps the grade. */
export interface GradeOverride {
  fact: string;
  /** Only facts with this tier (N04 `serious`). */
  tier?: string;
  /** The grade is at most this (D: the grade is D). */
  atMost: Grade;
}

export interface Rulebook {
  version: string;
  effectiveFrom: string;
  base: number;
  min: number;
  max: number;
  items: Record<string, RuleItem>;
  /** Lower bounds of the grades, highest first. */
  grades: { grade: Grade; min: number }[];
  /** Applied after the bands and hysteresis, shown in the explanation. */
  overrides?: GradeOverride[];
  /**
   * A published grade moves to another band only when the score is past the boundary by at least
   * `margin` points, or has been past it for `months` consecutive months (this one included).
   */
  hysteresis?: { margin: number; months: number };
  /** M: moved in fewer than `days` ago, or none of `dataFacts` (a signed convention, a training record, an evaluation). */
  newTenant?: { days: number; dataFacts: string[] };
  /** Working days after a month's draft in which tenants may object (rules.md default: 5). */
  objectionWorkingDays?: number;
  /** Red-list nomination from the year's result: annual score (mean of the published months) at least this. */
  nomination?: { minAnnual: number };
}

const item = (sign: 1 | -1, code: string, category: RuleCategory, zh: string, en: string, points: number, extra: Partial<RuleItem> = {}): RuleItem =>
  ({ code, sign, points, category, label: { 'zh-CN': zh, en }, ...extra });
const p = (code: string, category: RuleCategory, zh: string, en: string, points: number, extra: Partial<RuleItem> = {}) => item(1, code, category, zh, en, points, extra);
const n = (code: string, category: RuleCategory, zh: string, en: string, points: number, extra: Partial<RuleItem> = {}) => item(-1, code, category, zh, en, points, extra);

export const DEFAULT_RULEBOOK: Rulebook = {
  version: 'default-2026-04-01',
  effectiveFrom: '2026-04-01',
  base: 60,
  min: 0,
  max: 100,
  items: Object.fromEntries([
    p('P01', 'autonomy', '按期签署现行管理公约', 'Current convention signed before its deadline', 5),
    p('P02', 'virtue', '信用承诺书在案且有效', 'Credit commitment letter on file and current', 2),
    p('P03', 'law', '近 12 个月无监管处理记录', 'No regulator finding in the last 12 months', 5, { windowMonths: 12 }),
    p('P04', 'law', '本年度按时报送年报', 'Annual report filed on time this year', 2, { params: { dueMonthDay: '06-30' } }),
    p('P05', 'law', '按期完成整改', 'Rectification completed before its deadline', 2, { cap: 6, windowMonths: 12 }),
    p('P06', 'autonomy', '第三方评价等级 A / B', 'Third-party evaluation grade A / B', 0, { tiers: [{ when: 'A', points: 10 }, { when: 'B', points: 5 }] }),
    p('P07', 'law', '必修培训出勤率 ≥ 90% / ≥ 75%', 'Required-training attendance ≥ 90% / ≥ 75%', 0, { windowMonths: 12, tiers: [{ when: '90', points: 6 }, { when: '75', points: 3 }] }),
    p('P08', 'virtue', '承办园区培训或担任讲师', 'Hosted or spoke at a park training', 2, { cap: 4, windowMonths: 12 }),
    p('P09', 'virtue', '获政府或行业荣誉', 'Government or industry honour', 3, { cap: 6, windowMonths: 12 }),
    p('P10', 'virtue', '公益活动或帮扶周边企业', 'Public-welfare work or help to neighbouring firms', 1, { cap: 5, windowMonths: 12 }),
    p('P11', 'autonomy', '园区治理建议被采纳', 'Suggestion adopted in park governance', 1, { cap: 3, windowMonths: 12 }),
    p('P12', 'virtue', '列入红名单', 'On the red list', 5),
    n('N01', 'autonomy', '逾期未签署现行管理公约', 'Current convention unsigned after its deadline', 10),
    n('N02', 'autonomy', '经确认的违约行为', 'Confirmed breach of a convention clause', 5, { windowMonths: 12 }),
    n('N03', 'law', '必修培训无故缺席', 'Unexcused absence from a required training', 2, { cap: 10, windowMonths: 12 }),
    n('N04', 'law', '公示期内未修复的监管处理：轻微 / 一般 / 严重', 'Regulator finding in its publicity period, not repaired: minor / general / serious', 0,
      { tiers: [{ when: 'minor', points: 3 }, { when: 'general', points: 8 }, { when: 'serious', points: 20 }] }),
    n('N05', 'law', '整改逾期未完成', 'Rectification past its deadline and not done', 5),
    n('N06', 'law', '列入经营异常名录', 'On the abnormal-operations list', 10),
    n('N07', 'autonomy', '第三方评价等级 C / D', 'Third-party evaluation grade C / D', 0, { tiers: [{ when: 'C', points: 3 }, { when: 'D', points: 10 }] }),
    n('N08', 'virtue', '经查实的投诉', 'Substantiated complaint', 2, { cap: 10, windowMonths: 12 }),
    n('N09', 'law', '列入黑名单', 'On the black list', 30),
  ].map((it) => [it.code, it])),
  grades: [{ grade: 'A', min: 85 }, { grade: 'B', min: 70 }, { grade: 'C', min: 60 }, { grade: 'D', min: 0 }],
  overrides: [{ fact: 'N09', atMost: 'D' }, { fact: 'N04', tier: 'serious', atMost: 'C' }, { fact: 'N06', atMost: 'C' }],
  hysteresis: { margin: 2, months: 2 },
  newTenant: { days: 90, dataFacts: ['D01', 'D02', 'D03'] },
  objectionWorkingDays: 5,
  nomination: { minAnnual: 90 },
};

/** The item that counts `code`: the item with that code, else the item reading that fact kind. */
export function itemFor(rulebook: Rulebook, code: string): RuleItem | undefined {
  return rulebook.items[code] ?? Object.values(rulebook.items).find((i) => i.fact === code);
}

/** The window of an item in months; a rulebook without one is a mistake the caller should see. */
export function windowMonths(rulebook: Rulebook, code: string): number {
  const months = itemFor(rulebook, code)?.windowMonths;
  if (months === undefined) throw new Error(`rulebook ${rulebook.version}: item ${code} has no window`);
  return months;
}
