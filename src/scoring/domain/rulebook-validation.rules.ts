import type { FieldProblem, FieldProblems } from '../../common/errors/domain-error.js';
import { FACT_KINDS, factKind } from './fact-kinds.js';
import type { Grade, GradeOverride, Rulebook, RuleCategory, RuleItem } from './rulebook.js';

/**
 * The rulebook as an admin edits it (the form and the API body), and the rules a draft must meet
 * before it is stored. The editing model is SIGNED: a positive item's points, cap and tiers are
 * positive, a negative item's negative (the stored rulebook keeps a sign and absolute values);
 * grade bands are ranges per grade, `from` included and `to` excluded (the top band includes `max`).
 * Pure.
 */

export const RULE_CATEGORIES: readonly RuleCategory[] = ['law', 'virtue', 'autonomy'];
export const GRADES: readonly Grade[] = ['A', 'B', 'C', 'D'];
/** The fact kinds whose trailing window the pillars read from the rulebook: each needs an item with a window. */
export const WINDOWED_FACTS: readonly string[] = ['P03', 'P05', 'P07', 'P08', 'P09', 'P10', 'P11', 'N02', 'N03', 'N08'];
/** Facts an item may count: every kind but the zero-point presence kinds. */
export const COUNTABLE_FACTS: readonly string[] = FACT_KINDS.filter((k) => !k.presence).map((k) => k.code);
export const PRESENCE_FACTS: readonly string[] = FACT_KINDS.filter((k) => k.presence).map((k) => k.code);

export const VERSION_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
const CODE_PATTERN = /^[A-Z][A-Z0-9]{1,9}$/;
const PARAM_KEY = /^[a-zA-Z]\w{0,31}$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
export const LABEL_MAX = 200;
export const NOTE_MAX = 2000;
export const TIER_MAX = 32;
export const ITEMS_MAX = 60;
export const OVERRIDES_MAX = 20;

export interface EditableTier {
  when: string;
  /** Signed. */
  points: number;
}

export interface EditableItem {
  code: string;
  category: RuleCategory;
  labelZh: string;
  labelEn: string;
  /** The fact kind counted (default: the code). */
  fact?: string;
  /** Signed points per fact (0 when tiers decide). */
  points: number;
  /** Signed cap, same sign as the points. */
  cap?: number;
  windowMonths?: number;
  tiers?: EditableTier[];
  params?: Record<string, string | number>;
}

/** The signed editing model: what GET returns to edit and what POST takes. */
export interface EditableRulebook {
  version: string;
  effectiveFrom: string;
  note?: string | null;
  base: number;
  min: number;
  max: number;
  items: EditableItem[];
  grades: Record<Grade, { from: number; to: number }>;
  overrides: GradeOverride[];
  hysteresis: { margin: number; months: number };
  newTenant: { days: number; dataFacts: string[] };
  objectionWorkingDays: number;
  nomination: { minAnnual: number };
}

/** A stored rulebook in the signed editing model (the form's prefill, the API's `editable`). */
export function toEditable(rb: Rulebook, note: string | null = null): EditableRulebook {
  const sorted = [...rb.grades].sort((a, b) => b.min - a.min);
  const grades = {} as Record<Grade, { from: number; to: number }>;
  sorted.forEach((g, i) => { grades[g.grade] = { from: g.min, to: i === 0 ? rb.max : sorted[i - 1].min }; });
  return {
    version: rb.version, effectiveFrom: rb.effectiveFrom, note, base: rb.base, min: rb.min, max: rb.max,
    items: Object.values(rb.items).map((it) => ({
      code: it.code, category: it.category ?? 'law', labelZh: it.label?.['zh-CN'] ?? '', labelEn: it.label?.en ?? '',
      ...(it.fact && it.fact !== it.code ? { fact: it.fact } : {}),
      points: it.points * it.sign,
      ...(it.cap !== undefined ? { cap: it.cap * it.sign } : {}),
      ...(it.windowMonths !== undefined ? { windowMonths: it.windowMonths } : {}),
      ...(it.tiers?.length ? { tiers: it.tiers.map((t) => ({ when: t.when, points: t.points * it.sign })) } : {}),
      ...(it.params && Object.keys(it.params).length ? { params: { ...it.params } } : {}),
    })),
    grades,
    overrides: (rb.overrides ?? []).map((o) => ({ ...o })),
    hysteresis: { ...(rb.hysteresis ?? { margin: 0, months: 1 }) },
    newTenant: { days: rb.newTenant?.days ?? 0, dataFacts: [...(rb.newTenant?.dataFacts ?? [])] },
    objectionWorkingDays: rb.objectionWorkingDays ?? 5,
    nomination: { minAnnual: rb.nomination?.minAnnual ?? 90 },
  };
}

export type RulebookValidation = { ok: true; rulebook: Rulebook; note: string | null } | { ok: false; problems: FieldProblems };

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);

/** An integer from a JSON number or a form's text; undefined when absent, NaN when not an integer. */
export function intOf(v: unknown): number | undefined {
  if (v === undefined || v === null || v === '') return undefined;
  if (typeof v === 'number') return Number.isInteger(v) ? v : NaN;
  if (typeof v === 'string' && /^\s*[+-]?\d{1,9}\s*$/.test(v)) return Number(v.trim());
  return NaN;
}

const textOf = (v: unknown): string | undefined => (typeof v === 'string' ? v.trim() : undefined);

function validDate(s: string): boolean {
  if (!DATE.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

class Problems {
  readonly out: FieldProblems = {};
  add(field: string, code: string, params?: FieldProblem['params']): void {
    (this.out[field] ??= []).push(params ? { code, params } : { code });
  }
  get empty(): boolean {
    return Object.keys(this.out).length === 0;
  }
}

/** An integer in [min, max] at `field`; a problem when missing (unless optional), not an integer or out of range. */
function int(p: Problems, field: string, value: unknown, min: number, max: number, optional = false): number | undefined {
  const n = intOf(value);
  if (n === undefined) {
    if (!optional) p.add(field, 'required');
    return undefined;
  }
  if (Number.isNaN(n)) return void p.add(field, 'integer');
  if (n < min || n > max) return void p.add(field, 'range', { min, max });
  return n;
}

function text(p: Problems, field: string, value: unknown, maxLength: number, optional = false): string | undefined {
  const s = textOf(value);
  if (value !== undefined && value !== null && typeof value !== 'string') return void p.add(field, 'text');
  if (!s) {
    if (!optional) p.add(field, 'required');
    return undefined;
  }
  if (s.length > maxLength) return void p.add(field, 'maxLength', { limit: maxLength });
  return s;
}

const POINTS_LIMIT = 1000;

/**
 * Checks a draft in the signed editing model (`today`: the park's date, for "effective from not in
 * the past") and turns it into the stored rulebook. Problems are keyed by field: `items.<code>.cap`,
 * `grades.B`, `overrides.0.fact`, `hysteresis.months` … (an item without a usable code: `items.<row>.code`).
 */
export function validateRulebookDraft(input: unknown, today: string): RulebookValidation {
  const p = new Problems();
  const body: Obj = isObj(input) ? input : {};
  const version = text(p, 'version', body.version, 64);
  if (version && !VERSION_PATTERN.test(version)) p.add('version', 'format');
  const effectiveFrom = textOf(body.effectiveFrom);
  if (!effectiveFrom) p.add('effectiveFrom', 'required');
  else if (!validDate(effectiveFrom)) p.add('effectiveFrom', 'date');
  else if (effectiveFrom < today) p.add('effectiveFrom', 'notBefore', { limit: today });
  const note = text(p, 'note', body.note, NOTE_MAX, true) ?? null;

  const min = int(p, 'min', body.min, -POINTS_LIMIT, POINTS_LIMIT);
  const max = int(p, 'max', body.max, -POINTS_LIMIT, POINTS_LIMIT);
  if (min !== undefined && max !== undefined && max <= min) p.add('max', 'min', { limit: min + 1 });
  const bounded = min !== undefined && max !== undefined && max > min;
  const base = int(p, 'base', body.base, bounded ? min : -POINTS_LIMIT, bounded ? max : POINTS_LIMIT);

  const items = validateItems(p, body.items);
  const grades = validateGrades(p, body.grades, bounded ? min : undefined, bounded ? max : undefined);
  const overrides = validateOverrides(p, body.overrides);

  const hyst: Obj = isObj(body.hysteresis) ? body.hysteresis : {};
  if (body.hysteresis !== undefined && !isObj(body.hysteresis)) p.add('hysteresis', 'invalid');
  const margin = int(p, 'hysteresis.margin', hyst.margin, 0, 100);
  const months = int(p, 'hysteresis.months', hyst.months, 1, 12);

  const nt: Obj = isObj(body.newTenant) ? body.newTenant : {};
  if (body.newTenant !== undefined && !isObj(body.newTenant)) p.add('newTenant', 'invalid');
  const days = int(p, 'newTenant.days', nt.days, 0, 365);
  const dataFacts = factList(p, 'newTenant.dataFacts', nt.dataFacts, [...PRESENCE_FACTS, ...COUNTABLE_FACTS]);

  const objectionWorkingDays = int(p, 'objectionWorkingDays', body.objectionWorkingDays, 1, 30);
  const nom: Obj = isObj(body.nomination) ? body.nomination : {};
  if (body.nomination !== undefined && !isObj(body.nomination)) p.add('nomination', 'invalid');
  const minAnnual = int(p, 'nomination.minAnnual', nom.minAnnual, bounded ? min : -POINTS_LIMIT, bounded ? max : POINTS_LIMIT);

  const known = new Set(Object.keys(body));
  for (const key of known) {
    if (!['version', 'effectiveFrom', 'note', 'base', 'min', 'max', 'items', 'grades', 'overrides', 'hysteresis', 'newTenant', 'objectionWorkingDays', 'nomination'].includes(key)) {
      p.add(key, 'unknownField');
    }
  }
  if (!p.empty || !items || !grades || !overrides) return { ok: false, problems: p.out };
  const rulebook: Rulebook = {
    version: version!, effectiveFrom: effectiveFrom!, base: base!, min: min!, max: max!,
    items, grades, overrides,
    hysteresis: { margin: margin!, months: months! },
    newTenant: { days: days!, dataFacts: dataFacts! },
    objectionWorkingDays: objectionWorkingDays!,
    nomination: { minAnnual: minAnnual! },
  };
  return { ok: true, rulebook, note };
}

function factList(p: Problems, field: string, value: unknown, allowed: readonly string[]): string[] | undefined {
  const list = Array.isArray(value) ? value : typeof value === 'string' ? value.split(/[\s,，;；]+/).filter(Boolean) : value === undefined ? [] : null;
  if (!list) return void p.add(field, 'invalid');
  const out: string[] = [];
  for (const f of list) {
    const code = typeof f === 'string' ? f.trim().toUpperCase() : '';
    if (!allowed.includes(code)) return void p.add(field, 'rulebookUnknownFact', { fact: String(f) });
    if (!out.includes(code)) out.push(code);
  }
  return out;
}

/** The sign of a non-zero number. */
const signOf = (n: number): 1 | -1 => (n > 0 ? 1 : -1);

function validateItems(p: Problems, value: unknown): Record<string, RuleItem> | undefined {
  if (!Array.isArray(value) || value.length === 0) return void p.add('items', 'required');
  if (value.length > ITEMS_MAX) return void p.add('items', 'tooManyItems', { limit: ITEMS_MAX });
  const out: Record<string, RuleItem> = {};
  const byFact = new Map<string, string>();
  const codes = new Set<string>();
  const before = Object.keys(p.out).length;
  value.forEach((raw, row) => {
    const it: Obj = isObj(raw) ? raw : {};
    const rawCode = textOf(it.code)?.toUpperCase();
    let key = `items.${row}`;
    if (!rawCode) p.add(`${key}.code`, 'required');
    else if (!CODE_PATTERN.test(rawCode)) p.add(`${key}.code`, 'format');
    else if (codes.has(rawCode)) p.add(`items.${rawCode}.code`, 'taken');
    else {
      codes.add(rawCode);
      key = `items.${rawCode}`;
    }
    const code = key === `items.${rawCode}` ? rawCode! : null;

    const category = textOf(it.category) as RuleCategory | undefined;
    if (!category) p.add(`${key}.category`, 'required');
    else if (!RULE_CATEGORIES.includes(category)) p.add(`${key}.category`, 'oneOf');
    const labelZh = text(p, `${key}.labelZh`, it.labelZh, LABEL_MAX);
    const labelEn = text(p, `${key}.labelEn`, it.labelEn, LABEL_MAX);

    const factText = textOf(it.fact)?.toUpperCase() || rawCode;
    let fact: string | undefined;
    if (factText) {
      if (!COUNTABLE_FACTS.includes(factText)) p.add(`${key}.fact`, 'rulebookUnknownFact', { fact: factText });
      else if (byFact.has(factText)) p.add(`${key}.fact`, 'taken');
      else {
        fact = factText;
        byFact.set(factText, code ?? key);
      }
    }

    const tiersRaw = it.tiers;
    let tiers: EditableTier[] | undefined;
    if (tiersRaw !== undefined && tiersRaw !== null && !(Array.isArray(tiersRaw) && tiersRaw.length === 0)) {
      if (!Array.isArray(tiersRaw)) p.add(`${key}.tiers`, 'invalid');
      else {
        const list: EditableTier[] = [];
        let bad = false;
        for (const t of tiersRaw) {
          const tier: Obj = isObj(t) ? t : {};
          const when = textOf(tier.when);
          const points = intOf(tier.points);
          if (!when || when.length > TIER_MAX || points === undefined || Number.isNaN(points) || Math.abs(points) > POINTS_LIMIT) bad = true;
          else if (list.some((x) => x.when === when)) bad = true;
          else list.push({ when, points });
        }
        if (bad) p.add(`${key}.tiers`, 'format');
        else if (list.some((t) => t.points === 0) || new Set(list.map((t) => signOf(t.points))).size > 1) p.add(`${key}.tiers`, 'rulebookSign');
        else if (fact && !factKind(fact)?.tierField) p.add(`${key}.tiers`, 'rulebookNoTiers', { fact });
        else if (fact === 'P07' && list.some((t) => !/^\d{1,3}$/.test(t.when) || Number(t.when) > 100)) p.add(`${key}.tiers`, 'format');
        else tiers = list;
      }
    }

    let sign: 1 | -1 | undefined;
    let points = 0;
    if (tiers) {
      sign = signOf(tiers[0].points);
      const flat = intOf(it.points);
      if (flat !== undefined && flat !== 0) p.add(`${key}.points`, 'rulebookTiersDecide');
    } else {
      const n = int(p, `${key}.points`, it.points, -POINTS_LIMIT, POINTS_LIMIT);
      if (n === 0) p.add(`${key}.points`, 'rulebookSign');
      else if (n !== undefined) {
        sign = signOf(n);
        points = Math.abs(n);
      }
    }

    const capN = int(p, `${key}.cap`, it.cap, -POINTS_LIMIT * 10, POINTS_LIMIT * 10, true);
    if (capN !== undefined && sign !== undefined && (capN === 0 || signOf(capN) !== sign)) p.add(`${key}.cap`, 'rulebookSign');
    const windowMonths = int(p, `${key}.windowMonths`, it.windowMonths, 1, 60, true);
    if (windowMonths === undefined && fact && WINDOWED_FACTS.includes(fact) && intOf(it.windowMonths) === undefined) p.add(`${key}.windowMonths`, 'required');

    let params: Record<string, string | number> | undefined;
    if (it.params !== undefined && it.params !== null) {
      if (!isObj(it.params) || Object.keys(it.params).length > 10) p.add(`${key}.params`, 'invalid');
      else {
        const entries = Object.entries(it.params);
        if (entries.some(([k, v]) => !PARAM_KEY.test(k) || !((typeof v === 'string' && v.length <= 64) || (typeof v === 'number' && Number.isFinite(v))))) p.add(`${key}.params`, 'format');
        else if (typeof it.params.dueMonthDay !== 'undefined' && !/^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/.test(String(it.params.dueMonthDay))) p.add(`${key}.params`, 'format');
        else if (entries.length) params = Object.fromEntries(entries) as Record<string, string | number>;
      }
    }

    if (code && sign !== undefined && category && labelZh && labelEn && fact) {
      out[code] = {
        code, sign, points, category, label: { 'zh-CN': labelZh, en: labelEn },
        ...(capN !== undefined ? { cap: Math.abs(capN) } : {}),
        ...(windowMonths !== undefined ? { windowMonths } : {}),
        ...(tiers ? { tiers: tiers.map((t) => ({ when: t.when, points: Math.abs(t.points) })) } : {}),
        ...(params ? { params } : {}),
        ...(fact !== code ? { fact } : {}),
      };
    }
  });
  const missing = WINDOWED_FACTS.filter((f) => !byFact.has(f));
  if (missing.length) p.add('items', 'rulebookFactNeeded', { facts: missing.join(', ') });
  return Object.keys(p.out).length === before ? out : undefined;
}

function validateGrades(p: Problems, value: unknown, min: number | undefined, max: number | undefined): Rulebook['grades'] | undefined {
  if (!isObj(value)) return void p.add('grades', 'required');
  const before = Object.keys(p.out).length;
  const bands = new Map<Grade, { from: number; to: number }>();
  for (const grade of GRADES) {
    const band: Obj = isObj(value[grade]) ? value[grade] as Obj : {};
    const from = intOf(band.from);
    const to = intOf(band.to);
    if (from === undefined || to === undefined) p.add(`grades.${grade}`, 'required');
    else if (Number.isNaN(from) || Number.isNaN(to)) p.add(`grades.${grade}`, 'integer');
    else if (from >= to) p.add(`grades.${grade}`, 'rulebookBandEmpty');
    else bands.set(grade, { from, to });
  }
  for (const key of Object.keys(value)) if (!GRADES.includes(key as Grade)) p.add(`grades.${key}`, 'unknownField');
  if (bands.size === GRADES.length) {
    // From the lowest grade up: each band starts where the one below ends.
    const up = [...GRADES].reverse();
    if (min !== undefined && bands.get('D')!.from !== min) p.add('grades.D', 'rulebookBandEdge', { limit: min });
    for (let i = 1; i < up.length; i++) {
      const below = bands.get(up[i - 1])!;
      const band = bands.get(up[i])!;
      if (band.from < below.to) p.add(`grades.${up[i]}`, 'rulebookBandOverlap', { other: up[i - 1] });
      else if (band.from > below.to) p.add(`grades.${up[i]}`, 'rulebookBandGap', { other: up[i - 1] });
    }
    if (max !== undefined && bands.get('A')!.to !== max) p.add('grades.A', 'rulebookBandEdge', { limit: max });
  }
  if (Object.keys(p.out).length !== before || bands.size !== GRADES.length) return undefined;
  return GRADES.map((grade) => ({ grade, min: bands.get(grade)!.from }));
}

function validateOverrides(p: Problems, value: unknown): GradeOverride[] | undefined {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) return void p.add('overrides', 'invalid');
  if (value.length > OVERRIDES_MAX) return void p.add('overrides', 'tooManyItems', { limit: OVERRIDES_MAX });
  const before = Object.keys(p.out).length;
  const out: GradeOverride[] = [];
  value.forEach((raw, i) => {
    const o: Obj = isObj(raw) ? raw : {};
    const fact = textOf(o.fact)?.toUpperCase();
    const tier = textOf(o.tier) || undefined;
    const atMost = textOf(o.atMost)?.toUpperCase() as Grade | undefined;
    if (!fact) p.add(`overrides.${i}.fact`, 'required');
    else if (!COUNTABLE_FACTS.includes(fact)) p.add(`overrides.${i}.fact`, 'rulebookUnknownFact', { fact });
    else if (tier && !factKind(fact)?.tierField) p.add(`overrides.${i}.tier`, 'rulebookNoTiers', { fact });
    if (tier && tier.length > TIER_MAX) p.add(`overrides.${i}.tier`, 'maxLength', { limit: TIER_MAX });
    if (!atMost) p.add(`overrides.${i}.atMost`, 'required');
    else if (!GRADES.includes(atMost)) p.add(`overrides.${i}.atMost`, 'oneOf');
    if (fact && atMost && GRADES.includes(atMost)) out.push({ fact, ...(tier ? { tier } : {}), atMost });
  });
  return Object.keys(p.out).length === before ? out : undefined;
}

/** SHA-256 is computed over this exact text: the stored body. */
export function rulebookBody(rb: Rulebook): string {
  return JSON.stringify(rb);
}
