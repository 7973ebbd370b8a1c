import type { ClauseText } from './convention.rules.js';
import { groupClauses } from './clause-groups.rules.js';

const clause = (number: string, category: ClauseText['category'], textZh: string, textEn: string | null = null, customCategory: string | null = null): ClauseText =>
  ({ number, category, textZh, textEn, customCategory });

describe('groupClauses', () => {
  const clauses = [
    clause('1', 'law', '守法', 'Obey'),
    clause('2', 'law', '纳税'),
    clause('3', 'integrity', '诚信', 'Honesty'),
    clause('4', 'custom', '环保', null, '绿色'),
    clause('5', 'custom', '节能', null, '绿色'),
    clause('6', 'custom', '安全', null, '安全生产'),
    clause('7', 'law', '再次守法'),
  ];

  it('groups consecutive clauses of one category, in order', () => {
    const groups = groupClauses(clauses, 'zh-CN');
    expect(groups.map((g) => [g.categoryKey, g.name, g.clauses.map((c) => c.number).join(',')])).toEqual([
      ['conventionsSigning.categories.law', null, '1,2'],
      ['conventionsSigning.categories.integrity', null, '3'],
      [null, '绿色', '4,5'],
      [null, '安全生产', '6'],
      ['conventionsSigning.categories.law', null, '7'],
    ]);
  });

  it.each([
    ['zh-CN', 0, '守法', 'Obey'],
    ['zh-CN', 1, '纳税', null],
    ['en', 0, 'Obey', '守法'],
    ['en', 1, '纳税', null],
  ])('in %s clause %i shows %p with %p beside it', (locale, index, text, other) => {
    const all = groupClauses(clauses, locale).flatMap((g) => g.clauses);
    expect(all[index]).toEqual({ number: String(index + 1), text, other });
  });

  it('gives no groups for no clauses', () => {
    expect(groupClauses([], 'en')).toEqual([]);
  });
});
