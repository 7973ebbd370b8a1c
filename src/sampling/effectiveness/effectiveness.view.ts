import type { EffectivenessReport, StratumEffectiveness } from '../domain/effectiveness.rules.js';
import type { DrawRef, ProgrammeRef } from './effectiveness.service.js';

/** What the pages and the JSON show of a report: numbers rounded for people, bars sized for a 390 px screen. */

const pct = (x: number | null): string | null => (x === null ? null : `${(x * 100).toFixed(1)}%`);
const num = (x: number | null, digits = 1): string | null => (x === null ? null : Number.isInteger(x) ? String(x) : x.toFixed(digits));

/** Width of the SVG bar area (viewBox units): the label column is 96 wide and the value 56. */
const BAR_WIDTH = 160;

export interface StratumRow {
  stratum: string;
  population: number;
  tasks: number;
  inclusion: string | null;
  recorded: number;
  unrecorded: number;
  clean: number;
  problems: number;
  notFound: number;
  hits: number;
  hitRate: string | null;
  estimatedViolators: string | null;
  enoughData: boolean;
}

export interface BarRow {
  key: string;
  value: string;
  width: number;
  y: number;
  textY: number;
}

const row = (s: StratumEffectiveness): StratumRow => ({
  stratum: s.stratum, population: s.population, tasks: s.tasks, inclusion: pct(s.inclusionProbability), recorded: s.recorded, unrecorded: s.unrecorded,
  clean: s.clean, problems: s.problems, notFound: s.notFound, hits: s.hits, hitRate: pct(s.hitRate), estimatedViolators: num(s.estimatedViolators), enoughData: s.enoughData,
});

function bars(items: { key: string; value: number | null; label: string }[], max: number): { rows: BarRow[]; height: number } {
  const rows = items.map((it, i) => ({
    key: it.key, value: it.label, width: it.value === null || max <= 0 ? 0 : Math.max(it.value > 0 ? 1 : 0, Math.round((BAR_WIDTH * it.value) / max)), y: 6 + i * 24, textY: 18 + i * 24,
  }));
  return { rows, height: 12 + items.length * 24 };
}

/** The view model of a report (shared by the draw and the programme pages). */
export function reportView(r: EffectivenessReport) {
  const withTasks = r.strata.filter((s) => s.population > 0 || s.tasks > 0);
  const hitRateBars = bars(withTasks.map((s) => ({ key: s.stratum, value: s.hitRate, label: pct(s.hitRate) ?? '—' })), 1);
  const expected = r.uniform.uniformExpectedHits;
  const comparisonBars = bars([
    { key: 'actual', value: r.uniform.actualHits, label: String(r.uniform.actualHits) },
    { key: 'uniform', value: expected, label: num(expected) ?? '—' },
  ], Math.max(r.uniform.actualHits, expected ?? 0));
  return {
    strata: withTasks.map(row),
    total: { ...r.total, hitRate: pct(r.total.hitRate), estimatedViolators: num(r.total.estimatedViolators) },
    hasResults: r.total.recorded > 0,
    hitRateBars, comparisonBars,
    estimate: {
      population: r.estimate.population, rate: pct(r.estimate.rate), estimatedViolators: num(r.estimate.estimatedViolators),
      interval: r.estimate.interval ? { low: pct(r.estimate.interval.low), high: pct(r.estimate.interval.high) } : null,
      notEnoughData: r.estimate.notEnoughData, uncovered: r.estimate.uncovered,
    },
    uniform: { sampleSize: r.uniform.sampleSize, actualHits: r.uniform.actualHits, expected: num(expected), lift: r.uniform.lift === null ? null : r.uniform.lift.toFixed(2) },
  };
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export const drawJson = (d: DrawRef) => ({ id: d.id, programmeId: d.programmeId, seq: d.seq, grades: d.grades, status: d.status, drawAt: iso(d.drawAt), drawnAt: iso(d.drawnAt) });
export const programmeJson = (p: ProgrammeRef) => ({ ...p });
