import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../../common/project-root.js';
import {
  assignInspectors, bundleJson, DRAW_FORMAT, drawKey, drawSelection, frameHash, frameText, frameTextParts, inspectorRank, parseFrameText, newSeed, rank, sampleSize,
  seedCommitment, smallestRanks, verifyBundle, type DrawBundle, type DrawFrame,
} from './draw.rules.js';
import { compareDigests } from './hmac-sha256.js';

interface Vector {
  description: string;
  input: Pick<DrawBundle, 'drawId' | 'programmeId' | 'committedAt' | 'drawnAt' | 'seed' | 'publicEntropy' | 'departments' | 'frame' | 'inspectorPool'>;
  expected: {
    frameText: string; frameHash: string; seedCommitment: string; drawKey: string;
    ranks: { uscc: string; stratum: string; rank: string }[];
    selected: { uscc: string; stratum: string; rank: string }[];
    tasks: { uscc: string; stratum: string; rank: string | null }[];
    inspectorRanks: { uscc: string; code: string; rank: string }[];
    assignments: { uscc: string; inspectors: string[] }[];
    flagged: { uscc: string; department: string; wanted: number; got: number }[];
  };
  bundle: DrawBundle;
}

const DIR = join(PROJECT_ROOT, 'test', 'fixtures', 'draw-vectors');
const load = (name: string): Vector => JSON.parse(readFileSync(join(DIR, `${name}.json`), 'utf8')) as Vector;
const VECTORS = ['small', 'joint', 'flagged'].map((name) => [name, load(name)] as const);
const clone = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

describe('known-answer vectors (test/fixtures/draw-vectors, computed by an independent createHmac reference)', () => {
  it('cover what they claim: a flagged task, a joint draw, a two-block inspector code, non-ASCII entropy', () => {
    const [small, joint, flagged] = VECTORS.map(([, v]) => v);
    expect(small.expected.tasks).toHaveLength(8);
    expect(joint.bundle.departments).toHaveLength(3);
    expect(joint.input.inspectorPool.some((p) => 10 + 18 + 1 + p.code.length > 55)).toBe(true);
    expect(/[^\x00-\x7f]/.test(joint.input.publicEntropy)).toBe(true);
    expect(flagged.expected.flagged).toEqual([{ uscc: '91440300MA5000901N', department: 'FIRE', wanted: 2, got: 1 }]);
  });

  describe.each(VECTORS)('%s', (_name, v) => {
    const key = drawKey(v.input.seed, v.input.publicEntropy);

    it('frame text and hash, commitment and draw key', () => {
      expect(frameText(v.input.frame)).toBe(v.expected.frameText);
      expect(frameHash(v.input.frame)).toBe(v.expected.frameHash);
      expect(seedCommitment(v.input.seed)).toBe(v.expected.seedCommitment);
      expect(key.toString('hex')).toBe(v.expected.drawKey);
    });

    it('every rank and every inspector rank', () => {
      for (const r of v.expected.ranks) expect(rank(key, r.stratum, r.uscc)).toBe(r.rank);
      for (const r of v.expected.inspectorRanks) expect(inspectorRank(key, r.uscc, r.code)).toBe(r.rank);
    });

    it('selection, tasks, assignment and flags', () => {
      const { selected, tasks } = drawSelection(v.input.frame, key);
      expect(selected).toEqual(v.expected.selected);
      expect(tasks).toEqual(v.expected.tasks);
      const { assignments, flagged } = assignInspectors(tasks, v.input.departments, v.input.inspectorPool, key);
      expect(assignments).toEqual(v.expected.assignments);
      expect(flagged).toEqual(v.expected.flagged);
    });

    it('its bundle verifies', () => {
      const result = verifyBundle(clone(v.bundle));
      expect(result).toEqual({ ok: true, problems: [], selected: v.expected.selected.length, tasks: v.expected.tasks.length, drawId: v.bundle.drawId });
    });
  });
});

describe('sampleSize = ⌈ratioBp × N / 10000⌉', () => {
  it.each([
    [0, 300, 0], [10, 0, 0], [1, 1, 1], [100, 300, 3], [101, 300, 4], [130000, 300, 3900], [3, 10000, 3], [7, 5000, 4],
    [9_000_000_000_000, 10000, 9_000_000_000_000], [9_000_000_000_001, 1, 900_000_001],
  ])('N %d at %d bp → %d', (n, bp, size) => {
    expect(sampleSize(n, bp)).toBe(size);
  });

  it.each([[-1, 100], [1.5, 100], [10, -1], [10, 10001], [10, 2.5]])('refuses N %d, ratio %d', (n, bp) => {
    expect(() => sampleSize(n, bp)).toThrow();
  });
});

describe('seeds and keys', () => {
  it('a new seed is 32 random bytes in lowercase hex', () => {
    const a = newSeed();
    expect(a).toMatch(/^[0-9a-f]{64}$/);
    expect(newSeed()).not.toBe(a);
  });

  it('commits to the seed bytes, not its text, and refuses a malformed seed', () => {
    const seed = '00'.repeat(32);
    expect(seedCommitment(seed)).toBe('66687aadf862bd776c8fc18b8e9f8e20089714856ee233b3902a591d0d5f2925');
    expect(() => seedCommitment('AB'.repeat(32))).toThrow();
    expect(() => drawKey('00', '')).toThrow();
  });

  it('public entropy changes the key', () => {
    const seed = '11'.repeat(32);
    expect(drawKey(seed, '').equals(drawKey(seed, '1'))).toBe(false);
  });
});

describe('the frame text in stored parts (frameTextParts, parseFrameText)', () => {
  const frame: DrawFrame = {
    strata: [
      { code: 'A', ratioBp: 300, members: ['91440300MA00000021', '91440300MA00000013', '91440300MA00000005'] },
      { code: 'B', ratioBp: 1000, members: [] },
      { code: 'C', ratioBp: 3000, members: ['91440300MA00000039'] },
    ],
    targeted: [{ uscc: '91440300MA00000047', reason: 'complaint' }],
    excluded: [{ uscc: '91440300MA00000055', reason: 'cooldown' }],
  };

  it.each([[21], [42], [50], [1_000_000], [1]])('parts of at most %i bytes join to frameText, whole lines each', (max) => {
    const parts = frameTextParts(frame, max);
    expect(parts.join('')).toBe(frameText(frame));
    for (const part of parts) {
      expect(part.endsWith('\n')).toBe(true);
      expect(Buffer.byteLength(part) <= max || part.split('\n').length === 2).toBe(true);
    }
    expect(parts.length).toBe(max >= 105 ? 1 : max >= 42 ? Math.ceil(5 / Math.floor(max / 21)) : 5);
  });

  it('counts UTF-8 bytes, not characters', () => {
    const wide: DrawFrame = { strata: [{ code: '甲', ratioBp: 100, members: ['一二三', '四五六'] }], targeted: [], excluded: [] };
    // '甲\t一二三\n' is 3 + 1 + 9 + 1 = 14 bytes: two lines do not fit in 20.
    expect(frameTextParts(wide, 20)).toEqual(['甲\t一二三\n', '甲\t四五六\n']);
  });

  it('reads back each code\'s USCCs in order, targeted under T', () => {
    const parsed = parseFrameText(frameTextParts(frame, 42).join(''));
    expect(parsed?.codes).toEqual(['A', 'C', 'T']);
    expect(parsed?.lists.get('A')).toEqual(['91440300MA00000005', '91440300MA00000013', '91440300MA00000021']);
    expect(parsed?.lists.get('T')).toEqual(['91440300MA00000047']);
    expect(parseFrameText('')).toEqual({ codes: [], lists: new Map() });
  });

  it.each([
    ['no final newline', 'A\tX1'],
    ['no tab', 'AX1\n'],
    ['two tabs', 'A\tX1\tY\n'],
    ['an empty code', '\tX1\n'],
    ['an empty USCC', 'A\t\n'],
    ['a code that comes back', 'A\tX1\nB\tX2\nA\tX3\n'],
  ])('refuses what is not frame text: %s', (_label, text) => {
    expect(parseFrameText(text)).toBeUndefined();
  });
});

describe('smallestRanks takes the same members in the same order as sorting them all', () => {
  /** n digests from a seeded generator; `firstWords` distinct first words at most (ties), `clones` digests repeated whole (ties settled by USCC). */
  function digestsOf(n: number, firstWords: number, clones: number, seed: number): { digests: Int32Array; members: string[] } {
    let x = seed >>> 0 || 1;
    const next = () => ((x ^= x << 13), (x ^= x >>> 17), (x ^= x << 5), x >>> 0);
    const digests = new Int32Array(n * 8);
    for (let i = 0; i < n * 8; i++) digests[i] = next();
    for (let i = 0; i < n; i++) digests[i * 8] = firstWords ? (next() % firstWords) * 0x9e3779b1 : digests[i * 8];
    for (let c = 0; c < clones && n > 1; c++) digests.copyWithin(((c * 7 + 1) % n) * 8, ((c * 3) % n) * 8, ((c * 3) % n) * 8 + 8);
    // Members in an order of their own, so that the index and the USCC order differ.
    const members = Array.from({ length: n }, (_, i) => `9132${String((i * 7919) % 100_003).padStart(14, '0')}`);
    return { digests, members };
  }
  const reference = (digests: Int32Array, members: string[], take: number) => Array.from({ length: members.length }, (_, i) => i)
    .sort((a, b) => compareDigests(digests, a * 8, digests, b * 8) || (members[a] < members[b] ? -1 : members[a] > members[b] ? 1 : 0))
    .slice(0, Math.max(0, take));

  it.each([
    ['empty', 0, 0, 0, 5],
    ['take nothing', 50, 0, 0, 0],
    ['take one', 1000, 0, 0, 1],
    ['a few of many', 20_000, 0, 0, 600],
    ['all of them (ratio 100 %)', 3000, 0, 0, 3000],
    ['more than there are', 40, 0, 0, 41],
    ['first words tied in runs', 5000, 300, 0, 700],
    ['one first word for all', 500, 1, 0, 120],
    ['whole digests repeated (ties by USCC)', 4000, 0, 200, 2000],
    ['one bucket holds the cut', 70_000, 0, 0, 35_001],
  ])('%s', (_name, n, firstWords, clones, take) => {
    const { digests, members } = digestsOf(n, firstWords, clones, n * 31 + take);
    expect(smallestRanks(digests, members, take)).toEqual(reference(digests, members, take));
  });
});

describe('selection and assignment edges', () => {
  const frame: DrawFrame = { strata: [{ code: 'A', ratioBp: 10000, members: ['B00000000000000002', 'B00000000000000001'] }, { code: 'B', ratioBp: 0, members: ['B00000000000000003'] }], targeted: [], excluded: [] };

  it('ratio 10000 takes everyone by rank; ratio 0 takes no one', () => {
    const key = drawKey('22'.repeat(32), '');
    const { selected } = drawSelection(frame, key);
    expect(selected.map((s) => s.uscc).sort()).toEqual(['B00000000000000001', 'B00000000000000002']);
    expect(selected[0].rank < selected[1].rank).toBe(true);
  });

  it('a department without inspectors flags every task with none', () => {
    const key = drawKey('22'.repeat(32), '');
    const { tasks } = drawSelection(frame, key);
    const { assignments, flagged } = assignInspectors(tasks, [{ code: 'X', inspectorsPerTask: 1 }, { code: 'Y', inspectorsPerTask: 1 }], [{ code: 'x1', department: 'X', excluded: [] }], key);
    expect(assignments.map((a) => a.inspectors)).toEqual([['x1'], ['x1']]);
    expect(flagged).toEqual(tasks.map((t) => ({ uscc: t.uscc, department: 'Y', wanted: 1, got: 0 })));
  });

  it('the load cap ⌈k × tasks / |P|⌉ binds: 5 tasks, 2 inspectors, k 1 → nobody above 3', () => {
    const five: DrawFrame = { strata: [{ code: 'A', ratioBp: 10000, members: ['C1', 'C2', 'C3', 'C4', 'C5'].map((c) => c.padEnd(18, '0')) }], targeted: [], excluded: [] };
    for (const seed of ['01', '02', '03', '04', '05', '06'].map((b) => b.repeat(32))) {
      const key = drawKey(seed, '');
      const { tasks } = drawSelection(five, key);
      const { assignments, flagged } = assignInspectors(tasks, [{ code: 'X', inspectorsPerTask: 1 }, { code: 'Y', inspectorsPerTask: 1 }], [{ code: 'x1', department: 'X', excluded: [] }, { code: 'x2', department: 'X', excluded: [] }, { code: 'y1', department: 'Y', excluded: [] }], key);
      const loads = new Map<string, number>();
      for (const a of assignments) for (const c of a.inspectors) loads.set(c, (loads.get(c) ?? 0) + 1);
      expect(Math.max(loads.get('x1') ?? 0, loads.get('x2') ?? 0)).toBeLessThanOrEqual(3);
      expect((loads.get('x1') ?? 0) + (loads.get('x2') ?? 0)).toBe(5);
      expect(loads.get('y1')).toBe(5);
      expect(flagged).toEqual([]);
    }
  });
});

describe('verifyBundle reports a tampered bundle in plain words', () => {
  const base = load('small').bundle;
  const first = base.assignments[0].uscc;

  it.each<[string, (b: DrawBundle) => void, RegExp]>([
    ['a member added to a stratum', (b) => b.frame.strata[0].members.push('91440300MA5000099X'), /^frameHash: expected [0-9a-f]{64} got [0-9a-f]{64}$/],
    ['a seed changed', (b) => { b.seed = `${b.seed.slice(0, 63)}0`; }, /^seedCommitment: expected /],
    ['the public entropy changed', (b) => { b.publicEntropy = 'another lottery'; }, /^(selected|assignment of)/],
    ['two inspectors swapped', (b) => { b.assignments[0].inspectors.reverse(); }, new RegExp(`^assignment of ${first}: expected \\[SAMR-01,EMB-01\\] got \\[EMB-01,SAMR-01\\]$`)],
    ['a selected entry removed', (b) => { b.selected.pop(); }, /^selected: expected member \S+ \(stratum D\) missing$/],
    ['a member selected that was not drawn', (b) => { b.selected.push({ uscc: '91440300MA5000004W', stratum: 'A', rank: '00'.repeat(32) }); }, /^selected: member 91440300MA5000004W not expected$/],
    ['the frame hash edited', (b) => { b.frameHash = 'f'.repeat(64); }, new RegExp(`^frameHash: expected ${base.frameHash} got f{64}$`)],
    ['a rank edited', (b) => { b.selected[0].rank = '0'.repeat(64); }, /^selected 91440300MA5000003R: expected stratum A rank [0-9a-f]{64} got stratum A rank 0{64}$/],
    ['an assignment dropped', (b) => { b.assignments.pop(); }, /^assignment of \S+: missing \(expected \[SAMR-02,EMB-02\]\)$/],
    ['an assignment for a tenant not drawn', (b) => { b.assignments.push({ uscc: '91440300MA5000004W', inspectors: ['SAMR-02'] }); }, /^assignment of 91440300MA5000004W: not a task of this draw$/],
    ['a commitment dated after the draw', (b) => { b.committedAt = '2026-03-10T00:00:00.000Z'; }, /^committedAt: the commitment .* is later than the draw/],
  ])('%s', (_what, tamper, message) => {
    const bundle = clone(base);
    tamper(bundle);
    const result = verifyBundle(bundle);
    expect(result.ok).toBe(false);
    expect(result.problems.some((p) => message.test(p))).toBe(true);
  });

  it.each<[string, (b: Record<string, unknown> & DrawBundle) => void, string]>([
    ['another format', (b) => { b.format = 'parktrust-draw/2' as typeof DRAW_FORMAT; }, 'format: expected "parktrust-draw/1" got "parktrust-draw/2"'],
    ['a short seed', (b) => { b.seed = 'abc'; }, 'seed: expected 64 lowercase hex characters got "abc"'],
    ['an upper-case commitment', (b) => { b.seedCommitment = b.seedCommitment.toUpperCase(); }, 'seedCommitment: expected 64 lowercase hex characters'],
    ['0 inspectors per task', (b) => { b.departments[0].inspectorsPerTask = 0; }, 'departments[0].inspectorsPerTask: expected a whole number ≥ 1 got 0'],
    ['one inspector per task in all', (b) => { b.departments = [b.departments[0]]; }, 'departments: at least 2 inspectors per task in all, got 1'],
    ['a department listed twice', (b) => { b.departments[1].code = 'SAMR'; }, 'departments: SAMR listed twice'],
    ['an inspector code listed twice', (b) => { b.inspectorPool[1].code = 'EMB-01'; }, 'inspectorPool: inspector code EMB-01 listed twice'],
    ['a member in two strata', (b) => { b.frame.strata[1].members.push(b.frame.strata[0].members[0]); }, 'frame: member 91440300MA5000001K is in stratum A and in stratum B'],
    ['a targeted member also in a stratum', (b) => { b.frame.targeted.push({ uscc: '91440300MA5000001K', reason: 'black_list' }); }, 'frame: member 91440300MA5000001K is in stratum A and targeted'],
    ['an excluded member also targeted', (b) => { b.frame.excluded.push({ uscc: b.frame.targeted[0].uscc, reason: 'cooldown' }); }, 'frame: member 91440300MA5000042T is in targeted and excluded'],
    ['a stratum coded T', (b) => { b.frame.strata[0].code = 'T'; }, 'frame.strata[0]: expected { code (not "T"), ratioBp, members }'],
    ['a ratio over 10000', (b) => { b.frame.strata[0].ratioBp = 10001; }, 'frame.strata[0].ratioBp: expected 0–10000 got 10001'],
    ['a USCC with a newline', (b) => { b.frame.strata[0].members[0] = 'X\nB\t91440300MA500001'; }, 'frame.strata[0].members[0]: expected a USCC'],
    ['no frame', (b) => { delete (b as Partial<DrawBundle>).frame; }, 'frame: expected { strata, targeted, excluded }'],
    ['assignments not a list', (b) => { (b as Record<string, unknown>).assignments = {}; }, 'assignments: expected a list'],
  ])('a malformed bundle: %s', (_what, tamper, message) => {
    const bundle = clone(base) as Record<string, unknown> & DrawBundle;
    tamper(bundle);
    const result = verifyBundle(bundle);
    expect(result.ok).toBe(false);
    expect(result.problems.some((p) => p.startsWith(message))).toBe(true);
  });

  it.each([null, 42, 'bundle', [], {}])('refuses %p without throwing', (value) => {
    const result = verifyBundle(value);
    expect(result.ok).toBe(false);
    expect(result.problems.length).toBeGreaterThan(0);
  });

  it('lists at most 200 problems and says how many more there are', () => {
    const big = clone(base);
    big.frame.strata[0].members = Array.from({ length: 400 }, () => 'bad uscc');
    const result = verifyBundle(big);
    expect(result.problems).toHaveLength(201);
    expect(result.problems[200]).toBe('… and 200 more problems');
  });

  it('does not care in which order members, selected entries and assignments are listed', () => {
    const bundle = clone(base);
    bundle.frame.strata[1].members.reverse();
    bundle.selected.reverse();
    bundle.assignments.reverse();
    expect(verifyBundle(bundle).problems).toEqual([]);
  });
});

describe('bundleJson writes the bundle as JSON.stringify does, with the frame serialised beforehand', () => {
  const frame: DrawFrame = { strata: [{ code: 'A', ratioBp: 500, members: ['91320500000000001X', '91320500000000002$&'] }], targeted: [{ uscc: '9132"x', reason: '重点 $1' }], excluded: [] } as unknown as DrawFrame;
  const bundle = {
    format: DRAW_FORMAT, drawId: 3, programmeId: 1, departments: [{ code: 'SCJG', inspectorsPerTask: 2 }], frame, frameHash: 'ab', seedCommitment: 'cd',
    committedAt: '2026-11-01T00:00:00.000Z', seed: 'ef', publicEntropy: '$\'frame\'', drawnAt: '2026-11-02T00:00:00.000Z',
    selected: [{ uscc: '91320500000000001X', stratum: 'A', rank: '00' }], inspectorPool: [], assignments: [{ uscc: '91320500000000001X', inspectors: ['I1', 'I2'] }],
  } as unknown as DrawBundle;
  it('in the same key order, whatever the strings hold', () => {
    expect(bundleJson(bundle, JSON.stringify(frame))).toBe(JSON.stringify(bundle));
  });
  it('an empty frame', () => {
    const empty = { ...bundle, frame: { strata: [], targeted: [], excluded: [] } } as unknown as DrawBundle;
    expect(bundleJson(empty, JSON.stringify(empty.frame))).toBe(JSON.stringify(empty));
  });
});
