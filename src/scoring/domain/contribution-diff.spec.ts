import { contributionDiff, contributionKey, type DiffableContribution } from './contribution-diff.js';
import { DEFAULT_RULEBOOK } from './rulebook.js';
import { computeScore } from './score-engine.js';
import type { ScoreFact } from './score-fact.js';

const c = (rule: string, points: number, type: string, id: number, extra: Partial<DiffableContribution> = {}): DiffableContribution => ({ rule, points, source: { type, id }, ...extra });
const keys = (list: DiffableContribution[]) => list.map((x) => `${contributionKey(x)}:${x.points}`);

describe('contributionKey', () => {
  it('is the rule and the record', () => {
    expect(contributionKey(c('N04', -8, 'finding', 12))).toBe('N04|finding|12');
  });
});

describe('contributionDiff', () => {
  it.each<[string, DiffableContribution[] | null, DiffableContribution[], string[], string[], string[], number]>([
    ['nothing before or after', [], [], [], [], [], 0],
    ['no previous month: everything appeared', null, [c('P01', 5, 'signature', 1), c('N03', -2, 'training_attendance', 4)], ['P01|signature|1:5', 'N03|training_attendance|4:-2'], [], [], 3],
    ['the same explanation: nothing', [c('P01', 5, 'signature', 1)], [c('P01', 5, 'signature', 1)], [], [], [], 0],
    ['a new finding appeared', [c('P03', 5, 'tenant', 7)], [c('N04', -8, 'finding', 3)], ['N04|finding|3:-8'], ['P03|tenant|7:5'], [], -13],
    ['same rule, another record: one appears, one disappears', [c('P07', 6, 'training_attendance', 10)], [c('P07', 6, 'training_attendance', 11)], ['P07|training_attendance|11:6'], ['P07|training_attendance|10:6'], [], 0],
    ['same record under another rule: appear and disappear', [c('P06', 5, 'evaluation', 2)], [c('N07', -3, 'evaluation', 2)], ['N07|evaluation|2:-3'], ['P06|evaluation|2:5'], [], -8],
    ['points changed (a cap now cuts it)', [c('P09', 3, 'self_report', 1), c('P09', 3, 'self_report', 2)], [c('P09', 3, 'self_report', 0), c('P09', 3, 'self_report', 1), c('P09', 0, 'self_report', 2, { tier: null })], ['P09|self_report|0:3'], [], ['P09|self_report|2:3→0'], 0],
    ['tier changed with the same points', [c('P07', 6, 'training_attendance', 3, { tier: '90' })], [c('P07', 6, 'training_attendance', 3, { tier: '75' })], [], [], ['P07|training_attendance|3:6→6'], 0],
    ['a missing tier equals null', [c('P01', 5, 'signature', 1)], [c('P01', 5, 'signature', 1, { tier: null })], [], [], [], 0],
    ['at 0 both times: unchanged', [c('N03', 0, 'training_attendance', 6)], [c('N03', 0, 'training_attendance', 6)], [], [], [], 0],
    ['appearing at 0 (cap reached) is listed', [], [c('N03', 0, 'training_attendance', 6, { sign: -1 })], ['N03|training_attendance|6:0'], [], [], 0],
    ['a record given twice counts once', [c('P05', 2, 'finding', 1), c('P05', 2, 'finding', 1)], [c('P05', 2, 'finding', 1), c('P05', 2, 'finding', 1)], [], [], [], 0],
    ['decimal deltas without binary noise', [c('P10', 0.1, 'self_report', 1)], [c('P10', 0.3, 'self_report', 1)], [], [], ['P10|self_report|1:0.1→0.3'], 0.2],
  ])('%s', (_name, before, after, appeared, disappeared, changed, delta) => {
    const d = contributionDiff(before, after);
    expect(keys(d.appeared)).toEqual(appeared);
    expect(keys(d.disappeared)).toEqual(disappeared);
    expect(d.changed.map((x) => `${contributionKey(x.after)}:${x.before.points}→${x.after.points}`)).toEqual(changed);
    expect(d.delta).toBe(delta);
  });

  it('keeps the explanation order: positives first, then rule, date, record', () => {
    const after = [
      c('N04', -8, 'finding', 3, { sign: -1, date: '2026-02-01' }), c('P05', 2, 'finding', 9, { sign: 1, date: '2026-05-01' }),
      c('N03', 0, 'training_attendance', 5, { date: '2026-01-01' }), c('P05', 2, 'finding', 1, { sign: 1, date: '2026-05-01' }),
      c('P01', 5, 'signature', 8, { sign: 1, date: '2026-01-01' }), c('P05', 2, 'finding', 4, { sign: 1, date: '2026-03-01' }),
    ];
    expect(keys(contributionDiff(undefined, after).appeared)).toEqual([
      'P01|signature|8:5', 'P05|finding|4:2', 'P05|finding|1:2', 'P05|finding|9:2', 'N03|training_attendance|5:0', 'N04|finding|3:-8',
    ]);
  });

  it('reports the change per record with its delta, on the engine\'s results', () => {
    const f = (rule: string, date: string, id: number, detail: ScoreFact['detail'] = {}): ScoreFact => ({ rule, recordType: 'finding', recordId: id, date, detail });
    const subject = { tenantId: 1, movedInOn: null };
    const august = computeScore({ facts: [f('P05', '2026-05-01', 1), f('P05', '2026-06-01', 2), f('P05', '2026-07-01', 3), f('N04', '2026-02-01', 9, { severity: 'general' }), f('D03', '2025-01-01', 1)], rulebook: DEFAULT_RULEBOOK, asOf: '2026-08-31', subject });
    const september = computeScore({ facts: [f('P05', '2026-04-01', 4), f('P05', '2026-05-01', 1), f('P05', '2026-06-01', 2), f('P05', '2026-07-01', 3), f('N05', '2026-09-10', 5), f('D03', '2025-01-01', 1)], rulebook: DEFAULT_RULEBOOK, asOf: '2026-09-30', subject });
    const d = contributionDiff(august.contributions, september.contributions);
    expect(d.appeared.map((x) => `${x.rule}#${x.source.id}:${x.points}`)).toEqual(['P05#4:2', 'N05#5:-5']);
    expect(d.disappeared.map((x) => `${x.rule}#${x.source.id}:${x.points}`)).toEqual(['N04#9:-8']);
    expect(d.changed.map((x) => `${x.after.rule}#${x.after.source.id}:${x.delta}`)).toEqual(['P05#3:-2']);
    expect(d.delta).toBe(september.total - august.total);
  });
});
