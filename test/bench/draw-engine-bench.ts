/**
 * The pure draw engine over the figure (issue 14): 200,000 tenants graded 65/25/8/2 with the default
 * ratios A 3% / B 10% / C 30% / D 60% (~16,100 tasks) and 100 inspectors in two departments of 50 (1 + 1 per
 * task), with a few hundred declared conflicts. Times the selection, the assignment, the frame hash and the
 * verification of the bundle (JSON parse included), wall and CPU, and createHmac per pair for comparison.
 * No database: the DB side of a draw is in sampling-bench.ts. Run: `npm run build && node dist/test/bench/draw-engine-bench.js`
 * (BENCH_TENANTS, BENCH_ROUNDS), or call runDrawEngineBench() from another bench.
 */
import { createHmac } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import {
  assignInspectors, DRAW_FORMAT, drawKey, drawSelection, frameHash, newSeed, seedCommitment, verifyBundle,
  type DrawBundle, type DrawDepartment, type DrawFrame, type DrawPoolInspector,
} from '../../src/sampling/domain/draw.rules.js';
import { ParallelDrawEngine } from '../../src/sampling/draws/draw-engine.parallel.js';
import { usccCheckCharacter } from '../../src/tenants/domain/uscc.rules.js';

export interface DrawEngineFigures {
  tenants: number;
  tasks: number;
  inspectors: number;
  selectionMs: number;
  assignmentMs: number;
  frameHashMs: number;
  drawTotalMs: number;
  bundleBytes: number;
  verifyMs: number;
  verifyCpuMs: number;
  drawCpuMs: number;
  createHmacPerPairUs: number;
  fastPerPairUs: number;
}

function uscc(n: number): string {
  const body = `91440300MA${String(n).padStart(7, '0')}`;
  return body + (usccCheckCharacter(body) as string);
}

export function benchFrame(tenants: number): { frame: DrawFrame; departments: DrawDepartment[]; pool: DrawPoolInspector[] } {
  const split = [0.65, 0.25, 0.08, 0.02];
  const ratios = [300, 1000, 3000, 6000];
  let next = 0;
  const strata = ['A', 'B', 'C', 'D'].map((code, i) => {
    const n = i === 3 ? tenants - next : Math.round(tenants * split[i]);
    const members = Array.from({ length: n }, () => uscc(next++));
    return { code, ratioBp: ratios[i], members: members.sort() };
  });
  // A handful of targeted tenants beyond the graded ones, as a black list would give.
  const targeted = Array.from({ length: 20 }, (_, i) => ({ uscc: uscc(tenants + i), reason: 'black_list' }));
  const departments = [{ code: 'SAMR', inspectorsPerTask: 1 }, { code: 'TAX', inspectorsPerTask: 1 }];
  const pool = Array.from({ length: 100 }, (_, i) => ({
    code: `${i < 50 ? 'SAMR' : 'TAX'}-${String(i % 50).padStart(3, '0')}`,
    department: i < 50 ? 'SAMR' : 'TAX',
    // Conflicts and previous-draw exclusions spread over the frame.
    excluded: Array.from({ length: 5 }, (_, j) => ({ uscc: uscc((i * 7919 + j * 104729) % tenants), reason: j % 2 ? 'previous_draw' : 'conflict' })),
  }));
  return { frame: { strata, targeted, excluded: [] }, departments, pool };
}

function timed<T>(fn: () => T): { value: T; ms: number; cpuMs: number } {
  const cpu = process.cpuUsage();
  const start = performance.now();
  const value = fn();
  const used = process.cpuUsage(cpu);
  return { value, ms: performance.now() - start, cpuMs: (used.user + used.system) / 1000 };
}

export function runDrawEngineBench(tenants = 200_000): DrawEngineFigures {
  const { frame, departments, pool } = benchFrame(tenants);
  const seed = newSeed();
  const entropy = '福利彩票 2026068期 03 07 12 19 25 31 + 08';
  const hash = timed(() => frameHash(frame));
  const selection = timed(() => drawSelection(frame, drawKey(seed, entropy)));
  const assignment = timed(() => assignInspectors(selection.value.tasks, departments, pool, drawKey(seed, entropy)));
  const bundle: DrawBundle = {
    format: DRAW_FORMAT, drawId: 1, programmeId: 1, departments, frame, frameHash: hash.value, seedCommitment: seedCommitment(seed),
    committedAt: '2026-03-02T02:00:00.000Z', seed, publicEntropy: entropy, drawnAt: '2026-03-09T02:00:00.000Z',
    selected: selection.value.selected, inspectorPool: pool, assignments: assignment.value.assignments,
  };
  const text = JSON.stringify(bundle);
  const verification = timed(() => verifyBundle(JSON.parse(text)));
  if (!verification.value.ok) throw new Error(`bench bundle did not verify: ${verification.value.problems.slice(0, 3).join('; ')}`);

  // What the assignment would cost through node:crypto, one createHmac per (task, inspector) pair.
  const key = drawKey(seed, entropy);
  const sample = 20_000;
  const viaNode = timed(() => {
    for (let i = 0; i < sample; i++) createHmac('sha256', key).update(`inspector|${bundle.assignments[i % 1000].uscc}|${pool[i % 100].code}`).digest('hex');
  });
  const pairs = selection.value.tasks.length * pool.length;
  return {
    tenants, tasks: selection.value.tasks.length, inspectors: pool.length,
    selectionMs: selection.ms, assignmentMs: assignment.ms, frameHashMs: hash.ms,
    drawTotalMs: hash.ms + selection.ms + assignment.ms, drawCpuMs: hash.cpuMs + selection.cpuMs + assignment.cpuMs,
    bundleBytes: Buffer.byteLength(text), verifyMs: verification.ms, verifyCpuMs: verification.cpuMs,
    createHmacPerPairUs: (viaNode.ms * 1000) / sample, fastPerPairUs: (assignment.ms * 1000) / pairs,
  };
}

/**
 * The same draw through the parallel engine (worker threads, draw-engine.parallel.ts) beside the pure
 * one: wall time of the selection + assignment and of the verification, and a check that the
 * selection, the assignment and the verdict are the pure engine's, byte for byte.
 */
export async function runParallelEngineBench(tenants = 200_000): Promise<{ threads: number; drawMs: number; verifyMs: number; pureDrawMs: number; pureVerifyMs: number; identical: boolean }> {
  const { frame, departments, pool } = benchFrame(tenants);
  const seed = newSeed();
  const key = drawKey(seed, '');
  const pure = timed(() => {
    const selection = drawSelection(frame, key);
    return { selection, assignment: assignInspectors(selection.tasks, departments, pool, key) };
  });
  const engine = new ParallelDrawEngine();
  try {
    engine.warmUp();
    await new Promise((r) => setTimeout(r, 100));
    let t = performance.now();
    const selection = await engine.selection(frame, key);
    const assignment = await engine.assignment(selection.tasks, departments, pool, key);
    const drawMs = performance.now() - t;
    const bundle: DrawBundle = {
      format: DRAW_FORMAT, drawId: 1, programmeId: 1, departments, frame, frameHash: frameHash(frame), seedCommitment: seedCommitment(seed),
      committedAt: '2026-03-02T02:00:00.000Z', seed, publicEntropy: '', drawnAt: '2026-03-09T02:00:00.000Z',
      selected: selection.selected, inspectorPool: pool, assignments: assignment.assignments,
    };
    const text = JSON.stringify(bundle);
    t = performance.now();
    const verdict = await engine.verify(JSON.parse(text));
    const verifyMs = performance.now() - t;
    const parsed = JSON.parse(text) as unknown;
    const pureVerify = timed(() => verifyBundle(parsed));
    const identical = JSON.stringify({ selection, assignment }) === JSON.stringify(pure.value) && verdict.ok && JSON.stringify(verdict) === JSON.stringify(pureVerify.value);
    return { threads: (engine as unknown as { threads: number }).threads, drawMs, verifyMs, pureDrawMs: pure.ms, pureVerifyMs: pureVerify.ms, identical };
  } finally {
    await engine.close();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const tenants = Number(process.env.BENCH_TENANTS ?? 200_000);
  const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
  const f = (n: number) => n.toFixed(0).padStart(6);
  for (let r = 1; r <= rounds; r++) {
    const x = runDrawEngineBench(tenants);
    console.log(
      `round ${r}: ${x.tenants} tenants, ${x.tasks} tasks, ${x.inspectors} inspectors | frame hash ${f(x.frameHashMs)} ms, selection ${f(x.selectionMs)} ms, ` +
      `assignment ${f(x.assignmentMs)} ms (${x.fastPerPairUs.toFixed(2)} µs/pair; createHmac ${x.createHmacPerPairUs.toFixed(2)} µs/pair) → draw ${f(x.drawTotalMs)} ms wall, ${f(x.drawCpuMs)} ms CPU | ` +
      `verify ${(x.bundleBytes / 1e6).toFixed(1)} MB bundle ${f(x.verifyMs)} ms wall, ${f(x.verifyCpuMs)} ms CPU`,
    );
    const p = await runParallelEngineBench(tenants);
    console.log(
      `round ${r} parallel (${p.threads} threads): selection + assignment ${f(p.drawMs)} ms (pure ${f(p.pureDrawMs)} ms), `
      + `verify ${f(p.verifyMs)} ms (pure ${f(p.pureVerifyMs)} ms, both after JSON.parse) | identical to the pure engine: ${p.identical ? 'yes' : 'NO'}`,
    );
    if (!p.identical) process.exitCode = 1;
  }
}
