import { draftProblems, EMPTY_ROWS, formRows, MAX_FORM_ROWS, MORE_ROWS, parseClauseRows, problemsByRow, reminderTargets, resubmittedRows } from './authoring.rules.js';

describe('parseClauseRows', () => {
  it('reads rows in index order and drops blank ones', () => {
    const parsed = parseClauseRows({
      'clauses.0.number': '1', 'clauses.0.category': 'law', 'clauses.0.textZh': ' 守法 ', 'clauses.0.textEn': '',
      'clauses.1.number': '', 'clauses.1.category': 'law', 'clauses.1.textZh': '', // blank: category alone does not count
      'clauses.2.number': '2', 'clauses.2.category': 'custom', 'clauses.2.customCategory': '环保', 'clauses.2.textZh': '节能',
    });
    expect(parsed.clauses).toEqual([
      { number: '1', category: 'law', customCategory: '', textZh: '守法', textEn: '' },
      { number: '2', category: 'custom', customCategory: '环保', textZh: '节能', textEn: '' },
    ]);
    expect(parsed.rows).toBe(2 + EMPTY_ROWS);
  });

  it.each([
    ['order fields reorder', { 'clauses.0.number': 'a', 'clauses.0.textZh': 'A', 'clauses.0.order': '3', 'clauses.1.number': 'b', 'clauses.1.textZh': 'B', 'clauses.1.order': '1' }, ['b', 'a']],
    ['ties keep form order', { 'clauses.0.number': 'a', 'clauses.0.textZh': 'A', 'clauses.0.order': '1', 'clauses.1.number': 'b', 'clauses.1.textZh': 'B', 'clauses.1.order': '1' }, ['a', 'b']],
    ['removed rows are dropped', { 'clauses.0.number': 'a', 'clauses.0.textZh': 'A', 'clauses.0.remove': '1', 'clauses.1.number': 'b', 'clauses.1.textZh': 'B' }, ['b']],
    ['index 10 comes after index 2', { 'clauses.10.number': 'k', 'clauses.10.textZh': 'K', 'clauses.2.number': 'c', 'clauses.2.textZh': 'C' }, ['c', 'k']],
    ['unrelated and malformed keys are ignored', { title: 'x', 'clauses.x.number': '9', 'clauses.0': 'y', 'clauses.1.number': 'a', 'clauses.1.textZh': 'A' }, ['a']],
    ['non-string values count as empty', { 'clauses.0.number': ['a', 'b'], 'clauses.0.textZh': 'A' }, ['']],
  ])('%s', (_name, body, numbers) => {
    expect(parseClauseRows(body as Record<string, unknown>).clauses.map((c) => c.number)).toEqual(numbers);
  });

  it('adds rows on request and never exceeds the cap', () => {
    expect(parseClauseRows({ rows: '4', addRows: '1' }).rows).toBe(4 + MORE_ROWS);
    expect(parseClauseRows({ rows: '100000', addRows: '1' }).rows).toBe(MAX_FORM_ROWS);
    expect(parseClauseRows({ rows: 'nonsense' }).rows).toBe(EMPTY_ROWS);
    expect(parseClauseRows({ [`clauses.${MAX_FORM_ROWS}.number`]: '1', [`clauses.${MAX_FORM_ROWS}.textZh`]: 'x' }).clauses).toEqual([]);
  });
});

describe('resubmittedRows', () => {
  const body = {
    rows: '4',
    'clauses.0.number': '1', 'clauses.0.category': 'law', 'clauses.0.textZh': 'A', 'clauses.0.order': '1',
    'clauses.1.number': '', 'clauses.1.category': 'law', 'clauses.1.textZh': '', 'clauses.1.order': '2',
    'clauses.2.number': '3', 'clauses.2.category': 'integrity', 'clauses.2.textZh': 'C', 'clauses.2.order': '3', 'clauses.2.remove': '1',
    'clauses.3.number': '4', 'clauses.3.category': 'law', 'clauses.3.customCategory': 'stale', 'clauses.3.textZh': 'D', 'clauses.3.order': '9',
  };

  it('keeps every row where it was (blank and removed ones too), so nothing renumbers when rows are added', () => {
    const parsed = parseClauseRows({ ...body, addRows: '1' });
    const rows = resubmittedRows(parsed);
    expect(rows).toHaveLength(parsed.rows);
    expect(parsed.rows).toBeGreaterThanOrEqual(4 + MORE_ROWS);
    expect(rows.slice(0, 4).map((r) => [r.position, r.number, r.order, r.removed])).toEqual([[1, '1', '1', false], [2, '', '2', false], [3, '3', '3', true], [4, '4', '9', false]]);
    expect(rows[4]).toMatchObject({ position: 5, number: '', order: '5', keys: { number: 'clauses.4.number' } });
  });

  it('ignores a custom name on a row whose category is not custom', () => {
    const parsed = parseClauseRows(body);
    expect(parsed.clauses.map((c) => [c.number, c.customCategory])).toEqual([['1', ''], ['4', '']]);
  });

  it('keys clause errors by the form row they came from', () => {
    const parsed = parseClauseRows(body);
    expect(parsed.rowOf).toEqual([0, 3]);
    expect(problemsByRow({ 'clauses.1.textZh': [{ code: 'required' }], title: [{ code: 'required' }], 'clauses.7.number': [{ code: 'x' }] }, parsed.rowOf))
      .toEqual({ 'clauses.3.textZh': [{ code: 'required' }], title: [{ code: 'required' }], 'clauses.7.number': [{ code: 'x' }] });
  });
});

describe('formRows', () => {
  it('shows the clauses then blank rows, numbered from 1', () => {
    const rows = formRows([{ number: '1', category: 'integrity', textZh: 'x' }], 0);
    expect(rows).toHaveLength(1 + EMPTY_ROWS);
    expect(rows[0]).toMatchObject({ number: '1', category: 'integrity', textZh: 'x', customCategory: '', textEn: '', position: 1 });
    expect(rows[3]).toMatchObject({ number: '', category: 'law', position: 4 });
    expect(formRows([], 10)).toHaveLength(10);
  });
});

describe('reminderTargets', () => {
  it.each([
    ['2026-03-10', '2026-03-17', '2026-03-11'],
    ['2026-02-25', '2026-03-04', '2026-02-26'], // across a month end
    ['2028-02-28', '2028-03-06', '2028-02-29'], // leap day
    ['2026-12-31', '2027-01-07', '2027-01-01'], // year end
  ])('today %s → due in 7 on %s, due in 1 on %s', (today, d7, d1) => {
    expect(reminderTargets(today)).toEqual({ dueIn7: d7, dueIn1: d1 });
  });
});

describe('draftProblems', () => {
  const base = { title: 't', effectiveDate: '2026-01-01', signingPeriodDays: 30 };
  it('flags duplicate numbers and unnamed custom groups by clause index', () => {
    expect(draftProblems({ ...base, clauses: [
      { number: '1', category: 'law', textZh: 'a' },
      { number: ' 1 ', category: 'custom', customCategory: ' ', textZh: 'b' },
    ] })).toEqual({ 'clauses.1.number': [{ code: 'taken' }], 'clauses.1.customCategory': [{ code: 'required' }] });
  });
  it.each([['2026-02-30', true], ['2026-02-28', false], ['2028-02-29', false], ['2027-02-29', true]])('effective date %s invalid: %s', (date, bad) => {
    expect(Boolean(draftProblems({ ...base, effectiveDate: date, clauses: [] }).effectiveDate)).toBe(bad);
  });
});
