import { createHash } from 'node:crypto';
import {
  approvalRefusal, canonicalJson, DEFAULT_GRADES, draftProblems, draftWarnings, drawsOfGrade, firstUsableMonth, gradesOf, gradesText, planJson,
  proposeCalendar, sha256Hex, type PlanFields, type ProgrammeDraft,
} from './programme.rules.js';
import type { ProgrammeGradeRule } from './programme.types.js';

const ZONE = 'Asia/Shanghai';
const at = (iso: string) => new Date(iso);

function draft(over: Partial<ProgrammeDraft> = {}): ProgrammeDraft {
  return {
    year: 2027,
    departments: [{ departmentId: 1, inspectorsPerTask: 1 }, { departmentId: 2, inspectorsPerTask: 1 }],
    items: [{ id: 10, departmentId: 1 }, { id: 11, departmentId: 2 }],
    grades: DEFAULT_GRADES.map((g) => ({ ...g })),
    targetedRules: ['black_list'],
    complaintDays: 90,
    draws: [{ grades: ['A', 'B', 'C', 'D'], announceAt: at('2027-03-08T02:00:00Z'), drawAt: at('2027-03-15T02:00:00Z') }],
    ...over,
  };
}
const grade = (g: string, over: Partial<ProgrammeGradeRule>) => DEFAULT_GRADES.map((x) => (x.grade === g ? { ...x, ...over } : { ...x }));

describe('draftProblems', () => {
  it('accepts a sound draft', () => {
    expect(draftProblems(draft(), ZONE)).toEqual({});
  });

  it.each<[string, Partial<ProgrammeDraft>, string, string]>([
    ['ratio above 10000', { grades: grade('C', { ratioBp: 10001 }) }, 'grades.C.ratioBp', 'range'],
    ['ratio below 0', { grades: grade('A', { ratioBp: -1 }) }, 'grades.A.ratioBp', 'range'],
    ['ratio not an integer', { grades: grade('B', { ratioBp: 1.5 }) }, 'grades.B.ratioBp', 'range'],
    ['draws per year above 12', { grades: grade('D', { drawsPerYear: 13 }) }, 'grades.D.drawsPerYear', 'range'],
    ['cooldown above 36 months', { grades: grade('A', { cooldownMonths: 37 }) }, 'grades.A.cooldownMonths', 'range'],
    ['a grade missing', { grades: DEFAULT_GRADES.filter((g) => g.grade !== 'B') }, 'grades.B', 'required'],
    ['no department', { departments: [], items: [] }, 'departments', 'audienceEmpty'],
    ['0 inspectors of a department', { departments: [{ departmentId: 1, inspectorsPerTask: 2 }, { departmentId: 2, inspectorsPerTask: 0 }] }, 'departments[1].inspectorsPerTask', 'range'],
    ['1 inspector in all', { departments: [{ departmentId: 1, inspectorsPerTask: 1 }], items: [{ id: 10, departmentId: 1 }] }, 'departments', 'samplingInspectorsInAll'],
    ['a department twice', { departments: [{ departmentId: 1, inspectorsPerTask: 1 }, { departmentId: 1, inspectorsPerTask: 1 }], items: [{ id: 10, departmentId: 1 }] }, 'departments[1].departmentId', 'samplingDuplicateDepartment'],
    ['no item', { items: [] }, 'items', 'audienceEmpty'],
    ['an item of a department not taking part', { items: [{ id: 10, departmentId: 3 }] }, 'items', 'samplingItemDepartment'],
    ['complaint days 0', { complaintDays: 0 }, 'complaintDays', 'range'],
    ['an unknown targeted rule', { targetedRules: ['nope' as never] }, 'targetedRules', 'oneOf'],
    ['a draw in the next year (park time)', { draws: [{ grades: ['D'], announceAt: at('2027-12-24T02:00:00Z'), drawAt: at('2027-12-31T16:00:00Z') }] }, 'draws[0].drawAt', 'samplingOutsideYear'],
    ['a draw in the previous year', { draws: [{ grades: ['D'], announceAt: at('2026-12-01T02:00:00Z'), drawAt: at('2026-12-15T02:00:00Z') }] }, 'draws[0].drawAt', 'samplingOutsideYear'],
    ['announced at the draw time', { draws: [{ grades: ['D'], announceAt: at('2027-03-15T02:00:00Z'), drawAt: at('2027-03-15T02:00:00Z') }] }, 'draws[0].announceAt', 'samplingAnnounceBeforeDraw'],
    ['an invalid date', { draws: [{ grades: ['D'], announceAt: at('2027-03-01T02:00:00Z'), drawAt: new Date(Number.NaN) }] }, 'draws[0].drawAt', 'dateTime'],
    ['a draw of no grade', { draws: [{ grades: [], announceAt: at('2027-03-01T02:00:00Z'), drawAt: at('2027-03-15T02:00:00Z') }] }, 'draws[0].grades', 'oneOf'],
  ])('%s', (_name, over, key, code) => {
    const problems = draftProblems(draft(over), ZONE);
    expect(problems[key]?.map((p) => p.code)).toContain(code);
  });

  it('keys each draw by its index', () => {
    const ok = draft().draws[0];
    const problems = draftProblems(draft({ draws: [ok, ok, { ...ok, drawAt: at('2028-01-15T02:00:00Z') }] }), ZONE);
    expect(Object.keys(problems)).toEqual(['draws[2].drawAt']);
  });

  it('the park\'s new year starts at 16:00 UTC on 31 December', () => {
    const d = (iso: string) => draft({ draws: [{ grades: ['D'], announceAt: at('2027-12-20T02:00:00Z'), drawAt: at(iso) }] });
    expect(draftProblems(d('2027-12-31T15:59:59Z'), ZONE)).toEqual({});
    expect(Object.keys(draftProblems(d('2027-12-31T16:00:00Z'), ZONE))).toEqual(['draws[0].drawAt']);
  });

  it('boundaries 0 and 10000 are allowed', () => {
    expect(draftProblems(draft({ grades: grade('A', { ratioBp: 0 }) }), ZONE)).toEqual({});
    expect(draftProblems(draft({ grades: grade('D', { ratioBp: 10000, drawsPerYear: 12, cooldownMonths: 36 }) }), ZONE)).toEqual({});
  });
});

describe('draftWarnings', () => {
  const calendar = proposeCalendar(2027, DEFAULT_GRADES, '2026-11-30', ZONE);

  it('none for the default programme and its proposed calendar', () => {
    expect(draftWarnings({ grades: [...DEFAULT_GRADES], draws: calendar })).toEqual([]);
  });

  it.each<[string, ProgrammeGradeRule[], string[]]>([
    ['ratio 0', grade('A', { ratioBp: 0 }), ['zeroRatio:A']],
    ['no draws for a grade', grade('B', { drawsPerYear: 0 }), ['zeroDraws:B']],
    ['ratio 0 and no draws warn once', grade('B', { drawsPerYear: 0, ratioBp: 0 }), ['zeroRatio:B']],
    ['more draws wanted than the calendar has', grade('C', { drawsPerYear: 3 }), ['fewerDraws:C']],
    ['fewer wanted than the calendar has', grade('D', { drawsPerYear: 2 }), ['moreDraws:D']],
  ])('%s', (_name, grades, codes) => {
    expect(draftWarnings({ grades, draws: calendar }).map((w) => `${w.code}:${w.grade}`)).toEqual(codes);
  });
});

describe('drawsOfGrade', () => {
  it.each<[number, number, number[]]>([
    [4, 4, [0, 1, 2, 3]],
    [2, 4, [1, 3]],
    [1, 4, [2]],
    [0, 4, []],
    [5, 4, [0, 1, 2, 3]],
    [3, 12, [2, 6, 10]],
    [1, 1, [0]],
  ])('%i of %i draws', (f, n, ks) => {
    expect(drawsOfGrade(f, n)).toEqual(ks);
  });
});

describe('firstUsableMonth', () => {
  it.each<[number, string, number]>([
    [2027, '2026-11-30', 1],
    [2026, '2026-11-30', 12],
    [2026, '2026-11-07', 11],
    [2026, '2026-11-08', 12],
    [2026, '2026-12-20', 13],
    [2025, '2026-03-01', 13],
  ])('year %i drafted on %s', (year, today, month) => {
    expect(firstUsableMonth(year, today)).toBe(month);
  });
});

describe('proposeCalendar', () => {
  it('the default programme: 4 draws over the year, D in 4, C in 2, A and B in 1, at 10:00 park time announced 7 days before', () => {
    const cal = proposeCalendar(2027, DEFAULT_GRADES, '2026-11-30', ZONE);
    expect(cal.map((d) => gradesText(d.grades))).toEqual(['D', 'CD', 'ABD', 'CD']);
    expect(cal.map((d) => d.drawAt.toISOString())).toEqual(['2027-02-15T02:00:00.000Z', '2027-05-15T02:00:00.000Z', '2027-08-15T02:00:00.000Z', '2027-11-15T02:00:00.000Z']);
    expect(cal.map((d) => d.announceAt.toISOString())).toEqual(['2027-02-08T02:00:00.000Z', '2027-05-08T02:00:00.000Z', '2027-08-08T02:00:00.000Z', '2027-11-08T02:00:00.000Z']);
    for (const g of DEFAULT_GRADES) expect(cal.filter((d) => d.grades.includes(g.grade)).length).toBe(g.drawsPerYear);
  });

  it('mid-year: over the remaining months', () => {
    const cal = proposeCalendar(2027, DEFAULT_GRADES, '2027-07-20', ZONE);
    expect(cal.map((d) => d.drawAt.toISOString().slice(0, 10))).toEqual(['2027-08-15', '2027-09-15', '2027-11-15', '2027-12-15']);
  });

  it('fewer months left than draws wanted: one a month', () => {
    const cal = proposeCalendar(2027, DEFAULT_GRADES, '2027-10-20', ZONE);
    expect(cal.map((d) => `${d.drawAt.toISOString().slice(0, 7)}:${gradesText(d.grades)}`)).toEqual(['2027-11:CD', '2027-12:ABCD']);
  });

  it('none when nothing is drawn or the year is over', () => {
    expect(proposeCalendar(2027, DEFAULT_GRADES.map((g) => ({ ...g, drawsPerYear: 0 })), '2026-11-30', ZONE)).toEqual([]);
    expect(proposeCalendar(2026, DEFAULT_GRADES, '2026-12-20', ZONE)).toEqual([]);
  });

  it('12 draws a year: one on the 15th of every month', () => {
    const cal = proposeCalendar(2027, grade('D', { drawsPerYear: 12 }), '2026-11-30', ZONE);
    expect(cal.map((d) => d.drawAt.toISOString().slice(5, 10))).toEqual(Array.from({ length: 12 }, (_, i) => `${String(i + 1).padStart(2, '0')}-15`));
    expect(draftProblems(draft({ draws: cal }), ZONE)).toEqual({});
  });
});

describe('grades text', () => {
  it('round-trips in A–D order', () => {
    expect(gradesText(['D', 'A', 'C'])).toBe('ACD');
    expect(gradesOf('DCx')).toEqual(['C', 'D']);
  });
});

describe('canonical plan', () => {
  const plan: PlanFields = {
    year: 2027,
    departments: [{ departmentId: 2, code: 'SCJG', inspectorsPerTask: 1, position: 1 }, { departmentId: 1, code: 'YJ', inspectorsPerTask: 1, position: 0 }],
    items: [{ id: 5, code: 'B-1', legalBasis: '《条例》第二条', departmentId: 1, kind: 'key' }, { id: 4, code: 'A-1', legalBasis: 'x', departmentId: 2, kind: 'general' }],
    grades: [...DEFAULT_GRADES].reverse(),
    targetedRules: ['recent_complaint', 'black_list'],
    complaintDays: 90,
    draws: [{ seq: 2, grades: ['D', 'C'], announceAt: at('2027-05-08T02:00:00Z'), drawAt: at('2027-05-15T02:00:00Z') }, { seq: 1, grades: ['D'], announceAt: at('2027-02-08T02:00:00Z'), drawAt: at('2027-02-15T02:00:00Z') }],
  };

  it('sorts keys at every depth and orders the lists', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, { z: 1, y: null }], c: 'x' } })).toBe('{"a":{"c":"x","d":[2,{"y":null,"z":1}]},"b":1}');
    const text = planJson(plan);
    const parsed = JSON.parse(text) as Record<string, unknown>;
    expect(Object.keys(parsed)).toEqual(['complaintDays', 'departments', 'draws', 'format', 'grades', 'items', 'targetedRules', 'year']);
    expect((parsed.departments as { code: string }[]).map((d) => d.code)).toEqual(['YJ', 'SCJG']);
    expect((parsed.items as { code: string }[]).map((d) => d.code)).toEqual(['A-1', 'B-1']);
    expect((parsed.grades as { grade: string }[]).map((d) => d.grade)).toEqual(['A', 'B', 'C', 'D']);
    expect(parsed.targetedRules).toEqual(['black_list', 'recent_complaint']);
    expect(parsed.draws).toEqual([
      { announceAt: '2027-02-08T02:00:00.000Z', drawAt: '2027-02-15T02:00:00.000Z', grades: 'D', seq: 1 },
      { announceAt: '2027-05-08T02:00:00.000Z', drawAt: '2027-05-15T02:00:00.000Z', grades: 'CD', seq: 2 },
    ]);
  });

  it('the same plan in another order gives the same text and hash; a change gives another', () => {
    const shuffled = { ...plan, departments: [...plan.departments].reverse(), items: [...plan.items].reverse(), draws: [...plan.draws].reverse(), targetedRules: [...plan.targetedRules].reverse() as PlanFields['targetedRules'] };
    expect(planJson(shuffled)).toBe(planJson(plan));
    expect(sha256Hex(planJson(plan))).toBe(createHash('sha256').update(planJson(plan)).digest('hex'));
    expect(sha256Hex(planJson({ ...plan, complaintDays: 91 }))).not.toBe(sha256Hex(planJson(plan)));
  });

  it('hashes UTF-8', () => {
    expect(sha256Hex('抽查')).toBe(createHash('sha256').update(Buffer.from('抽查', 'utf8')).digest('hex'));
  });
});

describe('approvalRefusal', () => {
  it.each<[string, { status: string; createdById: number }, { userId: number; regulator: boolean }, string | null]>([
    ['another regulator approves a draft', { status: 'draft', createdById: 1 }, { userId: 2, regulator: true }, null],
    ['the drafter', { status: 'draft', createdById: 2 }, { userId: 2, regulator: true }, 'ownDraft'],
    ['park staff', { status: 'draft', createdById: 1 }, { userId: 2, regulator: false }, 'notRegulator'],
    ['already approved', { status: 'approved', createdById: 1 }, { userId: 2, regulator: true }, 'notDraft'],
  ])('%s', (_name, p, who, refusal) => {
    expect(approvalRefusal(p, who)).toBe(refusal);
  });
});
