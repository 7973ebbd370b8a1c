import type { ClauseText } from './convention.rules.js';

export interface ClauseGroup {
  /** Catalogue key of the category, or null for a custom category (then `name` is its own name). */
  categoryKey: string | null;
  name: string | null;
  clauses: { number: string; text: string; other: string | null }[];
}

/**
 * Consecutive clauses of the same category form one group, in clause order. Each clause shows in
 * the viewer's language (English falls back to Chinese), with the other language beside it.
 */
export function groupClauses(clauses: readonly ClauseText[], locale: string): ClauseGroup[] {
  const groups: ClauseGroup[] = [];
  for (const c of clauses) {
    const name = c.category === 'custom' ? (c.customCategory ?? '') : null;
    const categoryKey = c.category === 'custom' ? null : `conventionsSigning.categories.${c.category}`;
    let group = groups[groups.length - 1];
    if (!group || group.categoryKey !== categoryKey || group.name !== name) {
      group = { categoryKey, name, clauses: [] };
      groups.push(group);
    }
    const en = locale === 'en';
    const text = en ? (c.textEn || c.textZh) : c.textZh;
    const other = en ? (c.textEn ? c.textZh : null) : (c.textEn || null);
    group.clauses.push({ number: c.number, text, other });
  }
  return groups;
}
