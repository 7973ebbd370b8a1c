import { DEFAULT_RULEBOOK, type Grade, type Rulebook, type RuleItem, type ScoreGrade } from './rulebook.js';
import { computeScore, type PriorMonth, type ScoreInput, type ScoreResult } from './score-engine.js';
import type { ScoreFact } from './score-fact.js';

const AS_OF = '2026-09-30';
let seq = 1000;
/** A fact of `rule` dated `date`; the record id is unique unless given. */
const fact = (rule: string, date = '2026-09-01', detail: ScoreFact['detail'] = {}, recordId = seq++, recordType = 'record'): ScoreFact => ({ rule, recordType, recordId, date, detail });
/** A signed convention on file: the tenant has data, so it is not M unless a test says so. */
const DATA = fact('D01', '2020-01-10', {}, 1, 'signature');
const book = (over: Partial<Rulebook> = {}, items: Record<string, Partial<RuleItem>> = {}): Rulebook => ({
  ...DEFAULT_RULEBOOK,
  ...over,
  items: {
    ...(over.items ?? DEFAULT_RULEBOOK.items),
    ...Object.fromEntries(Object.entries(items).map(([code, it]) => [code, { ...(DEFAULT_RULEBOOK.items[code] ?? { code, sign: 1, points: 0 }), ...it } as RuleItem])),
  },
});
const score = (facts: ScoreFact[], over: Partial<ScoreInput> = {}): ScoreResult => computeScore({
  facts: [DATA, ...facts], rulebook: DEFAULT_RULEBOOK, asOf: AS_OF, subject: { tenantId: 7, movedInOn: null }, prior: [], ...over,
});
const prior = (month: string, score: number, grade: ScoreGrade, bandGrade: Grade = grade === 'M' ? 'B' : grade): PriorMonth => ({ month, score, grade, bandGrade });
/** The contributions as `rule:points` (with `!` when capped). */
const parts = (r: ScoreResult) => r.contributions.map((c) => `${c.rule}:${c.points}${c.capped ? '!' : ''}`);
const clamp = (x: number, rb: Rulebook) => Math.min(rb.max, Math.max(rb.min, x));

describe('computeScore: totals and bands', () => {
  it.each<[string, number, Grade]>([
    ['100', 100, 'A'], ['85', 85, 'A'], ['84.99', 84.99, 'B'], ['84', 84, 'B'], ['70', 70, 'B'], ['69.99', 69.99, 'C'], ['69', 69, 'C'],
    ['60', 60, 'C'], ['59.99', 59.99, 'D'], ['59', 59, 'D'], ['0', 0, 'D'],
  ])('a total of %s is band %s', (_name, base, grade) => {
    const r = score([], { rulebook: book({ base }) });
    expect(r).toMatchObject({ total: base, unclamped: base, bandGrade: grade, grade, gradeNote: null, contributions: [], overrides: [] });
  });

  it.each<[string, ScoreFact[], number, Grade]>([
    ['P06 A and P07 90: 60 + 10 + 6 = 76', [fact('P06', '2026-01-01', { grade: 'A' }), fact('P07', '2026-09-01', { threshold: 90 })], 76, 'B'],
    ['one point short of A: 60 + 10 + 6 + 2 + 5 + 1 = 84', [fact('P06', '2026-01-01', { grade: 'A' }), fact('P07', '2026-09-01', { threshold: 90 }), fact('P02'), fact('P03', AS_OF), fact('P10')], 84, 'B'],
    ['exactly A: … + 1 = 85', [fact('P06', '2026-01-01', { grade: 'A' }), fact('P07', '2026-09-01', { threshold: 90 }), fact('P02'), fact('P03', AS_OF), fact('P10'), fact('P10')], 85, 'A'],
    ['60 + 5 + 5 = 70: B', [fact('P01'), fact('P03', AS_OF)], 70, 'B'],
    ['60 + 5 + 5 − 1 short: 60 + 5 + 3 + 1 = 69: C', [fact('P01'), fact('P07', '2026-09-01', { threshold: 75 }), fact('P10')], 69, 'C'],
    ['60 − 2 + 2 = 60: C', [fact('N03'), fact('P02')], 60, 'C'],
    ['60 − 2 + 1 = 59: D', [fact('N03'), fact('P11')], 59, 'D'],
  ])('%s', (_name, facts, total, grade) => {
    const r = score(facts);
    expect(r.total).toBe(total);
    expect(r.bandGrade).toBe(grade);
    expect(r.grade).toBe(grade);
  });

  it('clamps at 0 and keeps the unclamped sum', () => {
    const r = score([fact('N09', '2026-01-01'), fact('N04', '2026-02-01', { severity: 'serious' }), fact('N01'), fact('N06', '2025-01-01')], { rulebook: book({ overrides: [] }) });
    expect(r.unclamped).toBe(-10);
    expect(r.total).toBe(0);
    expect(r.bandGrade).toBe('D');
  });

  it('clamps at 100: every positive item at its best is 119', () => {
    const all = [
      fact('P01'), fact('P02'), fact('P03', AS_OF), fact('P04', '2026-05-01'), fact('P05'), fact('P05'), fact('P05'),
      fact('P06', '2026-01-01', { grade: 'A' }), fact('P07', '2026-09-01', { threshold: '90' }), fact('P08'), fact('P08'),
      fact('P09'), fact('P09'), fact('P10'), fact('P10'), fact('P10'), fact('P10'), fact('P10'), fact('P11'), fact('P11'), fact('P11'), fact('P12'),
    ];
    const r = score(all);
    expect(r.unclamped).toBe(119);
    expect(r.total).toBe(100);
    expect(r.bandGrade).toBe('A');
    expect(r.contributions.every((c) => !c.capped)).toBe(true);
  });

  it('empty facts: the base, graded by its band', () => {
    const rb = book({ newTenant: undefined });
    expect(computeScore({ facts: [], rulebook: rb, asOf: AS_OF, subject: { tenantId: 1, movedInOn: null } })).toEqual({
      tenantId: 1, asOf: AS_OF, rulebookVersion: DEFAULT_RULEBOOK.version, base: 60, total: 60, unclamped: 60, bandGrade: 'C', grade: 'C', gradeNote: null, contributions: [], overrides: [],
    });
  });

  it('empty facts under the default rulebook: the base, graded M for want of data', () => {
    const r = computeScore({ facts: [], rulebook: DEFAULT_RULEBOOK, asOf: AS_OF, subject: { tenantId: 1, movedInOn: null } });
    expect(r).toMatchObject({ total: 60, bandGrade: 'C', grade: 'M', gradeNote: { kind: 'new', reason: 'noData' } });
  });

  it('a malformed as-of date is a programming error', () => {
    expect(() => score([], { asOf: '2026-02-30' })).toThrow('not a date');
  });

  it('a total below every band minimum takes the lowest grade', () => {
    const r = score([], { rulebook: book({ base: 5, grades: [{ grade: 'A', min: 85 }, { grade: 'B', min: 70 }, { grade: 'C', min: 60 }, { grade: 'D', min: 10 }] }) });
    expect(r.bandGrade).toBe('D');
  });

  it('bands given in any order are read highest minimum first', () => {
    const r = score([], { rulebook: book({ base: 72, grades: [{ grade: 'D', min: 0 }, { grade: 'C', min: 60 }, { grade: 'A', min: 85 }, { grade: 'B', min: 70 }] }) });
    expect(r.bandGrade).toBe('B');
  });

  it('decimal points add up without binary noise', () => {
    const r = score([fact('P10'), fact('P10'), fact('P10')], { rulebook: book({}, { P10: { points: 0.1, cap: 0.25 } }) });
    expect(parts(r)).toEqual(['P10:0.1', 'P10:0.1', 'P10:0.05!']);
    expect(r.total).toBe(60.25);
  });
});

describe('computeScore: points and tiers', () => {
  it.each<[string, ScoreFact, string[]]>([
    ['P06 grade A: +10', fact('P06', '2026-01-01', { grade: 'A' }), ['P06:10']],
    ['P06 grade B: +5', fact('P06', '2026-01-01', { grade: 'B' }), ['P06:5']],
    ['P06 with a grade it has no tier for: nothing', fact('P06', '2026-01-01', { grade: 'C' }), []],
    ['P06 without a grade: nothing', fact('P06', '2026-01-01'), []],
    ['N07 grade C: −3', fact('N07', '2026-01-01', { grade: 'C' }), ['N07:-3']],
    ['N07 grade D: −10', fact('N07', '2026-01-01', { grade: 'D' }), ['N07:-10']],
    ['N04 minor: −3', fact('N04', '2026-01-01', { severity: 'minor' }), ['N04:-3']],
    ['N04 general: −8', fact('N04', '2026-01-01', { severity: 'general' }), ['N04:-8']],
    ['N04 serious: −20', fact('N04', '2026-01-01', { severity: 'serious' }), ['N04:-20']],
    ['P07 threshold 90 (a number): +6', fact('P07', '2026-09-01', { threshold: 90, rate: 92.3 }), ['P07:6']],
    ['P07 threshold 75: +3', fact('P07', '2026-09-01', { threshold: 75 }), ['P07:3']],
    ['P07 threshold 80 (no such tier): nothing', fact('P07', '2026-09-01', { threshold: 80 }), []],
    ['N01: −10', fact('N01', '2026-08-31'), ['N01:-10']],
    ['N09: −30', fact('N09', '2026-01-01'), ['N09:-30']],
    ['P12: +5', fact('P12', '2026-01-01'), ['P12:5']],
    ['a presence fact earns nothing', fact('D02', '2026-01-01'), []],
    ['a fact no item reads earns nothing', fact('X99', '2026-01-01'), []],
  ])('%s', (_name, f, expected) => {
    const r = score([f]);
    expect(parts(r)).toEqual(expected);
    expect(r.total).toBe(clamp(60 + r.contributions.reduce((s, c) => s + c.points, 0), DEFAULT_RULEBOOK));
  });

  it('a contribution carries its item, tier, record, date and detail', () => {
    const f = fact('N04', '2026-02-03', { severity: 'serious', title: '罚款' }, 44, 'finding');
    expect(score([f], { rulebook: book({ overrides: [] }) }).contributions).toEqual([{
      rule: 'N04', fact: 'N04', sign: -1, category: 'law', points: -20, uncapped: -20, capped: false, tier: 'serious',
      source: { type: 'finding', id: 44 }, date: '2026-02-03', detail: { severity: 'serious', title: '罚款' },
    }]);
  });

  it('an item may read another fact kind: its code names the contribution', () => {
    const rb = book({}, { P13: { code: 'P13', sign: 1, points: 4, fact: 'P09', category: 'virtue', windowMonths: 12 } });
    const r = score([fact('P09', '2026-03-01', {}, 5, 'self_report')], { rulebook: rb });
    expect(r.contributions.map((c) => `${c.rule}/${c.fact}:${c.points}`)).toEqual(['P09/P09:3', 'P13/P09:4']);
  });

  it('a rulebook read back from JSON: null cap and window, an empty tier list', () => {
    const rb = JSON.parse(JSON.stringify(book({}, { P05: { cap: null as unknown as undefined, windowMonths: null as unknown as undefined }, P02: { tiers: [] } }))) as Rulebook;
    const r = score([fact('P05', '2020-01-01'), fact('P05'), fact('P05'), fact('P05'), fact('P02')], { rulebook: rb });
    expect(parts(r)).toEqual(['P02:2', 'P05:2', 'P05:2', 'P05:2', 'P05:2']);
  });

  it('an item of 0 points contributes nothing', () => {
    expect(parts(score([fact('P02')], { rulebook: book({}, { P02: { points: 0 } }) }))).toEqual([]);
  });

  it('the same record given twice counts once', () => {
    const r = score([fact('P05', '2026-03-01', {}, 9, 'finding'), fact('P05', '2026-03-01', {}, 9, 'finding')]);
    expect(parts(r)).toEqual(['P05:2']);
  });

  it('orders positives before negatives, then by item, date, record type and id', () => {
    const facts = [
      fact('N03', '2026-05-01', {}, 3, 'training_attendance'), fact('P05', '2026-06-01', {}, 2, 'finding'), fact('N01', '2026-01-01', {}, 1, 'obligation'),
      fact('P05', '2026-04-01', {}, 8, 'finding'), fact('P02', '2026-02-01', {}, 5, 'signature'), fact('N03', '2026-05-01', {}, 1, 'training_attendance'),
      fact('P05', '2026-04-01', {}, 3, 'finding'), fact('P10', '2026-01-01', {}, 4, 'self_report'), fact('N03', '2026-05-01', {}, 2, 'a_type'),
    ];
    expect(score(facts).contributions.map((c) => `${c.rule}:${c.date}:${c.source.type}:${c.source.id}`)).toEqual([
      'P02:2026-02-01:signature:5', 'P05:2026-04-01:finding:3', 'P05:2026-04-01:finding:8', 'P05:2026-06-01:finding:2', 'P10:2026-01-01:self_report:4',
      'N01:2026-01-01:obligation:1', 'N03:2026-05-01:a_type:2', 'N03:2026-05-01:training_attendance:1', 'N03:2026-05-01:training_attendance:3',
    ]);
  });
});

describe('computeScore: caps', () => {
  const n = (rule: string, count: number) => Array.from({ length: count }, (_, i) => fact(rule, `2026-0${1 + i}-15`, {}, 100 + i, 'r'));
  it.each<[string, ScoreFact[], Rulebook, string[], number]>([
    ['P05 under the cap (2 × 2 of 6)', n('P05', 2), DEFAULT_RULEBOOK, ['P05:2', 'P05:2'], 64],
    ['P05 exactly at the cap (3 × 2 = 6)', n('P05', 3), DEFAULT_RULEBOOK, ['P05:2', 'P05:2', 'P05:2'], 66],
    ['P05 beyond the cap: the 4th and 5th shown at 0', n('P05', 5), DEFAULT_RULEBOOK, ['P05:2', 'P05:2', 'P05:2', 'P05:0!', 'P05:0!'], 66],
    ['P05 crossing a cap of 5: the 3rd gets the remainder', n('P05', 4), book({}, { P05: { cap: 5 } }), ['P05:2', 'P05:2', 'P05:1!', 'P05:0!'], 65],
    ['P09 +3 each, at most +6', n('P09', 3), DEFAULT_RULEBOOK, ['P09:3', 'P09:3', 'P09:0!'], 66],
    ['P08 +2 each, at most +4', n('P08', 3), DEFAULT_RULEBOOK, ['P08:2', 'P08:2', 'P08:0!'], 64],
    ['P11 +1 each, at most +3', n('P11', 4), DEFAULT_RULEBOOK, ['P11:1', 'P11:1', 'P11:1', 'P11:0!'], 63],
    ['N03 −2 each, at most −10: the 6th at 0', n('N03', 6), DEFAULT_RULEBOOK, ['N03:-2', 'N03:-2', 'N03:-2', 'N03:-2', 'N03:-2', 'N03:0!'], 50],
    ['N08 crossing a cap of 3', n('N08', 2), book({}, { N08: { cap: 3 } }), ['N08:-2', 'N08:-1!'], 57],
    ['N02 has no cap: −5 each', n('N02', 3), DEFAULT_RULEBOOK, ['N02:-5', 'N02:-5', 'N02:-5'], 45],
    ['a cap of 0 cuts everything', n('P10', 2), book({}, { P10: { cap: 0 } }), ['P10:0!', 'P10:0!'], 60],
  ])('%s', (_name, facts, rulebook, expected, total) => {
    const r = score(facts, { rulebook });
    expect(parts(r)).toEqual(expected);
    expect(r.total).toBe(total);
    expect(clamp(rulebook.base + r.contributions.reduce((s, c) => s + c.points, 0), rulebook)).toBe(r.total);
  });

  it('the cap goes to the earliest facts, whatever order they come in; ties by record type then id', () => {
    const facts = [fact('P09', '2026-08-01', {}, 1, 'self_report'), fact('P09', '2026-02-01', {}, 9, 'self_report'), fact('P09', '2026-02-01', {}, 2, 'self_report'), fact('P09', '2026-02-01', {}, 1, 'award')];
    const r = score(facts);
    expect(r.contributions.map((c) => `${c.source.type}#${c.source.id}:${c.points}:${c.uncapped}`)).toEqual([
      'award#1:3:3', 'self_report#2:3:3', 'self_report#9:0:3', 'self_report#1:0:3',
    ]);
  });

  it('a capped contribution keeps its uncapped points and is marked', () => {
    const r = score(n('N03', 6));
    expect(r.contributions[5]).toMatchObject({ points: 0, uncapped: -2, capped: true });
    expect(r.contributions[4]).toMatchObject({ points: -2, uncapped: -2, capped: false });
  });

  it('facts outside the window do not use up the cap', () => {
    const facts = [fact('P09', '2025-09-30'), fact('P09', '2025-10-01'), fact('P09', '2026-09-30')];
    expect(parts(score(facts))).toEqual(['P09:3', 'P09:3']);
  });
});

describe('computeScore: windows (trailing months ending on the as-of date, park days)', () => {
  it.each<[string, string, string, number, boolean]>([
    ['P05', '2026-09-30', '2025-09-30', 12, false], // the day before the window's first day
    ['P05', '2026-09-30', '2025-10-01', 12, true], // the first day
    ['P05', '2026-09-30', '2026-09-30', 12, true], // the as-of date itself
    ['P05', '2026-09-30', '2026-10-01', 12, false], // after the as-of date
    ['N08', '2024-02-29', '2023-02-28', 12, false], // leap day minus 12 months clamps to 02-28, the window starts 03-01
    ['N08', '2024-02-29', '2023-03-01', 12, true],
    ['N08', '2025-02-28', '2024-02-28', 12, false],
    ['N08', '2025-02-28', '2024-02-29', 12, true], // 2025-02-28 minus 12 months is 2024-02-28: the leap day is the first day
    ['N08', '2025-03-01', '2024-03-01', 12, false],
    ['N08', '2025-03-01', '2024-03-02', 12, true],
    ['N02', '2026-03-31', '2026-02-28', 1, false], // 1 month: 03-31 minus 1 month is 02-28, the window starts 03-01
    ['N02', '2026-03-31', '2026-03-01', 1, true],
    ['N02', '2026-01-31', '2024-01-31', 24, false],
    ['N02', '2026-01-31', '2024-02-01', 24, true],
    ['P09', '2027-01-01', '2026-01-01', 12, false], // across a year end
    ['P09', '2027-01-01', '2026-01-02', 12, true],
    ['P10', '2026-09-30', '2025-10-01', 12, true],
    ['P11', '2026-09-30', '2025-09-30', 12, false],
  ])('%s as of %s dated %s (%i months): counts %s', (rule, asOf, date, months, counts) => {
    const rb = book({ newTenant: undefined }, { [rule]: { windowMonths: months } });
    const r = computeScore({ facts: [fact(rule, date)], rulebook: rb, asOf, subject: { tenantId: 1, movedInOn: null } });
    expect(r.contributions.length).toBe(counts ? 1 : 0);
  });

  it.each<[string, string, boolean]>([
    ['N01', '2026-09-30', true], ['N01', '2026-10-01', false], ['N04', '2020-01-01', true], ['N06', '2026-10-01', false], ['P01', '2026-09-30', true],
  ])('an item without a window counts %s dated %s up to the as-of date: %s', (rule, date, counts) => {
    expect(score([fact(rule, date, { severity: 'minor' })], { rulebook: book({ overrides: [] }) }).contributions.length).toBe(counts ? 1 : 0);
  });

  it('N03 and P08 are dated at the session start while the pillar windows on its end: a session starting before the window counts', () => {
    expect(parts(score([fact('N03', '2025-09-30'), fact('P08', '2025-09-29')]))).toEqual(['P08:2', 'N03:-2']);
    expect(parts(score([fact('N03', '2026-10-01')]))).toEqual([]);
  });

  it('P07 is dated at the end of its last session: a session ending at the midnight closing the as-of date counts', () => {
    expect(parts(score([fact('P07', '2026-10-01', { threshold: 90 })]))).toEqual(['P07:6']);
    expect(parts(score([fact('P07', '2026-10-02', { threshold: 90 })]))).toEqual([]);
    expect(parts(score([fact('P07', '2025-09-30', { threshold: 90 })]))).toEqual([]);
    expect(parts(score([fact('P07', '2025-10-01', { threshold: 90 })]))).toEqual(['P07:6']);
  });
});

describe('computeScore: overrides (after bands, hysteresis and M)', () => {
  const high = book({ base: 100 });
  it.each<[string, Rulebook, ScoreFact[], ScoreGrade, string[]]>([
    ['black-listed → D (70 would be B)', high, [fact('N09', '2026-01-01', {}, 3, 'list_entry')], 'D', ['N09 B→D list_entry#3']],
    ['serious finding → at most C (80 would be B)', high, [fact('N04', '2026-01-01', { severity: 'serious' }, 4, 'finding')], 'C', ['N04/serious B→C finding#4']],
    ['general finding: no override (100 − 8 = 92)', high, [fact('N04', '2026-01-01', { severity: 'general' })], 'A', []],
    ['abnormal operations → at most C (90 would be A)', high, [fact('N06', '2026-01-01', {}, 6, 'finding')], 'C', ['N06 A→C finding#6']],
    ['already below the cap: no override recorded', book({ base: 60 }), [fact('N06', '2026-01-01')], 'D', []],
    ['black list and abnormal: D, the second changes nothing', high, [fact('N09', '2026-01-01', {}, 3, 'list_entry'), fact('N06', '2026-01-01', {}, 6, 'finding')], 'D', ['N09 C→D list_entry#3']],
    ['abnormal and serious: C once (the first that lowers it)', high, [fact('N04', '2026-01-01', { severity: 'serious' }, 4, 'finding'), fact('N06', '2026-01-01', {}, 6, 'finding')], 'C', ['N04/serious B→C finding#4']],
    ['an override fact after the as-of date does not apply', high, [fact('N06', '2026-10-01')], 'A', []],
    ['an override whose item is gone still applies (date ≤ as-of)', book({ base: 100, items: Object.fromEntries(Object.entries(DEFAULT_RULEBOOK.items).filter(([c]) => c !== 'N06')) }), [fact('N06', '2026-01-01', {}, 6, 'finding')], 'C', ['N06 A→C finding#6']],
    ['an override of a windowed kind reads the item\'s window', book({ base: 100, overrides: [{ fact: 'N08', atMost: 'B' }] }), [fact('N08', '2025-09-30')], 'A', []],
    ['… inside it, it applies', book({ base: 100, overrides: [{ fact: 'N08', atMost: 'B' }] }), [fact('N08', '2025-10-01', {}, 8, 'finding')], 'B', ['N08 A→B finding#8']],
  ])('%s', (_name, rulebook, facts, grade, overrides) => {
    const r = score(facts, { rulebook });
    expect(r.grade).toBe(grade);
    expect(r.overrides.map((o) => `${o.rule}${o.tier ? `/${o.tier}` : ''} ${o.from}→${o.to} ${o.source.type}#${o.source.id}`)).toEqual(overrides);
    expect(r.gradeNote).toEqual(overrides.length ? { kind: 'override' } : null);
  });

  it('M with an "at most C" override becomes C, noted as an override', () => {
    const r = score([fact('N06', '2026-01-01', {}, 6, 'finding')], { rulebook: book({ base: 100 }), subject: { tenantId: 7, movedInOn: '2026-09-01' } });
    expect(r.grade).toBe('C');
    expect(r.bandGrade).toBe('A');
    expect(r.overrides).toEqual([{ rule: 'N06', tier: null, atMost: 'C', from: 'M', to: 'C', source: { type: 'finding', id: 6 } }]);
    expect(r.gradeNote).toEqual({ kind: 'override' });
  });

  it('M stays M under "at most B" (M is sampled as B) and "at most A"', () => {
    const rb = book({ base: 100, overrides: [{ fact: 'N08', atMost: 'B' }, { fact: 'N08', atMost: 'A' }] });
    const r = score([fact('N08', '2026-05-01')], { rulebook: rb, subject: { tenantId: 7, movedInOn: '2026-09-01' } });
    expect(r.grade).toBe('M');
    expect(r.overrides).toEqual([]);
    expect(r.gradeNote).toEqual({ kind: 'new', reason: 'movedIn' });
  });

  it('M and a black listing: D', () => {
    const r = computeScore({ facts: [fact('N09', '2026-01-01', {}, 3, 'list_entry')], rulebook: DEFAULT_RULEBOOK, asOf: AS_OF, subject: { tenantId: 1, movedInOn: null } });
    expect(r.overrides.map((o) => `${o.from}→${o.to}`)).toEqual(['M→D']);
    expect(r.grade).toBe('D');
  });

  it('a held grade is lowered by an override', () => {
    // 94 − 10 = 84: band B, held A after a published A at 86, then at most C.
    const held = score([fact('N06', '2026-01-01', {}, 6, 'finding')], { rulebook: book({ base: 94 }), prior: [prior('2026-08', 86, 'A')] });
    expect(held.bandGrade).toBe('B');
    expect(held.overrides.map((o) => `${o.from}→${o.to}`)).toEqual(['A→C']);
    expect(held.gradeNote).toEqual({ kind: 'override' });
  });

  it('the override names the earliest matching record of the tier', () => {
    const facts = [fact('N04', '2026-03-01', { severity: 'serious' }, 9, 'finding'), fact('N04', '2026-01-01', { severity: 'minor' }, 1, 'finding'), fact('N04', '2026-02-01', { severity: 'serious' }, 5, 'finding')];
    const rb = book({ base: 100 }, { N04: { tiers: [{ when: 'minor', points: 1 }, { when: 'serious', points: 1 }] } });
    expect(score(facts, { rulebook: rb }).overrides[0].source).toEqual({ type: 'finding', id: 5 });
  });
});

describe('computeScore: hysteresis (margin 2, two months)', () => {
  const at = (total: number, priorMonths: PriorMonth[], over: Partial<Rulebook> = {}, asOf = AS_OF) =>
    score([], { rulebook: book({ base: total, ...over }), prior: priorMonths, asOf });
  it.each<[string, number, PriorMonth[], ScoreGrade, number | null]>([
    ['no published month: the band', 84, [], 'B', null],
    ['published M: the band', 84, [prior('2026-08', 90, 'M', 'A')], 'B', null],
    ['same band as published: the band', 75, [prior('2026-08', 80, 'B')], 'B', null],
    ['down, 1 below A (84 < 85 by 1): held A', 84, [prior('2026-08', 86, 'A')], 'A', 85],
    ['down, 1.99 below: held A', 83.01, [prior('2026-08', 86, 'A')], 'A', 85],
    ['down, 2 below (83): B', 83, [prior('2026-08', 86, 'A')], 'B', null],
    ['down, 1 below for the second month: B', 84, [prior('2026-08', 84.5, 'A', 'B')], 'B', null],
    ['down, the month before was back above: held A', 84, [prior('2026-08', 85, 'A'), prior('2026-07', 84, 'A', 'B')], 'A', 85],
    ['up, 1 above 85 from B: held B', 86, [prior('2026-08', 84, 'B')], 'B', 85],
    ['up, exactly on the boundary from B: held B', 85, [prior('2026-08', 84, 'B')], 'B', 85],
    ['up, 2 above (87): A', 87, [prior('2026-08', 84, 'B')], 'A', null],
    ['up, second month past 85: A', 86, [prior('2026-08', 85.5, 'B', 'A')], 'A', null],
    ['up from C, 1 above 70: held C', 71, [prior('2026-08', 65, 'C')], 'C', 70],
    ['up from C by 2: B', 72, [prior('2026-08', 65, 'C')], 'B', null],
    ['down from C to D, 59: held C', 59, [prior('2026-08', 62, 'C')], 'C', 60],
    ['down from C to D, 58: D', 58, [prior('2026-08', 62, 'C')], 'D', null],
    ['multi-band jump down A → C: C', 65, [prior('2026-08', 90, 'A')], 'C', null],
    ['multi-band jump up D → B: B', 75, [prior('2026-08', 40, 'D')], 'B', null],
    ['a published month of this same month is no memory', 84, [prior('2026-09', 86, 'A')], 'B', null],
  ])('%s', (_name, total, priorMonths, grade, boundary) => {
    const r = at(total, priorMonths);
    expect(r.total).toBe(total);
    expect(r.grade).toBe(grade);
    expect(r.gradeNote).toEqual(boundary === null ? null : { kind: 'held', heldGrade: grade, margin: 2, boundary });
  });

  it.each<[string, PriorMonth[], ScoreGrade]>([
    ['three months: last month past, the one before not → held', [prior('2026-08', 84, 'A', 'B'), prior('2026-07', 86, 'A')], 'A'],
    ['three months: both past → B', [prior('2026-08', 84, 'A', 'B'), prior('2026-07', 84.9, 'A', 'B')], 'B'],
    ['three months: only one published month → held', [prior('2026-08', 84, 'A', 'B')], 'A'],
  ])('%s', (_name, priorMonths, grade) => {
    expect(at(84, priorMonths, { hysteresis: { margin: 2, months: 3 } }).grade).toBe(grade);
  });

  it('one month: the band at once', () => {
    expect(at(84, [prior('2026-08', 86, 'A')], { hysteresis: { margin: 2, months: 1 } }).grade).toBe('B');
  });

  it('margin 0: the band at once', () => {
    expect(at(84.99, [prior('2026-08', 86, 'A')], { hysteresis: { margin: 0, months: 2 } }).grade).toBe('B');
  });

  it('no hysteresis in the rulebook: the band', () => {
    expect(at(84, [prior('2026-08', 86, 'A')], { hysteresis: undefined }).grade).toBe('B');
  });

  it('a published grade the bands no longer have: the band', () => {
    const grades: Rulebook['grades'] = [{ grade: 'B', min: 70 }, { grade: 'C', min: 60 }, { grade: 'D', min: 0 }];
    expect(at(84, [prior('2026-08', 86, 'A')], { grades }).grade).toBe('B');
  });

  it('"past" reads the published scores against this rulebook\'s boundary', () => {
    // Last month 86 was A under bands starting at 85; now A starts at 88: 86 < 88 is past the boundary going down.
    const grades: Rulebook['grades'] = [{ grade: 'A', min: 88 }, { grade: 'B', min: 70 }, { grade: 'C', min: 60 }, { grade: 'D', min: 0 }];
    expect(at(87, [prior('2026-08', 86, 'A')], { grades }).grade).toBe('B');
    expect(at(87, [prior('2026-08', 89, 'A')], { grades }).grade).toBe('A');
  });

  it('held, then the M rule: M', () => {
    const r = score([], { rulebook: book({ base: 84 }), prior: [prior('2026-08', 86, 'A')], subject: { tenantId: 7, movedInOn: '2026-08-01' } });
    expect(r.grade).toBe('M');
    expect(r.gradeNote).toEqual({ kind: 'new', reason: 'movedIn' });
  });
});

describe('computeScore: the M grade (new or data-poor tenant)', () => {
  const m = (movedInOn: string | null, facts: ScoreFact[], asOf = '2026-03-31', rulebook = DEFAULT_RULEBOOK) =>
    computeScore({ facts, rulebook, asOf, subject: { tenantId: 3, movedInOn }, prior: [] });
  it.each<[string, string | null, ScoreFact[], string, ScoreGrade, ScoreResult['gradeNote']]>([
    ['moved in 89 days ago: M', '2026-01-01', [DATA], '2026-03-31', 'M', { kind: 'new', reason: 'movedIn' }],
    ['moved in 90 days ago: its band', '2025-12-31', [DATA], '2026-03-31', 'C', null],
    ['moved in today: M', '2026-03-31', [DATA], '2026-03-31', 'M', { kind: 'new', reason: 'movedIn' }],
    ['moves in after the as-of date: M', '2026-04-15', [DATA], '2026-03-31', 'M', { kind: 'new', reason: 'movedIn' }],
    ['across a leap day: 2024-03-01 minus 90 days is 2023-12-02', '2023-12-02', [DATA], '2024-03-01', 'C', null],
    ['… a day later, 89 days', '2023-12-03', [DATA], '2024-03-01', 'M', { kind: 'new', reason: 'movedIn' }],
    ['move-in unknown, data present: its band', null, [DATA], '2026-03-31', 'C', null],
    ['long ago, no data: M', '2020-01-01', [], '2026-03-31', 'M', { kind: 'new', reason: 'noData' }],
    ['long ago, only point facts: M', '2020-01-01', [fact('P01', '2026-01-01')], '2026-03-31', 'M', { kind: 'new', reason: 'noData' }],
    ['a training record (D02): its band', '2020-01-01', [fact('D02', '2025-06-01')], '2026-03-31', 'C', null],
    ['an evaluation (D03): its band', '2020-01-01', [fact('D03', '2025-06-01')], '2026-03-31', 'C', null],
    ['a signed convention (D01) dated after the as-of date: M', '2020-01-01', [fact('D01', '2026-04-01')], '2026-03-31', 'M', { kind: 'new', reason: 'noData' }],
    ['new and no data: moved in is the reason', '2026-03-01', [], '2026-03-31', 'M', { kind: 'new', reason: 'movedIn' }],
  ])('%s', (_name, movedInOn, facts, asOf, grade, note) => {
    const r = m(movedInOn, facts, asOf);
    expect(r.grade).toBe(grade);
    expect(r.gradeNote).toEqual(note);
    expect(r.bandGrade).toBe('C');
    expect(r.total).toBe(60 + r.contributions.reduce((s, c) => s + c.points, 0));
  });

  it('M keeps the score and the band: only the grade is M', () => {
    const r = m('2026-03-01', [DATA, fact('P06', '2026-01-01', { grade: 'A' }), fact('P01', '2026-02-01')]);
    expect(r).toMatchObject({ total: 75, bandGrade: 'B', grade: 'M' });
  });

  it('no M rule in the rulebook: never M', () => {
    expect(m('2026-03-30', [], '2026-03-31', book({ newTenant: undefined })).grade).toBe('C');
  });

  it('an empty data list turns the data test off; days 0 turns the move-in test off', () => {
    expect(m('2020-01-01', [], '2026-03-31', book({ newTenant: { days: 90, dataFacts: [] } })).grade).toBe('C');
    expect(m('2026-03-30', [DATA], '2026-03-31', book({ newTenant: { days: 0, dataFacts: ['D01'] } })).grade).toBe('C');
  });

  it('the data kinds are rulebook data', () => {
    const rb = book({ newTenant: { days: 90, dataFacts: ['P06'] } });
    expect(m(null, [fact('P06', '2026-01-01', { grade: 'B' })], '2026-03-31', rb).grade).toBe('C');
    expect(m(null, [DATA], '2026-03-31', rb).grade).toBe('M');
  });
});

describe('computeScore: the explanation adds up, always', () => {
  // A deterministic mix of facts over the park's rules, as of several dates, against the invariant.
  const rules = ['P01', 'P02', 'P03', 'P04', 'P05', 'P06', 'P07', 'P08', 'P09', 'P10', 'P11', 'P12', 'N01', 'N02', 'N03', 'N04', 'N05', 'N06', 'N07', 'N08', 'N09', 'D01', 'X01'];
  const tiers: Record<string, ScoreFact['detail']> = { P06: { grade: 'A' }, N07: { grade: 'D' }, N04: { severity: 'general' }, P07: { threshold: 75 } };
  let state = 42;
  const rand = (n: number) => { state = (state * 1103515245 + 12345) % 2 ** 31; return state % n; };
  it.each(Array.from({ length: 40 }, (_, i) => i))('random case %i', () => {
    const facts = Array.from({ length: rand(30) }, () => {
      const rule = rules[rand(rules.length)];
      const date = `202${5 + rand(2)}-${String(1 + rand(12)).padStart(2, '0')}-${String(1 + rand(28)).padStart(2, '0')}`;
      return fact(rule, date, tiers[rule] ?? {}, rand(20), rand(2) ? 'a' : 'b');
    });
    const r = score(facts);
    expect(clamp(r.base + r.contributions.reduce((s, c) => s + c.points, 0), DEFAULT_RULEBOOK)).toBe(r.total);
    expect(r.base + r.contributions.reduce((s, c) => s + c.points, 0)).toBe(r.unclamped);
    for (const item of Object.values(DEFAULT_RULEBOOK.items)) {
      if (item.cap === undefined) continue;
      const taken = r.contributions.filter((c) => c.rule === item.code).reduce((s, c) => s + Math.abs(c.points), 0);
      expect(taken).toBeLessThanOrEqual(item.cap);
    }
    expect(new Set(r.contributions.map((c) => `${c.rule}|${c.source.type}|${c.source.id}`)).size).toBe(r.contributions.length);
  });
});
