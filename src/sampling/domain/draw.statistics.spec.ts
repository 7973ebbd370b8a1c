import { createHash } from 'node:crypto';
import { assignInspectors, drawKey, drawSelection, sampleSize, type DrawDepartment, type DrawFrame, type DrawPoolInspector } from './draw.rules.js';

/**
 * The draw is fair: over 2,000 seeds on one frame, each stratum member is selected as often as the
 * ratio says (chi-square goodness of fit at 1%), and no inspector's load ever exceeds the cap.
 */
const SEEDS = 2000;
const Z_99 = 2.326347874; // upper 1% point of the standard normal

/** Wilson–Hilferty: the upper-α critical value of χ² with k degrees of freedom. */
function chiSquareCritical(k: number, z = Z_99): number {
  const c = 2 / (9 * k);
  return k * (1 - c + z * Math.sqrt(c)) ** 3;
}

/**
 * Pearson's statistic for counts of a sample of s out of N drawn `draws` times without replacement.
 * Each draw's indicator vector has variance p(1−p) per member and covariance −p(1−p)/(N−1), so
 * (N−1)/N × Σ (O−E)² / (draws·p(1−p)) is χ² with N−1 degrees of freedom.
 */
function chiSquare(counts: number[], size: number, draws: number): number {
  const n = counts.length;
  const p = size / n;
  const expected = draws * p;
  const sum = counts.reduce((acc, o) => acc + (o - expected) ** 2, 0);
  return ((n - 1) / n) * (sum / (draws * p * (1 - p)));
}

const uscc = (stratum: string, i: number) => `91440300${stratum}${String(i).padStart(9, '0')}`;
const FRAME: DrawFrame = {
  strata: [
    { code: 'A', ratioBp: 1000, members: Array.from({ length: 50 }, (_, i) => uscc('A', i)) },
    { code: 'B', ratioBp: 3000, members: Array.from({ length: 30 }, (_, i) => uscc('B', i)) },
    { code: 'C', ratioBp: 6000, members: Array.from({ length: 20 }, (_, i) => uscc('C', i)) },
  ],
  targeted: [{ uscc: uscc('T', 1), reason: 'black_list' }, { uscc: uscc('T', 2), reason: 'abnormal_operations' }],
  excluded: [],
};
const DEPARTMENTS: DrawDepartment[] = [{ code: 'X', inspectorsPerTask: 1 }, { code: 'Y', inspectorsPerTask: 2 }];
const POOL: DrawPoolInspector[] = [
  { code: 'x1', department: 'X', excluded: [{ uscc: uscc('T', 1), reason: 'conflict' }] },
  { code: 'x2', department: 'X', excluded: [] },
  { code: 'x3', department: 'X', excluded: [{ uscc: uscc('C', 3), reason: 'previous_draw' }] },
  { code: 'y1', department: 'Y', excluded: [] },
  { code: 'y2', department: 'Y', excluded: [{ uscc: uscc('T', 2), reason: 'conflict' }] },
  { code: 'y3', department: 'Y', excluded: [] },
  { code: 'y4', department: 'Y', excluded: [] },
];

describe(`the draw over ${SEEDS} seeds`, () => {
  const counts = new Map(FRAME.strata.map((s) => [s.code, new Map(s.members.map((m) => [m, 0]))]));
  /** Stratum A as a biased draw would count it: a favoured tenant put in whenever the draw left it out. */
  const favoured = new Map(FRAME.strata[0].members.map((m) => [m, 0]));
  const overCap: string[] = [];
  const wrong: string[] = [];

  beforeAll(() => {
    for (let i = 0; i < SEEDS; i++) {
      const key = drawKey(createHash('sha256').update(`statistics seed ${i}`).digest('hex'), '');
      const { selected, tasks } = drawSelection(FRAME, key);
      for (const s of selected) {
        const stratum = counts.get(s.stratum) as Map<string, number>;
        stratum.set(s.uscc, (stratum.get(s.uscc) as number) + 1);
      }
      const a = selected.filter((s) => s.stratum === 'A').map((s) => s.uscc);
      if (!a.includes(uscc('A', 0))) a[a.length - 1] = uscc('A', 0);
      for (const m of a) favoured.set(m, (favoured.get(m) as number) + 1);

      const { assignments, flagged } = assignInspectors(tasks, DEPARTMENTS, POOL, key);
      const loads = new Map<string, number>();
      for (const t of assignments) {
        if (new Set(t.inspectors).size !== t.inspectors.length) wrong.push(`seed ${i}: ${t.uscc} has an inspector twice`);
        for (const code of t.inspectors) {
          loads.set(code, (loads.get(code) ?? 0) + 1);
          if (POOL.find((p) => p.code === code)?.excluded.some((e) => e.uscc === t.uscc)) wrong.push(`seed ${i}: ${code} is excluded for ${t.uscc}`);
        }
        const short = flagged.filter((f) => f.uscc === t.uscc).reduce((sum, f) => sum + (f.wanted - f.got), 0);
        if (t.inspectors.length + short !== 3) wrong.push(`seed ${i}: ${t.uscc} has ${t.inspectors.length} inspectors and ${short} flagged short of 3`);
      }
      for (const d of DEPARTMENTS) {
        const members = POOL.filter((p) => p.department === d.code);
        const cap = Math.ceil((d.inspectorsPerTask * tasks.length) / members.length);
        for (const m of members) if ((loads.get(m.code) ?? 0) > cap) overCap.push(`seed ${i}: ${m.code} ${loads.get(m.code)} > ${cap}`);
      }
    }
  });

  it.each(FRAME.strata.map((s) => [s.code, s.members.length, s.ratioBp] as const))(
    'stratum %s (N %d, %d bp): member selection frequencies fit the ratio (χ² at 1%%)',
    (code, n, ratioBp) => {
      const size = sampleSize(n, ratioBp);
      const observed = [...(counts.get(code) as Map<string, number>).values()];
      expect(observed.reduce((a, b) => a + b, 0)).toBe(SEEDS * size);
      const statistic = chiSquare(observed, size, SEEDS);
      expect(statistic).toBeLessThan(chiSquareCritical(n - 1));
    },
  );

  it('the test has power: a draw that always puts in one favoured tenant fails it', () => {
    expect(chiSquare([...favoured.values()], sampleSize(50, 1000), SEEDS)).toBeGreaterThan(chiSquareCritical(49));
  });

  it('no inspector ever goes over the load cap, is excluded for a task it got, or sits twice on a task; shortfalls are flagged', () => {
    expect(overCap).toEqual([]);
    expect(wrong).toEqual([]);
  });

  it('Wilson–Hilferty matches the tabulated 1% points', () => {
    // χ²(0.99) tables: 19 → 36.191, 29 → 49.588, 49 → 74.919.
    expect(chiSquareCritical(19)).toBeCloseTo(36.191, 0);
    expect(chiSquareCritical(29)).toBeCloseTo(49.588, 0);
    expect(chiSquareCritical(49)).toBeCloseTo(74.919, 0);
  });
});
