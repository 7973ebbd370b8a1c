import { DEFAULT_RULEBOOK, type Rulebook } from './rulebook.js';
import { completedMonthEnds, factsKey, nextPrior, BacktestTally } from './rulebook-backtest.rules.js';
import { rulebookDiff } from './rulebook-diff.rules.js';
import { draftFromForm, formOf, parseTiers, problemsForForm, rowsOf } from './rulebook-form.rules.js';
import { toEditable, validateRulebookDraft, type EditableRulebook } from './rulebook-validation.rules.js';
import type { ScoreResult } from './score-engine.js';

const TODAY = '2026-11-29';
const editable = (): EditableRulebook => ({ ...toEditable(DEFAULT_RULEBOOK), version: 'park-2027', effectiveFrom: '2027-01-01' });
type Mutate = (d: EditableRulebook & Record<string, unknown>) => void;
const item = (d: EditableRulebook, code: string) => d.items.find((i) => i.code === code)!;

function check(mutate: Mutate) {
  const d = editable() as EditableRulebook & Record<string, unknown>;
  mutate(d);
  return validateRulebookDraft(JSON.parse(JSON.stringify(d)), TODAY);
}

describe('validateRulebookDraft', () => {
  it('accepts the default rulebook in the editing model and gives it back unchanged (signs, tiers, bands)', () => {
    const result = check(() => {});
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect({ ...result.rulebook, version: DEFAULT_RULEBOOK.version, effectiveFrom: DEFAULT_RULEBOOK.effectiveFrom }).toEqual(DEFAULT_RULEBOOK);
  });

  it('round-trips through the form', () => {
    const form = formOf(editable());
    const body: Record<string, string> = { ...form.values };
    for (const r of form.items) for (const [k, v] of Object.entries(r)) if (k !== 'row' && k !== 'remove') body[`items.${r.row}.${k}`] = String(v);
    for (const r of form.overrides) for (const [k, v] of Object.entries(r)) if (k !== 'row' && k !== 'remove') body[`overrides.${r.row}.${k}`] = String(v);
    const { draft, problems } = draftFromForm(rowsOf(body));
    expect(problems).toEqual({});
    const result = validateRulebookDraft(draft, TODAY);
    expect(result.ok && { ...result.rulebook, version: DEFAULT_RULEBOOK.version, effectiveFrom: DEFAULT_RULEBOOK.effectiveFrom }).toEqual(DEFAULT_RULEBOOK);
  });

  it.each<[string, string, string, Mutate]>([
    ['a negative item with a positive cap', 'items.N03.cap', 'rulebookSign', (d) => { item(d, 'N03').cap = 10; }],
    ['a positive item with a negative cap', 'items.P05.cap', 'rulebookSign', (d) => { item(d, 'P05').cap = -6; }],
    ['a zero cap', 'items.P05.cap', 'rulebookSign', (d) => { item(d, 'P05').cap = 0; }],
    ['zero points', 'items.P01.points', 'rulebookSign', (d) => { item(d, 'P01').points = 0; }],
    ['tiers of mixed signs', 'items.N04.tiers', 'rulebookSign', (d) => { item(d, 'N04').tiers = [{ when: 'minor', points: -3 }, { when: 'serious', points: 20 }]; }],
    ['tiers on a fact without tiers', 'items.P01.tiers', 'rulebookNoTiers', (d) => { item(d, 'P01').tiers = [{ when: 'A', points: 5 }]; }],
    ['a P07 tier that is not a percentage', 'items.P07.tiers', 'format', (d) => { item(d, 'P07').tiers = [{ when: 'most', points: 6 }]; }],
    ['points beside tiers', 'items.P06.points', 'rulebookTiersDecide', (d) => { item(d, 'P06').points = 4; }],
    ['an unknown fact', 'items.P12.fact', 'rulebookUnknownFact', (d) => { item(d, 'P12').fact = 'X99'; }],
    ['a presence fact', 'items.P12.fact', 'rulebookUnknownFact', (d) => { item(d, 'P12').fact = 'D01'; }],
    ['an unknown code without a fact', 'items.P99.fact', 'rulebookUnknownFact', (d) => { d.items.push({ code: 'P99', category: 'law', labelZh: '甲', labelEn: 'A', points: 1 }); }],
    ['two items on one fact', 'items.P98.fact', 'taken', (d) => { d.items.push({ code: 'P98', fact: 'P01', category: 'law', labelZh: '甲', labelEn: 'A', points: 1 }); }],
    ['a repeated code', 'items.P01.code', 'taken', (d) => { d.items.push({ ...item(d, 'P01') }); }],
    ['a malformed code', 'items.0.code', 'format', (d) => { item(d, 'P01').code = 'p 1'; }],
    ['a window of 0 months', 'items.P05.windowMonths', 'range', (d) => { item(d, 'P05').windowMonths = 0; }],
    ['a window of 61 months', 'items.P05.windowMonths', 'range', (d) => { item(d, 'P05').windowMonths = 61; }],
    ['a windowed fact without a window', 'items.P03.windowMonths', 'required', (d) => { delete item(d, 'P03').windowMonths; }],
    ['a windowed fact without an item', 'items', 'rulebookFactNeeded', (d) => { d.items = d.items.filter((i) => i.code !== 'N08'); }],
    ['an unknown category', 'items.P01.category', 'oneOf', (d) => { (item(d, 'P01') as { category: string }).category = 'money'; }],
    ['a missing label', 'items.P01.labelEn', 'required', (d) => { item(d, 'P01').labelEn = ' '; }],
    ['fractional points', 'items.P01.points', 'integer', (d) => { item(d, 'P01').points = 2.5; }],
    ['a malformed due date parameter', 'items.P04.params', 'format', (d) => { item(d, 'P04').params = { dueMonthDay: '6/30' }; }],
    ['overlapping bands', 'grades.A', 'rulebookBandOverlap', (d) => { d.grades.A = { from: 84, to: 100 }; }],
    ['a gap between bands', 'grades.B', 'rulebookBandGap', (d) => { d.grades.B = { from: 71, to: 85 }; }],
    ['bands short of the top', 'grades.A', 'rulebookBandEdge', (d) => { d.grades.A = { from: 85, to: 99 }; }],
    ['bands that start above the lowest score', 'grades.D', 'rulebookBandEdge', (d) => { d.grades.D = { from: 1, to: 60 }; }],
    ['an empty band', 'grades.C', 'rulebookBandEmpty', (d) => { d.grades.C = { from: 70, to: 70 }; }],
    ['a missing band', 'grades.C', 'required', (d) => { delete (d.grades as Partial<typeof d.grades>).C; }],
    ['base above the highest score', 'base', 'range', (d) => { d.base = 101; }],
    ['max not above min', 'max', 'min', (d) => { d.max = 0; }],
    ['an override of an unknown fact', 'overrides.3.fact', 'rulebookUnknownFact', (d) => { d.overrides.push({ fact: 'Z01', atMost: 'C' }); }],
    ['an override to an unknown grade', 'overrides.0.atMost', 'oneOf', (d) => { (d.overrides[0] as { atMost: string }).atMost = 'E'; }],
    ['an override tier on a fact without tiers', 'overrides.0.tier', 'rulebookNoTiers', (d) => { d.overrides[0].tier = 'x'; }],
    ['a negative hysteresis margin', 'hysteresis.margin', 'range', (d) => { d.hysteresis.margin = -1; }],
    ['hysteresis over 13 months', 'hysteresis.months', 'range', (d) => { d.hysteresis.months = 13; }],
    ['hysteresis of 0 months', 'hysteresis.months', 'range', (d) => { d.hysteresis.months = 0; }],
    ['an M window over a year', 'newTenant.days', 'range', (d) => { d.newTenant.days = 366; }],
    ['an unknown data fact', 'newTenant.dataFacts', 'rulebookUnknownFact', (d) => { d.newTenant.dataFacts = ['D01', 'D09']; }],
    ['an objection window of 0 days', 'objectionWorkingDays', 'range', (d) => { d.objectionWorkingDays = 0; }],
    ['an objection window of 31 days', 'objectionWorkingDays', 'range', (d) => { d.objectionWorkingDays = 31; }],
    ['an effective date in the past', 'effectiveFrom', 'notBefore', (d) => { d.effectiveFrom = '2026-11-28'; }],
    ['an impossible date', 'effectiveFrom', 'date', (d) => { d.effectiveFrom = '2027-02-29'; }],
    ['a label with spaces', 'version', 'format', (d) => { d.version = 'park 2027'; }],
    ['an unknown field', 'extra', 'unknownField', (d) => { d.extra = 1; }],
  ])('%s → %s %s', (_name, field, code, mutate) => {
    const result = check(mutate);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems[field]?.map((p) => p.code)).toContain(code);
  });

  it.each<[string, Mutate]>([
    ['an effective date of today', (d) => { d.effectiveFrom = TODAY; }],
    ['hysteresis margin 0 and 12 months', (d) => { d.hysteresis = { margin: 0, months: 12 }; }],
    ['no overrides', (d) => { d.overrides = []; }],
    ['an M window of 0 days', (d) => { d.newTenant.days = 0; }],
    ['numbers written as text (a form)', (d) => { (d as Record<string, unknown>).base = '65'; (item(d, 'N03') as unknown as Record<string, unknown>).cap = '-8'; }],
    ['a new item on a lists fact', (d) => { d.items = d.items.filter((i) => i.code !== 'P12'); d.items.push({ code: 'R01', fact: 'P12', category: 'virtue', labelZh: '红名单', labelEn: 'Red list', points: 8 }); }],
  ])('accepts %s', (_name, mutate) => {
    const result = check(mutate);
    expect(result.ok ? [] : result.problems).toEqual([]);
  });

  it('stores signed points as a sign and absolute values', () => {
    const result = check((d) => { item(d, 'N03').points = -3; item(d, 'N03').cap = -9; });
    expect(result.ok && result.rulebook.items.N03).toMatchObject({ sign: -1, points: 3, cap: 9 });
  });
});

describe('rulebook form', () => {
  it('parses tiers, full-width separators included, and refuses a malformed one', () => {
    expect(parseTiers('A:10; B:5')).toEqual([{ when: 'A', points: '10' }, { when: 'B', points: '5' }]);
    expect(parseTiers('minor：-3；serious:-20')).toEqual([{ when: 'minor', points: '-3' }, { when: 'serious', points: '-20' }]);
    expect(parseTiers('A=10')).toBeNull();
  });

  it('keys problems by the form row that holds the code, and drops blank and removed rows', () => {
    const body: Record<string, string> = {
      'items.0.code': 'P01', 'items.0.points': '5', 'items.1.code': '', 'items.2.code': 'N03', 'items.2.cap': '10', 'items.3.code': 'N09', 'items.3.remove': '1',
    };
    const form = rowsOf(body);
    const { draft, itemRows } = draftFromForm(form);
    expect((draft.items as unknown[]).length).toBe(2);
    expect(itemRows).toEqual([0, 2]);
    const problems = problemsForForm({ 'items.N03.cap': [{ code: 'rulebookSign' }], 'items.1.code': [{ code: 'format' }], grades: [{ code: 'required' }] }, form, itemRows, []);
    expect(Object.keys(problems).sort()).toEqual(['grades', 'items.2.cap', 'items.2.code']);
  });
});

describe('rulebookDiff', () => {
  it('lists what changed, item by item, with signed values', () => {
    const next: Rulebook = JSON.parse(JSON.stringify(DEFAULT_RULEBOOK));
    next.base = 65;
    next.items.N03.cap = 8;
    delete next.items.P12;
    next.grades[0].min = 90;
    const changes = rulebookDiff(DEFAULT_RULEBOOK, next);
    expect(changes).toEqual(expect.arrayContaining([
      { part: 'base', subject: null, field: null, before: '60', after: '65' },
      { part: 'item', subject: 'N03', field: 'cap', before: '-10', after: '-8' },
      { part: 'item', subject: 'P12', field: 'removed', before: expect.any(String), after: '' },
      { part: 'grade', subject: 'A', field: null, before: '85–100', after: '90–100' },
      { part: 'grade', subject: 'B', field: null, before: '70–85', after: '70–90' },
    ]));
    expect(rulebookDiff(DEFAULT_RULEBOOK, DEFAULT_RULEBOOK)).toEqual([]);
  });
});

describe('back-test rules', () => {
  it.each([
    ['2026-11-29', '2025-11', '2025-11-30', '2026-10', '2026-10-31'],
    ['2026-01-01', '2025-01', '2025-01-31', '2025-12', '2025-12-31'],
    ['2025-03-15', '2024-03', '2024-03-31', '2025-02', '2025-02-28'],
    ['2024-03-01', '2023-03', '2023-03-31', '2024-02', '2024-02-29'],
  ])('the 12 completed months before %s run from %s to %s', (today, firstMonth, firstEnd, lastMonth, lastEnd) => {
    const months = completedMonthEnds(today);
    expect(months).toHaveLength(12);
    expect(months[0]).toEqual({ month: firstMonth, asOf: firstEnd });
    expect(months[11]).toEqual({ month: lastMonth, asOf: lastEnd });
  });

  it.each<[string, (rb: Rulebook) => void, boolean]>([
    ['points, caps, bands and grade rules', (rb) => { rb.base = 90; rb.items.N03.cap = 4; rb.items.P06.tiers![0].points = 12; rb.grades[0].min = 90; rb.hysteresis = { margin: 0, months: 1 }; }, true],
    ['a window', (rb) => { rb.items.P03.windowMonths = 24; }, false],
    ['a P07 threshold', (rb) => { rb.items.P07.tiers![1].when = '80'; }, false],
    ['the annual-report due date', (rb) => { rb.items.P04.params = { dueMonthDay: '05-31' }; }, false],
    ['an item removed', (rb) => { delete rb.items.P12; }, false],
  ])('the facts stay the same after changing %s: %s', (_name, change, same) => {
    const next: Rulebook = JSON.parse(JSON.stringify(DEFAULT_RULEBOOK));
    change(next);
    expect(factsKey(next) === factsKey(DEFAULT_RULEBOOK)).toBe(same);
  });

  it('chains a side’s own months, newest first, as many as the hysteresis remembers', () => {
    const result = { total: 72, grade: 'B', bandGrade: 'B' } as ScoreResult;
    const one = nextPrior([], '2026-01', result, 2);
    const two = nextPrior(one, '2026-02', { ...result, total: 90, grade: 'A', bandGrade: 'A' }, 2);
    const three = nextPrior(two, '2026-03', result, 2);
    expect(three.map((p) => p.month)).toEqual(['2026-03', '2026-02']);
    expect(two[0]).toEqual({ month: '2026-02', score: 90, grade: 'A', bandGrade: 'A' });
  });

  it('counts grades per month, the changes, and samples the tenants that change', () => {
    const tally = new BacktestTally([{ month: '2026-01', asOf: '2026-01-31', currentVersion: 'v1' }, { month: '2026-02', asOf: '2026-02-28', currentVersion: 'v1' }], 1);
    tally.add(1, ['B', 'B'], ['B', 'B']);
    tally.add(2, ['C', 'B'], ['B', 'A']);
    tally.add(3, ['M', 'D'], ['M', 'C']);
    const r = tally.result('sha', new Map([[2, '乙公司']]));
    expect(r.status === 'done' && r).toMatchObject({
      tenants: 3, tenantsChanged: 2, changes: 3,
      months: [{ current: { A: 0, B: 1, C: 1, D: 0, M: 1 }, proposed: { A: 0, B: 2, C: 0, D: 0, M: 1 }, changed: 1 }, { current: { B: 2, D: 1 }, proposed: { A: 1, B: 1, C: 1 }, changed: 2 }],
      sample: [{ tenantId: 2, name: '乙公司', current: ['C', 'B'], proposed: ['B', 'A'] }],
    });
  });
});
