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
