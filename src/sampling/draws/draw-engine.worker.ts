import { parentPort } from 'node:worker_threads';
import { inspectorWords, rankDigests } from '../domain/draw.rules.js';
import type { EngineJob, EngineResult } from './draw-engine.parallel.js';

/**
 * A worker thread of the parallel draw engine (draw-engine.parallel.ts): hashes the part of the
 * draw it is sent with the pure engine's own functions, and sends the digests back (transferred).
 */
function handle(job: EngineJob): EngineResult {
  const key = new Uint8Array(job.key);
  if (job.kind === 'ranks') {
    const digests = job.slices.map((slice) => {
      const members = slice.members.split('\n');
      if (members.length !== slice.count) throw new Error('a member code contains a line break');
      return rankDigests(key, slice.stratum, members);
    });
    return { kind: 'ranks', digests };
  }
  const usccs = job.usccs.split('\n');
  if (usccs.length !== job.count) throw new Error('a task code contains a line break');
  return { kind: 'words', words: inspectorWords(key, usccs, job.codes, new Uint8Array(job.wanted)) };
}

/** Compiles and warms the hashing code as the thread starts (the engine starts its workers before it needs them). */
function warmUp(): void {
  const key = new Uint8Array(32).fill(7);
  const usccs = Array.from({ length: 2000 }, (_, i) => `91440300MA${String(i).padStart(8, '0')}`);
  rankDigests(key, 'A', usccs);
  const codes = Array.from({ length: 50 }, (_, i) => `WARM-${i}`);
  inspectorWords(key, usccs.slice(0, 40), codes, new Uint8Array(codes.length).fill(1));
}
warmUp();

parentPort?.on('message', (job: EngineJob) => {
  try {
    const result = handle(job);
    const buffers = result.kind === 'ranks' ? result.digests.map((d) => d.buffer) : [result.words.buffer];
    parentPort?.postMessage({ ok: true, result }, buffers as ArrayBuffer[]);
  } catch (err) {
    parentPort?.postMessage({ ok: false, error: err instanceof Error ? err.message : String(err) });
  }
});
