import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../../common/project-root.js';
import {
  assignInspectors, drawKey, drawSelection, inspectorWords, newSeed, participating, rankDigests, verifyBundle,
  type DrawBundle, type DrawDepartment, type DrawFrame, type DrawPoolInspector,
} from '../domain/draw.rules.js';
import { ParallelDrawEngine } from './draw-engine.parallel.js';

/*
 * The parallel engine hands the pure engine HMACs computed in parts (rank digests per stratum slice,
 * first words of the inspector HMACs per task slice): the result must be the pure engine's, byte for
 * byte, on the known-answer vectors and on a random frame where the load caps and exclusions bite.
 */

const DIR = join(PROJECT_ROOT, 'test', 'fixtures', 'draw-vectors');
type Vector = { input: Pick<DrawBundle, 'seed' | 'publicEntropy' | 'departments' | 'frame' | 'inspectorPool'>; expected: Record<string, unknown>; bundle: DrawBundle };
const VECTORS = ['small', 'joint', 'flagged'].map((name) => [name, JSON.parse(readFileSync(join(DIR, `${name}.json`), 'utf8')) as Vector] as const);

/** What the workers compute, in `parts` slices, joined as the parallel engine joins them. */
function inParts(frame: DrawFrame, departments: DrawDepartment[], pool: DrawPoolInspector[], key: Uint8Array, parts: number) {
  const cut = (n: number, i: number) => [Math.floor((n * i) / parts), Math.floor((n * (i + 1)) / parts)];
  const digests = frame.strata.map((s) => {
    const all = new Int32Array(s.members.length * 8);
    for (let i = 0; i < parts; i++) {
      const [from, to] = cut(s.members.length, i);
      all.set(rankDigests(key, s.code, s.members.slice(from, to)), from * 8);
    }
    return all;
  });
  const selection = drawSelection(frame, key, digests);
  const usccs = selection.tasks.map((t) => t.uscc);
  const codes = pool.map((p) => p.code);
  const words = new Uint32Array(usccs.length * codes.length);
  for (let i = 0; i < parts; i++) {
    const [from, to] = cut(usccs.length, i);
    words.set(inspectorWords(key, usccs.slice(from, to), codes, participating(departments, pool)), from * codes.length);
  }
  return { selection, words, assignment: assignInspectors(selection.tasks, departments, pool, key, words) };
}

function randomFrame(members: number): { frame: DrawFrame; departments: DrawDepartment[]; pool: DrawPoolInspector[] } {
  let x = 12345;
  const next = () => (x = (Math.imul(x, 1103515245) + 12345) >>> 0);
  const usccs = [...new Set(Array.from({ length: members + 40 }, () => `9144${String(next() % 1e9).padStart(9, '0')}MA${String(next() % 1e3).padStart(3, '0')}`))];
  const strata = ['A', 'B', 'C', 'D'].map((code, i) => ({ code, ratioBp: [300, 1000, 3000, 10000][i], members: usccs.slice(i * (members / 4), (i + 1) * (members / 4)).sort() }));
  const targeted = usccs.slice(members, members + 20).sort().map((uscc) => ({ uscc, reason: 'black_list' }));
  const departments = [{ code: 'SAMR', inspectorsPerTask: 2 }, { code: 'TAX', inspectorsPerTask: 1 }];
  // Few inspectors, so that the load caps bind; exclusions on tasks that will be drawn (all of stratum D).
  const pool = Array.from({ length: 9 }, (_, i) => ({
    code: `${i < 6 ? 'SAMR' : 'TAX'}-${i}`, department: i < 6 ? 'SAMR' : i < 8 ? 'TAX' : 'OTHER',
    excluded: strata[3].members.filter((_, j) => j % (7 + i) === 0).map((uscc) => ({ uscc, reason: 'conflict' })),
  }));
  return { frame: { strata, targeted, excluded: [] }, departments, pool };
}

describe('the parallel draw engine gives the pure engine\'s result', () => {
  describe.each(VECTORS)('known-answer vector %s', (_name, v) => {
    const key = drawKey(v.input.seed, v.input.publicEntropy);

    it.each([1, 2, 3])('hashed in %i part(s): the expected selection, tasks, assignment and flags', (parts) => {
      const { selection, assignment } = inParts(v.input.frame, v.input.departments, v.input.inspectorPool, key, parts);
      expect(selection.selected).toEqual(v.expected.selected);
      expect(selection.tasks).toEqual(v.expected.tasks);
      expect(assignment.assignments).toEqual(v.expected.assignments);
      expect(assignment.flagged).toEqual(v.expected.flagged);
    });

    it('first words that all tie are settled on the whole digests and the codes', () => {
      const { tasks } = drawSelection(v.input.frame, key);
      const ties = new Uint32Array(tasks.length * v.input.inspectorPool.length);
      const { assignments, flagged } = assignInspectors(tasks, v.input.departments, v.input.inspectorPool, key, ties);
      expect(assignments).toEqual(v.expected.assignments);
      expect(flagged).toEqual(v.expected.flagged);
    });

    it('ParallelDrawEngine: the same draw and verdict', async () => {
      const engine = new ParallelDrawEngine(2);
      try {
        const selection = await engine.selection(v.input.frame, key);
        expect(selection.selected).toEqual(v.expected.selected);
        const assignment = await engine.assignment(selection.tasks, v.input.departments, v.input.inspectorPool, key);
        expect(assignment.assignments).toEqual(v.expected.assignments);
        expect(await engine.verify(JSON.parse(JSON.stringify(v.bundle)))).toEqual(verifyBundle(JSON.parse(JSON.stringify(v.bundle))));
      } finally {
        await engine.close();
      }
    });
  });

  it('a random 5,000-member frame with binding caps and exclusions: identical, in 2 and 3 parts', async () => {
    const { frame, departments, pool } = randomFrame(5000);
    const key = drawKey(newSeed(), '');
    const selection = drawSelection(frame, key);
    const pure = assignInspectors(selection.tasks, departments, pool, key);
    expect(pure.flagged.length).toBeGreaterThan(0);
    for (const parts of [2, 3]) {
      const split = inParts(frame, departments, pool, key, parts);
      expect(JSON.stringify(split.selection)).toBe(JSON.stringify(selection));
      expect(JSON.stringify(split.assignment)).toBe(JSON.stringify(pure));
    }
    // Caps bind: some SAMR inspector ends exactly at ⌈2 × tasks / 6⌉.
    const cap = Math.ceil((2 * selection.tasks.length) / 6);
    const loads = new Map<string, number>();
    for (const a of pure.assignments) for (const c of a.inspectors) loads.set(c, (loads.get(c) ?? 0) + 1);
    expect(Math.max(...[...loads].filter(([c]) => c.startsWith('SAMR')).map(([, n]) => n))).toBe(cap);

  });

  it('verifies a tampered bundle as the pure verifier does (a swapped assignment)', async () => {
    const v = VECTORS[0][1];
    const tampered = JSON.parse(JSON.stringify(v.bundle)) as DrawBundle;
    const [a, b] = tampered.assignments;
    [a.inspectors, b.inspectors] = [b.inspectors, a.inspectors];
    const engine = new ParallelDrawEngine(2);
    try {
      const verdict = await engine.verify(JSON.parse(JSON.stringify(tampered)));
      expect(verdict.ok).toBe(false);
      expect(verdict).toEqual(verifyBundle(tampered));
    } finally {
      await engine.close();
    }
  });

  it('the partition check (strata merged without a map when sorted) names a member in two strata and one also targeted, as member by member does', () => {
    const v = VECTORS[0][1];
    const sorted = JSON.parse(JSON.stringify(v.bundle)) as DrawBundle;
    const [first, second] = sorted.frame.strata.filter((s) => s.members.length > 0);
    const twice = first.members[0];
    second.members = [...second.members, twice].sort();
    sorted.frame.targeted = [...sorted.frame.targeted, { uscc: second.members[second.members.length - 1] === twice ? second.members[0] : second.members[second.members.length - 1], reason: 'black_list' }];
    const fast = verifyBundle(sorted).problems;
    expect(fast).toContain(`frame: member ${twice} is in stratum ${first.code} and in stratum ${second.code}`);
    expect(fast.some((p) => /^frame: member \S+ is in stratum \S+ and targeted$/.test(p))).toBe(true);
    // The same bundle with a stratum out of order goes member by member: the same partition problems.
    const unsorted = JSON.parse(JSON.stringify(sorted)) as DrawBundle;
    for (const s of unsorted.frame.strata) s.members.reverse();
    const slow = verifyBundle(unsorted).problems.filter((p) => p.startsWith('frame: member'));
    expect(slow.sort()).toEqual(fast.filter((p) => p.startsWith('frame: member')).sort());
  });
});
