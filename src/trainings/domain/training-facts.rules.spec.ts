import { DEFAULT_RULEBOOK } from '../../scoring/domain/rulebook.js';
import { rateWindow, type RequiredSession } from './attendance-rate.rules.js';
import { attendWhatIf, markedFacts, rateThresholds, tallyOf, thresholdReached, trainingFacts, type FactSession, type RateTally, type TrainingFactsInput } from './training-facts.rules.js';

const TZ = 'Asia/Shanghai';
const sh = (local: string) => new Date(`${local}+08:00`);
const W = rateWindow('2026-06-30', 12, TZ);
const thresholds = rateThresholds(DEFAULT_RULEBOOK);

describe('rateThresholds and thresholdReached (P07 tiers from the rulebook)', () => {
  it('reads the default rulebook: 90 then 75', () => {
    expect(thresholds).toEqual([{ threshold: 90, points: 6 }, { threshold: 75, points: 3 }]);
  });

  it.each([
    [9, 10, 90], [10, 10, 90], [89, 100, 75], [3, 4, 75], [74, 100, null], [0, 5, null], [0, 0, null], [899, 1000, 75], [900, 1000, 90],
  ])('%i of %i → %p', (attended, required, expected) => {
    expect(thresholdReached(attended, required, thresholds)).toBe(expected);
  });

  it('follows another rulebook’s thresholds', () => {
    const rb = { ...DEFAULT_RULEBOOK, items: { ...DEFAULT_RULEBOOK.items, P07: { ...DEFAULT_RULEBOOK.items.P07, tiers: [{ when: '60', points: 2 }, { when: '95', points: 8 }] } } };
    const t = rateThresholds(rb);
    expect(t.map((x) => x.threshold)).toEqual([95, 60]);
    expect(thresholdReached(7, 10, t)).toBe(60);
  });
});

describe('tallyOf', () => {
  it('names the counted session with the highest id', () => {
    const sessions: RequiredSession[] = [
      { sessionId: 5, startsAt: sh('2026-03-01T09:00:00'), endsAt: sh('2026-03-01T11:00:00'), mark: 'present' },
      { sessionId: 7, startsAt: sh('2026-04-01T09:00:00'), endsAt: sh('2026-04-01T11:00:00'), mark: 'absent' },
      { sessionId: 9, startsAt: sh('2026-05-01T09:00:00'), endsAt: sh('2026-05-01T11:00:00'), mark: 'excused' },
    ];
    expect(tallyOf(sessions, W, null, TZ)).toEqual({ attended: 1, required: 2, lastSessionId: 7 });
    expect(tallyOf([], W, null, TZ)).toEqual({ attended: 0, required: 0, lastSessionId: null });
  });
});

describe('trainingFacts', () => {
  const session = (id: number, day: string, extra: Partial<FactSession> = {}): FactSession => ({
    id, title: `讲座 ${id}`, kind: 'law_lecture', startsAt: sh(`${day}T09:00:00`), endsAt: sh(`${day}T11:00:00`), status: 'scheduled', hostTenantId: null, speakerTenantId: null, ...extra,
  });
  const base = (over: Partial<TrainingFactsInput> = {}): TrainingFactsInput => ({
    tenantIds: [1, 2], timeZone: TZ, thresholds, windows: { P07: W, P08: W, N03: W }, tallies: new Map(), sessions: new Map([[3, session(3, '2026-05-01')]]), absences: [], movedIn: new Map(), ...over,
  });
  const tally = (attended: number, required: number, lastSessionId = 3): RateTally => ({ attended, required, lastSessionId });
  const codes = (input: TrainingFactsInput, tenantId = 1) => trainingFacts(input).get(tenantId)!.map((f) => `${f.rule}:${f.recordType}:${f.recordId}`);
  const sessions = (...list: FactSession[]) => new Map(list.map((s) => [s.id, s]));

  it.each<[string, Partial<TrainingFactsInput>, string[]]>([
    ['nothing: no facts', {}, []],
    ['rate 90 % → P07 with the last counted session as its record', { tallies: new Map([[1, tally(9, 10)]]) }, ['P07:training_attendance:3']],
    ['rate 80 % → P07 (75 % tier)', { tallies: new Map([[1, tally(8, 10)]]) }, ['P07:training_attendance:3']],
    ['rate 70 % → no P07', { tallies: new Map([[1, tally(7, 10)]]) }, []],
    ['no required session → no P07', { tallies: new Map([[1, tally(0, 0)]]) }, []],
    ['hosted a session → P08 (the session)', { sessions: sessions(session(10, '2026-03-01', { hostTenantId: 1 })) }, ['P08:training_session:10']],
    ['spoke at a session → P08', { sessions: sessions(session(10, '2026-03-01', { speakerTenantId: 1 })) }, ['P08:training_session:10']],
    ['hosted and spoke at the same session → one P08', { sessions: sessions(session(10, '2026-03-01', { hostTenantId: 1, speakerTenantId: 1 })) }, ['P08:training_session:10']],
    ['hosted a cancelled session → nothing', { sessions: sessions(session(10, '2026-03-01', { hostTenantId: 1, status: 'cancelled' })) }, []],
    ['hosted a session 13 months ago or not held yet → nothing', { sessions: sessions(session(10, '2025-05-01', { hostTenantId: 1 }), session(11, '2026-07-02', { hostTenantId: 1 })) }, []],
    ['another tenant hosted → not mine', { sessions: sessions(session(10, '2026-03-01', { hostTenantId: 2 })) }, []],
    ['absent from a required session → N03 (the attendance, by session)', { sessions: sessions(session(20, '2026-04-01')), absences: [{ tenantId: 1, sessionId: 20, excuseApproved: false }] }, ['N03:training_attendance:20']],
    ['absent but the excuse was approved → nothing', { sessions: sessions(session(20, '2026-04-01')), absences: [{ tenantId: 1, sessionId: 20, excuseApproved: true }] }, []],
    ['absent before the move-in → nothing', { sessions: sessions(session(20, '2026-04-01')), absences: [{ tenantId: 1, sessionId: 20, excuseApproved: false }], movedIn: new Map([[1, '2026-04-02']]) }, []],
    ['absent on the move-in day → N03', { sessions: sessions(session(20, '2026-04-01')), absences: [{ tenantId: 1, sessionId: 20, excuseApproved: false }], movedIn: new Map([[1, '2026-04-01']]) }, ['N03:training_attendance:20']],
    ['absent outside the window → nothing', { sessions: sessions(session(20, '2025-06-30')), absences: [{ tenantId: 1, sessionId: 20, excuseApproved: false }] }, []],
    ['absent from a cancelled session → nothing', { sessions: sessions(session(20, '2026-04-01', { status: 'cancelled' })), absences: [{ tenantId: 1, sessionId: 20, excuseApproved: false }] }, []],
    ['all three, ordered by rule then date', {
      tallies: new Map([[1, tally(3, 4)]]),
      sessions: sessions(session(3, '2026-05-01'), session(21, '2026-05-01'), session(20, '2026-04-01'), session(10, '2026-03-01', { speakerTenantId: 1 })),
      absences: [{ tenantId: 1, sessionId: 21, excuseApproved: false }, { tenantId: 1, sessionId: 20, excuseApproved: false }],
    }, ['N03:training_attendance:20', 'N03:training_attendance:21', 'P07:training_attendance:3', 'P08:training_session:10']],
  ])('%s', (_name, over, expected) => {
    expect(codes(base(over))).toEqual(expected);
  });

  it('every requested tenant has an entry; unrequested tenants are ignored', () => {
    const facts = trainingFacts(base({ tenantIds: [1], tallies: new Map([[9, tally(10, 10)]]), sessions: sessions(session(10, '2026-03-01', { hostTenantId: 9 })) }));
    expect([...facts.keys()]).toEqual([1]);
    expect(facts.get(1)).toEqual([]);
  });

  it('P07 carries the rate, its counts and the threshold reached, dated at the last counted session', () => {
    const [fact] = trainingFacts(base({ tallies: new Map([[1, tally(8, 9)]]) })).get(1)!;
    expect(trainingFacts(base({ tallies: new Map([[1, tally(9, 9, 99)]]) })).get(1)).toEqual([]); // its record is not a session held in the window
    expect(fact).toEqual({ rule: 'P07', recordType: 'training_attendance', recordId: 3, date: '2026-05-01', detail: { rate: 88.9, attended: 8, required: 9, threshold: 75 } });
  });

  it('P08 names the role; N03 the session', () => {
    const facts = trainingFacts(base({
      sessions: sessions(session(10, '2026-03-01', { hostTenantId: 1, speakerTenantId: 1 }), session(20, '2026-04-01')),
      absences: [{ tenantId: 1, sessionId: 20, excuseApproved: false }],
    })).get(1)!;
    expect(facts.map((f) => f.detail)).toEqual([{ title: '讲座 20', kind: 'law_lecture' }, { title: '讲座 10', kind: 'law_lecture', role: 'host+speaker' }]);
  });
});

describe('markedFacts (D02: an attendance mark on file)', () => {
  const session = (id: number, ends: string, extra: Partial<FactSession> = {}): FactSession => ({
    id, title: `讲座 ${id}`, kind: 'law_lecture', startsAt: sh(`${ends.slice(0, 10)}T09:00:00`), endsAt: sh(ends), status: 'scheduled', hostTenantId: null, speakerTenantId: null, ...extra,
  });
  const endedBy = rateWindow('2026-06-30', 12, TZ).to;
  const codes = (latest: [number, FactSession][]) => Object.fromEntries([...markedFacts(new Map(latest), endedBy, TZ)].map(([t, list]) => [t, list.map((f) => `${f.rule}:${f.recordType}:${f.recordId}@${f.date}`)]));

  it.each<[string, [number, FactSession][], Record<number, string[]>]>([
    ['a session that ended long ago → D02 dated at its end (park day)', [[1, session(5, '2019-03-01T11:00:00')]], { 1: ['D02:training_attendance:5@2019-03-01'] }],
    ['ended 23:59 park time on the as-of day → D02', [[1, session(5, '2026-06-30T23:59:00')]], { 1: ['D02:training_attendance:5@2026-06-30'] }],
    ['ends 00:01 park time the day after → nothing yet', [[1, session(5, '2026-07-01T00:01:00')]], {}],
    ['a cancelled session → nothing', [[1, session(5, '2026-03-01T11:00:00', { status: 'cancelled' })]], {}],
    ['two tenants, each its own', [[1, session(5, '2026-03-01T11:00:00')], [2, session(6, '2026-04-01T11:00:00')]], { 1: ['D02:training_attendance:5@2026-03-01'], 2: ['D02:training_attendance:6@2026-04-01'] }],
  ])('%s', (_name, latest, expected) => {
    expect(codes(latest)).toEqual(expected);
  });

  it('names the session, dated at its end', () => {
    const [fact] = markedFacts(new Map([[1, session(5, '2026-03-01T11:00:00')]]), endedBy, TZ).get(1)!;
    expect(fact).toEqual({ rule: 'D02', recordType: 'training_attendance', recordId: 5, date: '2026-03-01', detail: { title: '讲座 5', kind: 'law_lecture' } });
  });
});

describe('attendWhatIf (one more required session, attended)', () => {
  const upcoming = { id: 50, title: '安全生产讲座', kind: 'law_lecture' };
  const p07 = { rule: 'P07', recordType: 'training_attendance', recordId: 3 };
  const keys = (r: ReturnType<typeof attendWhatIf>) => r && { remove: r.remove.map((k) => `${k.rule}:${k.recordId}`), add: r.add.map((f) => `${f.rule}:${f.recordId}:${f.detail.threshold}:${f.detail.attended}/${f.detail.required}`) };

  it.each<[string, { attended: number; required: number }, { rule: string; recordType: string; recordId: number }[], { remove: string[]; add: string[] } | null]>([
    ['no required session yet: 1 of 1 → P07 at 90', { attended: 0, required: 0 }, [], { remove: [], add: ['P07:50:90:1/1'] }],
    ['8 of 10 (75 tier) → 9 of 11 = 81.8 %: still 75, the fact replaced', { attended: 8, required: 10 }, [p07], { remove: ['P07:3'], add: ['P07:50:75:9/11'] }],
    ['8 of 9 (75 tier) → 9 of 10 = 90 %: up to 90', { attended: 8, required: 9 }, [p07], { remove: ['P07:3'], add: ['P07:50:90:9/10'] }],
    ['2 of 4 (no tier) → 3 of 5 = 60 %: still none, nothing changes', { attended: 2, required: 4 }, [], null],
    ['2 of 3 (no tier) → 3 of 4 = 75 %: reaches 75 exactly', { attended: 2, required: 3 }, [], { remove: [], add: ['P07:50:75:3/4'] }],
    ['10 of 10 → 11 of 11: still 90, replaced by the new rate', { attended: 10, required: 10 }, [p07], { remove: ['P07:3'], add: ['P07:50:90:11/11'] }],
  ])('%s', (_name, tally, current, expected) => {
    expect(keys(attendWhatIf(tally, upcoming, thresholds, '2026-06-30', current))).toEqual(expected);
  });

  it('names the record given (one for every offered session, so options done together make one rate fact)', () => {
    expect(attendWhatIf({ attended: 8, required: 9 }, upcoming, thresholds, '2026-06-30', [p07], 44)).toEqual({
      remove: [p07], add: [{ rule: 'P07', recordType: 'training_attendance', recordId: 44, date: '2026-06-30', detail: { rate: 90, attended: 9, required: 10, threshold: 90 } }],
    });
  });

  it('a tenant with no mark on file gets its first, D02 (data for the M grade), even when the rate stays below every threshold', () => {
    expect(attendWhatIf({ attended: 0, required: 3 }, upcoming, thresholds, '2026-06-30', [], 50, false)).toEqual({
      remove: [], add: [{ rule: 'D02', recordType: 'training_attendance', recordId: 50, date: '2026-06-30', detail: {} }],
    });
    expect(attendWhatIf({ attended: 0, required: 0 }, upcoming, thresholds, '2026-06-30', [], 50, false)!.add.map((f) => `${f.rule}:${f.recordId}@${f.date}`)).toEqual(['D02:50@2026-06-30', 'P07:50@2026-06-30']);
  });

  it('the new P07 is dated on the as-of date with the rate as trainingFacts writes it', () => {
    expect(attendWhatIf({ attended: 8, required: 9 }, upcoming, thresholds, '2026-06-30', [])!.add[0]).toEqual({
      rule: 'P07', recordType: 'training_attendance', recordId: 50, date: '2026-06-30', detail: { rate: 90, attended: 9, required: 10, threshold: 90 },
    });
  });
});
