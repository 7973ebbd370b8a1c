import { breachWindowStart, conventionFacts, endOfParkDay, inBreachWindow, isCurrentAsOf, signingWhatIf, zoneDay, type ConventionFactsInput, type FactBreach, type FactObligation, type FactVersion } from './convention-facts.rules.js';

const TZ = 'Asia/Shanghai';
/** A UTC instant from a Shanghai wall-clock time (UTC+8, no DST). */
const sh = (local: string) => new Date(`${local}+08:00`);

describe('isCurrentAsOf', () => {
  const v = (publishedAt: string | null, supersededAt: string | null) => ({ publishedAt: publishedAt ? sh(publishedAt) : null, supersededAt: supersededAt ? sh(supersededAt) : null });
  it.each([
    ['never published', v(null, null), '2026-05-01', false],
    ['published before as-of', v('2026-03-01T10:00:00', null), '2026-05-01', true],
    ['published on as-of day (late evening, zone date)', v('2026-05-01T23:30:00', null), '2026-05-01', true],
    ['published the day after (00:10 park time, still the 1st in UTC)', v('2026-05-02T00:10:00', null), '2026-05-01', false],
    ['superseded after as-of', v('2026-03-01T10:00:00', '2026-05-02T00:10:00'), '2026-05-01', true],
    ['superseded on as-of day', v('2026-03-01T10:00:00', '2026-05-01T09:00:00'), '2026-05-01', false],
    ['superseded before as-of', v('2026-03-01T10:00:00', '2026-04-01T09:00:00'), '2026-05-01', false],
  ])('%s', (_name, version, asOf, expected) => {
    expect(isCurrentAsOf(version, asOf, TZ)).toBe(expected);
  });
});

describe('breach window', () => {
  it.each([
    ['2026-05-15', 12, '2025-05-15'],
    ['2024-02-29', 12, '2023-02-28'],
    ['2026-03-31', 1, '2026-02-28'],
    ['2026-03-31', 6, '2025-09-30'],
  ])('window start of %s minus %i months is %s', (asOf, months, start) => {
    expect(breachWindowStart(asOf, months)).toBe(start);
  });

  it.each([
    ['2025-05-15', '2026-05-15', false], // exactly 12 months before: outside (start is exclusive)
    ['2025-05-16', '2026-05-15', true],
    ['2026-05-15', '2026-05-15', true], // as-of day: inside
    ['2026-05-16', '2026-05-15', false], // after as-of
  ])('breach on %s as of %s counts: %s', (occurredOn, asOf, expected) => {
    expect(inBreachWindow(occurredOn, asOf, 12)).toBe(expected);
  });
});

describe('conventionFacts', () => {
  const mgmt: FactVersion = { id: 10, kind: 'management', title: '管理公约', publishedAt: sh('2026-01-10T09:00:00'), supersededAt: null };
  const commitment: FactVersion = { id: 20, kind: 'commitment', title: '信用承诺书', publishedAt: sh('2026-01-10T09:00:00'), supersededAt: null };
  const base = (over: Partial<ConventionFactsInput> = {}): ConventionFactsInput => ({
    tenantIds: [1], asOf: '2026-03-01', timeZone: TZ, versions: [mgmt, commitment], obligations: [], signatures: [], breaches: [], breachWindowMonths: 12, ...over,
  });
  const rules = (input: ConventionFactsInput, tenantId = 1) => (input.tenantIds.includes(tenantId) ? conventionFacts(input).get(tenantId)! : []).map((f) => `${f.rule}:${f.recordType}:${f.recordId}`);

  const ob = (id: number, versionId: number, deadline = '2026-02-09', tenantId = 1) => ({ id, tenantId, versionId, deadline });
  /** A confirmed breach of tenant 1, confirmed on `decidedOn`. */
  const br = (id: number, decidedOn: string | null): FactBreach => ({ id, tenantId: 1, versionId: 10, clauseId: 1, occurredOn: '2025-01-01', status: 'confirmed', decidedOn });

  it.each<[string, Partial<ConventionFactsInput>, string[]]>([
    ['no obligations: no facts', {}, []],
    ['management signed before deadline → P01 (the signature)',
      { obligations: [ob(100, 10)], signatures: [{ id: 500, obligationId: 100, signedAt: sh('2026-02-01T10:00:00') }] }, ['D01:signature:500', 'P01:signature:500']],
    ['management signed on the deadline, 23:59 park time (15:59 UTC) → P01',
      { obligations: [ob(100, 10)], signatures: [{ id: 500, obligationId: 100, signedAt: sh('2026-02-09T23:59:00') }] }, ['D01:signature:500', 'P01:signature:500']],
    ['management signed 00:05 park time the day after the deadline (still the deadline in UTC) → neither P01 nor N01',
      { obligations: [ob(100, 10)], signatures: [{ id: 500, obligationId: 100, signedAt: sh('2026-02-10T00:05:00') }] }, ['D01:signature:500']],
    ['management unsigned, deadline passed → N01 (the obligation)', { obligations: [ob(100, 10)] }, ['N01:obligation:100']],
    ['management unsigned, deadline is as-of day → nothing yet', { obligations: [ob(100, 10, '2026-03-01')] }, []],
    ['management signed after as-of: unsigned as of then → N01',
      { obligations: [ob(100, 10)], signatures: [{ id: 500, obligationId: 100, signedAt: sh('2026-03-02T08:00:00') }] }, ['N01:obligation:100']],
    ['commitment signed (even late) → P02',
      { obligations: [ob(101, 20)], signatures: [{ id: 501, obligationId: 101, signedAt: sh('2026-02-20T08:00:00') }] }, ['D01:signature:501', 'P02:signature:501']],
    ['commitment unsigned past deadline → nothing (N01 is for the management convention)', { obligations: [ob(101, 20)] }, []],
    ['version published after as-of → nothing', { asOf: '2026-01-09', obligations: [ob(100, 10)] }, []],
    ['superseded version no longer counts',
      { versions: [{ ...mgmt, supersededAt: sh('2026-02-15T10:00:00') }], obligations: [ob(100, 10)] }, []],
    ['another tenant’s obligation is not mine', { obligations: [ob(100, 10, '2026-02-09', 2)] }, []],
    ['unsigned past deadline but paused (tenant suspended) → nothing', { obligations: [{ ...ob(100, 10), status: 'paused' }] }, []],
    ['unsigned past deadline but cancelled (tenant moved out) → nothing', { obligations: [{ ...ob(100, 10), status: 'cancelled' }] }, []],
    ['unsigned past deadline, superseded later: N01 while its version was current (the version’s dates decide)',
      { obligations: [{ ...ob(100, 10), status: 'superseded' }] }, ['N01:obligation:100']],
    ['unsigned, superseded before the as-of date → nothing',
      { versions: [{ ...mgmt, supersededAt: sh('2026-02-15T10:00:00') }], obligations: [{ ...ob(100, 10), status: 'superseded' }] }, []],
    ['unsigned past deadline and active → N01', { obligations: [{ ...ob(100, 10), status: 'active' }] }, ['N01:obligation:100']],
    ['breaches confirmed in and out of the 12-month window → N02 per breach, ordered by rule then id', {
      obligations: [ob(100, 10)],
      breaches: [
        br(7, '2026-03-01'),
        br(3, '2025-03-02'),
        br(4, '2025-03-01'),
        br(5, '2026-03-02'),
        { ...br(6, '2026-01-02'), tenantId: 2 },
      ],
    }, ['N01:obligation:100', 'N02:breach:3', 'N02:breach:7']],
    ['a 3-month window', { breachWindowMonths: 3, breaches: [br(3, '2025-12-01'), br(4, '2025-12-02')] }, ['N02:breach:4']],
    ['only confirmed breaches count: recorded, responded and withdrawn ones do not', {
      breaches: [
        { ...br(1, null), status: 'recorded' },
        { ...br(2, null), status: 'responded' },
        { ...br(3, '2026-02-01'), status: 'withdrawn' },
        br(4, '2026-02-01'),
      ],
    }, ['N02:breach:4']],
    ['the window is the confirmation’s: occurred long ago, confirmed lately → N02', { breaches: [{ ...br(8, '2026-02-20'), occurredOn: '2024-06-01' }] }, ['N02:breach:8']],
    ['the window is the confirmation’s: occurred lately, confirmed after as-of → nothing yet', { breaches: [{ ...br(9, '2026-03-05'), occurredOn: '2026-02-01' }] }, []],
    ['a confirmed breach without a decision date (never written so) → nothing', { breaches: [br(10, null)] }, []],
    ['D01: a signature on file, signed on or before the as-of day (park zone), any version or kind', {
      signaturesOnFile: [{ id: 900, tenantId: 1, signedAt: sh('2026-03-01T23:59:00') }],
    }, ['D01:signature:900']],
    ['D01: signed 00:01 park time the day after the as-of date (still the as-of day in UTC) → nothing yet', {
      signaturesOnFile: [{ id: 900, tenantId: 1, signedAt: sh('2026-03-02T00:01:00') }],
    }, []],
    ['D01 of another tenant is not mine', { signaturesOnFile: [{ id: 900, tenantId: 2, signedAt: sh('2025-01-01T10:00:00') }] }, []],
    ['D01 beside P01 from the current version\'s signature, sorted by rule (D before N before P)', {
      obligations: [ob(100, 10)], signatures: [{ id: 500, obligationId: 100, signedAt: sh('2026-02-01T10:00:00') }],
    }, ['D01:signature:500', 'P01:signature:500']],
    ['D01 names the latest of the current versions\' signatures and those on file besides', {
      obligations: [ob(100, 10), ob(101, 20)],
      signatures: [{ id: 500, obligationId: 100, signedAt: sh('2026-02-01T10:00:00') }, { id: 501, obligationId: 101, signedAt: sh('2026-02-03T10:00:00') }],
      signaturesOnFile: [{ id: 400, tenantId: 1, signedAt: sh('2025-06-01T10:00:00') }, { id: 502, tenantId: 1, signedAt: sh('2026-03-02T10:00:00') }],
    }, ['D01:signature:501', 'P01:signature:500', 'P02:signature:501']],
    ['D01 from an older signature on file when the current version is not signed by then', {
      obligations: [ob(100, 10)], signatures: [{ id: 500, obligationId: 100, signedAt: sh('2026-03-05T10:00:00') }],
      signaturesOnFile: [{ id: 400, tenantId: 1, signedAt: sh('2025-06-01T10:00:00') }],
    }, ['D01:signature:400', 'N01:obligation:100']],
    ['same time: the higher id', { signaturesOnFile: [{ id: 401, tenantId: 1, signedAt: sh('2025-06-01T10:00:00') }, { id: 400, tenantId: 1, signedAt: sh('2025-06-01T10:00:00') }] }, ['D01:signature:401']],
  ])('%s', (_name, over, expected) => {
    expect(rules(base(over))).toEqual(expected);
  });

  it('gives every requested tenant an entry and ignores records of others', () => {
    const facts = conventionFacts(base({ tenantIds: [1, 3], obligations: [ob(100, 10, '2026-02-09', 2)] }));
    expect([...facts.keys()]).toEqual([1, 3]);
    expect(facts.get(1)).toEqual([]);
    expect(facts.has(2)).toBe(false);
  });

  it('says which version, deadline and signing day caused a fact', () => {
    const [presence, fact] = conventionFacts(base({ obligations: [ob(100, 10)], signatures: [{ id: 500, obligationId: 100, signedAt: sh('2026-02-01T10:00:00') }] })).get(1)!;
    expect(presence).toEqual({ rule: 'D01', recordType: 'signature', recordId: 500, date: '2026-02-01', detail: { signedOn: '2026-02-01' } });
    expect(fact).toEqual({ rule: 'P01', recordType: 'signature', recordId: 500, date: '2026-02-01', detail: { versionId: 10, title: '管理公约', deadline: '2026-02-09', signedOn: '2026-02-01' } });
  });
});

describe('fact dates', () => {
  const v = (id: number, kind: FactVersion['kind']): FactVersion => ({ id, kind, title: kind, publishedAt: new Date('2026-01-10T01:00:00Z'), supersededAt: null });
  it.each<[string, Partial<ConventionFactsInput>, string]>([
    ['N01 counts from the missed deadline', { obligations: [{ id: 1, tenantId: 1, versionId: 10, deadline: '2026-02-09' }] }, '2026-02-09'],
    ['P02 counts from the signing day (park zone)', {
      obligations: [{ id: 2, tenantId: 1, versionId: 20, deadline: '2026-02-09' }],
      signatures: [{ id: 9, obligationId: 2, signedAt: new Date('2026-02-20T17:30:00Z') }],
    }, '2026-02-21'],
    ['N02 counts from the day the breach was confirmed, not the day it occurred', {
      breaches: [{ id: 3, tenantId: 1, versionId: 10, clauseId: 1, occurredOn: '2026-02-15', status: 'confirmed', decidedOn: '2026-02-25' }],
    }, '2026-02-25'],
  ])('%s', (_name, over, date) => {
    const input: ConventionFactsInput = {
      tenantIds: [1], asOf: '2026-03-01', timeZone: 'Asia/Shanghai', versions: [v(10, 'management'), v(20, 'commitment')],
      obligations: [], signatures: [], breaches: [], breachWindowMonths: 12, ...over,
    };
    expect(conventionFacts(input).get(1)!.filter((f) => f.rule !== 'D01').map((f) => f.date)).toEqual([date]);
  });
});

describe('endOfParkDay', () => {
  it.each([
    ['2026-03-01', 'Asia/Shanghai', '2026-03-01T16:00:00.000Z'],
    ['2024-02-29', 'Asia/Shanghai', '2024-02-29T16:00:00.000Z'],
    ['2026-03-01', 'UTC', '2026-03-02T00:00:00.000Z'],
  ])('the park day after %s (%s) starts at %s', (asOf, zone, iso) => {
    expect(endOfParkDay(asOf, zone).toISOString()).toBe(iso);
  });
});

describe('signingWhatIf (sign an open obligation on the as-of date)', () => {
  const mgmt: FactVersion = { id: 10, kind: 'management', title: '管理公约', publishedAt: sh('2026-01-10T09:00:00'), supersededAt: null };
  const commitment: FactVersion = { id: 20, kind: 'commitment', title: '信用承诺书', publishedAt: sh('2026-01-10T09:00:00'), supersededAt: null };
  const ob = (over: Partial<FactObligation & { signedOn: string | null }> = {}) => ({ id: 100, tenantId: 1, versionId: 10, deadline: '2026-02-09', status: 'active' as const, ...over });
  const keys = (r: ReturnType<typeof signingWhatIf>) => r && { remove: r.remove.map((k) => `${k.rule}:${k.recordType}:${k.recordId}`), add: r.add.map((f) => `${f.rule}:${f.recordType}:${f.recordId}@${f.date}`) };

  it.each<[string, ReturnType<typeof ob>, FactVersion, string, { remove: string[]; add: string[] } | null]>([
    ['management, before its deadline → P01 (the obligation, dated today)', ob(), mgmt, '2026-02-01', { remove: [], add: ['P01:obligation:100@2026-02-01'] }],
    ['management, on its deadline → P01', ob(), mgmt, '2026-02-09', { remove: [], add: ['P01:obligation:100@2026-02-09'] }],
    ['management, overdue → N01 removed, no P01 (late)', ob(), mgmt, '2026-02-10', { remove: ['N01:obligation:100'], add: [] }],
    ['credit commitment, before its deadline → P02', ob({ versionId: 20 }), commitment, '2026-02-01', { remove: [], add: ['P02:obligation:100@2026-02-01'] }],
    ['credit commitment, after its deadline → P02 still (the rules count any signature)', ob({ versionId: 20 }), commitment, '2026-03-01', { remove: [], add: ['P02:obligation:100@2026-03-01'] }],
    ['paused obligation → nothing to offer', ob({ status: 'paused' }), mgmt, '2026-02-01', null],
    ['cancelled obligation → nothing to offer', ob({ status: 'cancelled' }), mgmt, '2026-02-01', null],
    ['superseded version → nothing to offer', ob(), { ...mgmt, supersededAt: sh('2026-01-20T09:00:00') }, '2026-02-01', null],
    ['version not yet published on the date → nothing', ob(), mgmt, '2026-01-09', null],
    ['already signed by then → nothing', ob({ signedOn: '2026-01-20' }), mgmt, '2026-02-01', null],
    ['signed after the as-of date: open as of then → P01', ob({ signedOn: '2026-02-05' }), mgmt, '2026-02-01', { remove: [], add: ['P01:obligation:100@2026-02-01'] }],
  ])('%s', (_name, obligation, version, asOf, expected) => {
    expect(keys(signingWhatIf(obligation, version, asOf, TZ))).toEqual(expected);
  });

  it('a tenant with no signature on file gets its first, D01 (data for the M grade), beside what the signature earns', () => {
    expect(keys(signingWhatIf(ob(), mgmt, '2026-02-01', TZ, false))).toEqual({ remove: [], add: ['D01:obligation:100@2026-02-01', 'P01:obligation:100@2026-02-01'] });
    expect(keys(signingWhatIf(ob(), mgmt, '2026-02-10', TZ, false))).toEqual({ remove: ['N01:obligation:100'], add: ['D01:obligation:100@2026-02-10'] });
  });

  it('the added fact carries the version, deadline and signing day as the real one would', () => {
    const r = signingWhatIf(ob(), mgmt, '2026-02-01', TZ)!;
    expect(r.add[0]).toEqual({ rule: 'P01', recordType: 'obligation', recordId: 100, date: '2026-02-01', detail: { versionId: 10, title: '管理公约', deadline: '2026-02-09', signedOn: '2026-02-01' } });
  });
});

describe('zoneDay (the park day of an instant, the offset remembered per UTC day)', () => {
  it.each([
    ['2026-03-01T15:59:59.999Z', 'Asia/Shanghai', '2026-03-01'],
    ['2026-03-01T16:00:00.000Z', 'Asia/Shanghai', '2026-03-02'],
    ['2024-02-28T16:30:00.000Z', 'Asia/Shanghai', '2024-02-29'],
    // New York springs forward on 2026-03-08 at 02:00 local (07:00 UTC): the zone library decides that day.
    ['2026-03-08T04:59:00.000Z', 'America/New_York', '2026-03-07'],
    ['2026-03-08T05:00:00.000Z', 'America/New_York', '2026-03-08'],
    ['2026-03-09T03:59:00.000Z', 'America/New_York', '2026-03-08'],
    ['2026-03-09T04:00:00.000Z', 'America/New_York', '2026-03-09'],
    // London falls back on 2026-10-25 at 02:00 BST (01:00 UTC).
    ['2026-10-24T22:59:00.000Z', 'Europe/London', '2026-10-24'],
    ['2026-10-24T23:00:00.000Z', 'Europe/London', '2026-10-25'],
    ['2026-10-25T23:59:00.000Z', 'Europe/London', '2026-10-25'],
    ['2026-10-26T00:00:00.000Z', 'Europe/London', '2026-10-26'],
  ])('%s in %s is %s', (iso, zone, day) => {
    expect(zoneDay(new Date(iso), zone)).toBe(day);
    expect(zoneDay(new Date(iso), zone)).toBe(day); // the second time from the remembered offset
  });
});
