import { readFile, stat } from 'node:fs/promises';
import { ParallelDrawEngine } from '../sampling/draws/draw-engine.parallel.js';

/** A bundle of 200,000 tenants is ~8 MB; anything this large is not a draw bundle. */
export const MAX_BUNDLE_BYTES = 200 * 1024 * 1024;

/** From this size on (a few thousand tenants) the worker threads are started before the bundle is parsed. */
const WARM_UP_FROM_BYTES = 1024 * 1024;

export interface VerifyOutcome {
  /** 0 verified, 1 mismatches found, 2 the file could not be read as a bundle. */
  exitCode: 0 | 1 | 2;
  lines: string[];
}

/** `sampling:verify <bundle.json>`: reads the file and recomputes the draw from it alone (DESIGN.md §5). */
export async function verifyBundleFile(path: string, maxBytes = MAX_BUNDLE_BYTES): Promise<VerifyOutcome> {
  let size: number;
  try {
    const info = await stat(path);
    if (!info.isFile()) return { exitCode: 2, lines: [`${path} is not a file`] };
    size = info.size;
  } catch {
    return { exitCode: 2, lines: [`cannot read ${path}: no such file`] };
  }
  if (size > maxBytes) return { exitCode: 2, lines: [`${path} is ${Math.ceil(size / 1024 / 1024)} MB, over the ${Math.floor(maxBytes / 1024 / 1024)} MB a draw bundle can be; not read`] };
  // A large bundle's worker threads start (and warm up) while the file is read and parsed.
  const engine = new ParallelDrawEngine();
  if (size > WARM_UP_FROM_BYTES) engine.warmUp();
  let result;
  try {
    let bundle: unknown;
    try {
      bundle = JSON.parse(await readFile(path, 'utf8'));
    } catch (err) {
      return { exitCode: 2, lines: [`${path} is not valid JSON: ${err instanceof Error ? err.message : String(err)}`] };
    }
    // The pure verifier (verifyBundle), its HMACs shared out over the cores: the same verdict.
    result = await engine.verify(bundle);
  } finally {
    await engine.close();
  }
  if (result.ok) {
    return {
      exitCode: 0,
      lines: [`OK: draw ${result.drawId} — frame hash, commitment, selection (${result.selected}) and assignment (${result.tasks} tasks) recomputed`],
    };
  }
  return { exitCode: 1, lines: [`FAILED: ${result.problems.length} problem(s) in ${path}`, ...result.problems.map((p) => `  ${p}`)] };
}
