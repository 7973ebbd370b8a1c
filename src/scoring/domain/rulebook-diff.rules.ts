import type { Rulebook } from './rulebook.js';
import { GRADES, toEditable, type EditableItem } from './rulebook-validation.rules.js';
import { paramsText, tiersText } from './rulebook-form.rules.js';

/**
 * What a version changes against another (the one in force): items added, removed or changed field
 * by field (signed, as the admin edits them), bands, overrides, hysteresis, the M rule and the other
 * numbers. Values are display text. Pure.
 */
export interface RulebookChange {
  /** `base`, `item`, `grade`, `overrides`, `hysteresis.margin` …: what the row is about. */
  part: string;
  /** The item code or grade, when the part has several. */
  subject: string | null;
  /** For items: `added`, `removed` or the field (`points`, `cap` …). */
  field: string | null;
  before: string;
  after: string;
}

const itemFields = (it: EditableItem): Record<string, string> => ({
  category: it.category, labelZh: it.labelZh, labelEn: it.labelEn, fact: it.fact ?? it.code,
  points: it.tiers?.length ? '' : String(it.points), cap: it.cap === undefined ? '' : String(it.cap),
  windowMonths: it.windowMonths === undefined ? '' : String(it.windowMonths), tiers: tiersText(it.tiers), params: paramsText(it.params),
});

export function rulebookDiff(from: Rulebook, to: Rulebook): RulebookChange[] {
  const a = toEditable(from);
  const b = toEditable(to);
  const out: RulebookChange[] = [];
  const push = (part: string, before: unknown, after: unknown, subject: string | null = null, field: string | null = null) => {
    const x = before === undefined || before === null ? '' : String(before);
    const y = after === undefined || after === null ? '' : String(after);
    if (x !== y) out.push({ part, subject, field, before: x, after: y });
  };
  push('base', a.base, b.base);
  push('min', a.min, b.min);
  push('max', a.max, b.max);
  const before = new Map(a.items.map((i) => [i.code, i]));
  const after = new Map(b.items.map((i) => [i.code, i]));
  const codes = [...new Set([...before.keys(), ...after.keys()])].sort((x, y) => (x[0] === y[0] ? x.localeCompare(y) : x[0] === 'P' ? -1 : y[0] === 'P' ? 1 : x.localeCompare(y)));
  for (const code of codes) {
    const x = before.get(code);
    const y = after.get(code);
    if (!x) out.push({ part: 'item', subject: code, field: 'added', before: '', after: `${y!.labelZh} / ${y!.labelEn}` });
    else if (!y) out.push({ part: 'item', subject: code, field: 'removed', before: `${x.labelZh} / ${x.labelEn}`, after: '' });
    else {
      const fx = itemFields(x);
      const fy = itemFields(y);
      for (const f of Object.keys(fx)) push('item', fx[f], fy[f], code, f);
    }
  }
  for (const g of GRADES) push('grade', `${a.grades[g]?.from ?? ''}–${a.grades[g]?.to ?? ''}`, `${b.grades[g]?.from ?? ''}–${b.grades[g]?.to ?? ''}`, g);
  const overrides = (rb: typeof a) => rb.overrides.map((o) => `${o.fact}${o.tier ? `(${o.tier})` : ''} → ≤ ${o.atMost}`).join('; ');
  push('overrides', overrides(a), overrides(b));
  push('hysteresis.margin', a.hysteresis.margin, b.hysteresis.margin);
  push('hysteresis.months', a.hysteresis.months, b.hysteresis.months);
  push('newTenant.days', a.newTenant.days, b.newTenant.days);
  push('newTenant.dataFacts', a.newTenant.dataFacts.join(', '), b.newTenant.dataFacts.join(', '));
  push('objectionWorkingDays', a.objectionWorkingDays, b.objectionWorkingDays);
  push('nomination.minAnnual', a.nomination.minAnnual, b.nomination.minAnnual);
  return out;
}
