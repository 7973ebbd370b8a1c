import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import {
  assignInspectors, drawSelection, finishVerification, participating, prepareVerification, sampleSize,
  type DrawAssignment, type DrawDepartment, type DrawFlagged, type DrawFrame, type DrawPoolInspector, type DrawSelected, type DrawTask,
  type DrawVerification,
} from '../domain/draw.rules.js';

/**
 * The draw engine off the calling thread: the pure engine (domain/draw.rules.ts) decides, this only
 * computes its HMACs in parts, one per worker thread, and hands them back to the pure functions: the
 * rank digests of the stratum members (drawSelection's `digests`) and the first words of the inspector
 * HMACs (assignInspectors' `words`). The sequential parts (the smallest ranks, the load caps) stay on
 * the calling thread, so the result is the pure engine's, byte for byte (draw-engine.parallel.spec.ts,
 * and the bench compares both). By default it starts one worker fewer than the cores: a draw's own
 * database work (the task and assignment rows the calling thread sends while the workers hash, and the
 * database server writing them) needs a core too; on two cores one worker drew 200,000 tenants in
 * 2.3 s where two took 3.2 s. Small draws, a single core, or running from the TypeScript sources
 * (tests: no compiled worker) use the pure engine in-process; so does any failure of a worker.
 */
export type EngineJob =
  | { kind: 'ranks'; key: Uint8Array; slices: { stratum: string; members: string; count: number }[] }
  | { kind: 'words'; key: Uint8Array; usccs: string; count: number; codes: string[]; wanted: Uint8Array };
export type EngineResult = { kind: 'ranks'; digests: Int32Array[] } | { kind: 'words'; words: Uint32Array };

/** Below this many HMACs a part is not worth a thread (a worker starts in ~30 ms). */
const MIN_PARALLEL_HMACS = 100_000;

const WORKER_URL = new URL('./draw-engine.worker.js', import.meta.url);

/** Whether worker threads can run the engine: a compiled worker beside this file (not under the TypeScript sources) and more than one core. */
function workersAvailable(): boolean {
  return import.meta.url.endsWith('.js') && existsSync(fileURLToPath(WORKER_URL)) && availableParallelism() > 1;
}

/** [from, to) of part `i` of `parts` over n. */
const range = (n: number, parts: number, i: number): [number, number] => [Math.floor((n * i) / parts), Math.floor((n * (i + 1)) / parts)];

export class ParallelDrawEngine {
  private readonly threads: number;
  private workers: Worker[] | null = null;
  private broken = false;

  /** `threads`: worker threads (0: the pure engine in-process). */
  constructor(threads = Math.min(availableParallelism() - 1, 8)) {
    this.threads = workersAvailable() ? Math.max(0, threads) : 0;
  }

  /** The worker threads a large draw is shared out over (0: the pure engine in-process). */
  get threadCount(): number {
    return this.broken ? 0 : this.threads;
  }

  /** Starts the worker threads now (e.g. before reading the frame, so that they boot meanwhile). */
  warmUp(): this {
    if (this.threads > 0) this.pool();
    return this;
  }

  private pool(): Worker[] {
    if (!this.workers) {
      this.workers = Array.from({ length: this.threads }, () => {
        const worker = new Worker(WORKER_URL);
        worker.unref();
        return worker;
      });
    }
    return this.workers;
  }

  /** Ends the worker threads. */
  async close(): Promise<void> {
    const workers = this.workers ?? [];
    this.workers = null;
    await Promise.all(workers.map((w) => w.terminate()));
  }

  private send(worker: Worker, job: EngineJob): Promise<EngineResult> {
    return new Promise((resolve, reject) => {
      const done = (message: { ok: boolean; result?: EngineResult; error?: string }) => {
        worker.off('error', failed);
        if (message.ok && message.result) resolve(message.result);
        else reject(new Error(message.error ?? 'draw engine worker failed'));
      };
      const failed = (err: Error) => {
        worker.off('message', done);
        reject(err);
      };
      worker.once('message', done);
      worker.once('error', failed);
      worker.postMessage(job);
    });
  }

  /** One job per worker (part i to worker i); undefined when a worker failed (the caller then computes in-process). */
  private async shared(jobs: EngineJob[]): Promise<EngineResult[] | undefined> {
    const workers = this.pool();
    try {
      return await Promise.all(jobs.map((job, i) => this.send(workers[i], job)));
    } catch {
      this.broken = true;
      return undefined;
    }
  }

  private parallel(hmacs: number): boolean {
    return this.threads > 0 && !this.broken && hmacs >= MIN_PARALLEL_HMACS;
  }

  /** drawSelection, with the strata's rank digests computed in parts. */
  async selection(frame: DrawFrame, key: Uint8Array): Promise<{ selected: DrawSelected[]; tasks: DrawTask[] }> {
    const hashed = frame.strata.map((s) => (sampleSize(s.members.length, s.ratioBp) > 0 ? s.members.length : 0));
    if (!this.parallel(hashed.reduce((a, b) => a + b, 0))) return drawSelection(frame, key);
    const parts = this.threads;
    const jobs: EngineJob[] = [];
    for (let part = 0; part < parts; part++) {
      jobs.push({
        kind: 'ranks', key,
        slices: frame.strata.map((s, i) => {
          const [from, to] = hashed[i] ? range(s.members.length, parts, part) : [0, 0];
          return { stratum: s.code, members: s.members.slice(from, to).join('\n'), count: to > from ? to - from : 1 };
        }),
      });
    }
    const out = await this.shared(jobs);
    if (!out) return drawSelection(frame, key);
    const digests = frame.strata.map((s, i) => {
      if (!hashed[i]) return undefined;
      const all = new Int32Array(s.members.length * 8);
      for (let part = 0; part < parts; part++) {
        const result = out[part];
        if (result.kind !== 'ranks') return undefined;
        const [from, to] = range(s.members.length, parts, part);
        all.set(result.digests[i].subarray(0, (to - from) * 8), from * 8);
      }
      return all;
    });
    return drawSelection(frame, key, digests);
  }

  /** The inspector HMACs' first words for the tasks (assignInspectors' `words`), computed in parts; undefined for the in-process path. */
  private async words(tasks: readonly Pick<DrawTask, 'uscc'>[], departments: readonly DrawDepartment[], pool: readonly DrawPoolInspector[], key: Uint8Array): Promise<Uint32Array | undefined> {
    const wanted = participating(departments, pool);
    const hmacs = tasks.length * wanted.reduce((n, w) => n + w, 0);
    if (!this.parallel(hmacs)) return undefined;
    const usccs = tasks.map((t) => t.uscc);
    const codes = pool.map((p) => p.code);
    const parts = this.threads;
    const jobs: EngineJob[] = [];
    for (let part = 0; part < parts; part++) {
      const [from, to] = range(usccs.length, parts, part);
      jobs.push({ kind: 'words', key, usccs: usccs.slice(from, to).join('\n'), count: to > from ? to - from : 1, codes, wanted });
    }
    const out = await this.shared(jobs);
    if (!out) return undefined;
    const all = new Uint32Array(usccs.length * codes.length);
    for (let part = 0; part < parts; part++) {
      const result = out[part];
      if (result.kind !== 'words') return undefined;
      const [from, to] = range(usccs.length, parts, part);
      all.set(result.words.subarray(0, (to - from) * codes.length), from * codes.length);
    }
    return all;
  }

  /** assignInspectors, with the inspector HMACs computed in parts. */
  async assignment(
    tasks: readonly Pick<DrawTask, 'uscc'>[], departments: readonly DrawDepartment[], pool: readonly DrawPoolInspector[], key: Uint8Array,
  ): Promise<{ assignments: DrawAssignment[]; flagged: DrawFlagged[] }> {
    return assignInspectors(tasks, departments, pool, key, await this.words(tasks, departments, pool, key));
  }

  /** verifyBundle, with the selection's and the assignment's HMACs computed in parts. */
  async verify(bundle: unknown): Promise<DrawVerification> {
    const prepared = prepareVerification(bundle);
    if ('verdict' in prepared) return prepared.verdict;
    const { plan } = prepared;
    const expected = await this.selection(plan.bundle.frame, plan.key);
    const words = await this.words(expected.tasks, plan.bundle.departments, plan.bundle.inspectorPool, plan.key);
    return finishVerification(plan, expected, words);
  }
}

/** One run of the parallel engine: opened, used, closed (the workers end with it). */
export async function withDrawEngine<T>(run: (engine: ParallelDrawEngine) => Promise<T>): Promise<T> {
  const engine = new ParallelDrawEngine();
  try {
    return await run(engine);
  } finally {
    await engine.close();
  }
}
