import { SAMPLING_GRADES, type SamplingGrade } from '../domain/sampling-kinds.js';

/**
 * Small pure rules of the draws part: the grades a draw includes, how a flagged task's reason is
 * recorded, what the public may see of a draw. Pure: no framework.
 */

/** A draw's `grades` column (e.g. `ABCD`, `CD`) as grades in A–D order, unknown letters dropped. */
export function drawGrades(text: string): SamplingGrade[] {
  return SAMPLING_GRADES.filter((g) => text.toUpperCase().includes(g));
}

/** A flagged task's reason as stored on the task: `<department code> <got>/<wanted>` per short department. */
export function flaggedReason(f: { department: string; wanted: number; got: number }): string {
  return `${f.department} ${f.got}/${f.wanted}`;
}

/** Public pages show a draw once announced; planned and cancelled draws are internal. */
export function isPublicDraw(status: string): boolean {
  return status === 'announced' || status === 'drawn';
}

/** Whether a regulator may still enter public entropy: announced and before the draw time. */
export function entropyOpen(d: { status: string; drawAt: Date }, now: Date): boolean {
  return d.status === 'announced' && d.drawAt.getTime() > now.getTime();
}

/** Whether "run now" applies: not drawn or cancelled, and the draw time has come. */
export function runnable(d: { status: string; drawAt: Date }, now: Date): boolean {
  return (d.status === 'planned' || d.status === 'announced') && d.drawAt.getTime() <= now.getTime();
}

/** The public name of a frame kind: targeted tenants are 重点检查对象; strata are numbered layers, never grades. */
export function publicLayer(kind: string, strataOrder: readonly string[]): { targeted: boolean; layer: number | null } {
  if (kind === 'T') return { targeted: true, layer: null };
  const i = strataOrder.indexOf(kind);
  return { targeted: false, layer: i < 0 ? null : i + 1 };
}

/** Length limit of the public entropy value (the column's size). */
export const ENTROPY_MAX = 200;

/**
 * The tenant ids a stored frame text part lists beside its lines (`12,7,9`, one per line; the parts' lists one after
 * another) as one Int32Array, read digit by digit: no 200,000 strings to split and convert. Undefined when a list
 * holds anything but positive whole numbers below 2^31 separated by single commas (an empty part lists none).
 */
export function parseIdList(parts: readonly string[]): Int32Array | undefined {
  let count = 0;
  for (const text of parts) if (text.length) count += 1 + countOf(text, 44);
  const out = new Int32Array(count);
  let at = 0;
  for (const text of parts) {
    if (!text.length) continue;
    let value = 0;
    let digits = 0;
    for (let i = 0; i <= text.length; i++) {
      const c = i < text.length ? text.charCodeAt(i) : 44;
      if (c === 44) {
        if (digits === 0 || value === 0) return undefined;
        out[at++] = value;
        value = 0;
        digits = 0;
      } else if (c >= 48 && c <= 57) {
        if (digits === 0 && c === 48 && i + 1 < text.length && text.charCodeAt(i + 1) !== 44) return undefined;
        value = value * 10 + (c - 48);
        if (value > 0x7fffffff) return undefined;
        digits++;
      } else {
        return undefined;
      }
    }
  }
  return out;
}

/** How many times the character code `c` occurs in `text`. */
function countOf(text: string, c: number): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === c) n++;
  return n;
}
