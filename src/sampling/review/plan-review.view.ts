import type { I18nService } from '../../i18n/i18n.service.js';
import { MONTHS } from '../domain/plan-review.rules.js';
import type { PlanReviewData } from './plan-review.service.js';

/** A probability as a percentage people read: 0%, <0.01%, 3.00%, 51.0%. */
export function percentText(p: number): string {
  if (p <= 0) return '0%';
  if (p < 0.0001) return '<0.01%';
  return `${(p * 100).toFixed(p < 0.1 ? 2 : 1)}%`;
}

const BAR = 220;

/** What the partial `sampling-plan-review` shows: the data with its sentences, table cells and bar widths in the reader's language. */
export function buildReviewView(data: PlanReviewData, ctx: { i18n: I18nService; locale: string; previousTitle: string }) {
  const { i18n, locale } = ctx;
  const t = (key: string, params: Record<string, unknown> = {}) => i18n.t(locale, `samplingReview.${key}`, params);
  const num = (n: number) => i18n.formatNumber(n, locale);
  const zh = locale !== 'en';

  const grades = data.grades.map((g, i) => ({
    grade: g.grade,
    label: g.ungraded ? t('gradeM', { grade: g.grade, n: num(g.ungraded) }) : g.grade,
    population: num(g.population), ratio: percentText(g.ratioBp / 10000), draws: num(g.calendarDraws), sample: num(g.samplePerDraw),
    pYear: percentText(g.pYear), expected: num(g.expectedInspections), cooldown: num(g.cooldown), targeted: num(g.targeted),
    zero: g.pYear === 0 && g.members > 0,
    y: i * 24 + 4, textY: i * 24 + 16, barWidth: Math.round(g.pYear * BAR), labelX: Math.round(g.pYear * BAR) + 30,
  }));
  const notes = data.grades.flatMap((g) => [
    ...(g.cooldown > 0 ? [`${g.grade}: ${t('averageNote', { p: percentText(g.pYearAverage) })}`] : []),
    ...(g.calendarDraws !== g.drawsPerYear ? [`${g.grade}: ${t('drawsMismatch', { calendar: g.calendarDraws, set: g.drawsPerYear })}`] : []),
  ]);

  const a = data.aGrade;
  const floor = data.floor;
  const floorLines = floor.cause === 'empty'
    ? [t('floorEmpty')]
    : floor.probability > 0
      ? [t('floorSampling', { p: percentText(floor.probability), grade: floor.grade })]
      : [t('floorZero'), ...floor.zeroCauses.map((z) => t(`cause.${z.cause}`, { grade: z.grade, n: num(z.tenants) })),
        ...(floor.samplingFloor ? [t('floorRest', { p: percentText(floor.samplingFloor.probability), grade: floor.samplingFloor.grade })] : [])];

  const drawMonths = MONTHS.filter((m) => data.workload.departments.some((d) => d.months.some((c) => c.month === m && c.draws > 0)));
  const monthLabel = (m: string) => t('month', { m: Number(m) });
  const departments = data.workload.departments.map((d) => ({
    code: d.code,
    title: t('department', { name: zh ? d.nameZh || d.code : d.nameEn || d.code, k: d.inspectorsPerTask, n: d.inspectors }),
    flagged: d.flagged,
    rows: d.months.filter((c) => c.draws > 0).map((c) => ({
      month: c.month, label: monthLabel(c.month), tasks: num(c.tasks), visits: num(c.visits), available: num(c.available), perInspector: num(c.perInspector),
      status: c.understaffed ? t('understaffed') : c.overloaded ? t('overloaded') : t('ok'), flagged: c.understaffed || c.overloaded,
      barWidth: Math.min(100, Math.round((c.perInspector / Math.max(1, data.workload.maxVisitsPerInspector * 2)) * 100)),
    })),
    months: drawMonths.map(monthLabel),
    people: d.people.map((p) => ({
      code: p.code, name: p.name,
      cells: drawMonths.map((m) => {
        const cell = p.months.find((x) => x.month === m)!;
        return { visits: num(cell.visits), overloaded: cell.overloaded, absent: cell.absentDays ? t('absent', { n: cell.absentDays }) : '' };
      }),
    })),
  }));

  const b = data.backTest;
  const stratumLabel = (s: string) => (s === 'T' ? t('targetedStratum') : s);
  const maxHits = Math.max(b.planHits, b.uniformHits, 1e-9);
  const backTest = {
    heading: t('backTestHeading', { year: b.year }),
    hasData: b.hasData,
    noData: b.hasData ? '' : t('noData', { reason: t(`noDataReason.${b.noDataReason ?? 'no_frames'}`) }),
    source: b.hasData && b.source !== 'none' ? t(`backTestSource.${b.source}`) : '',
    strata: b.strata.map((s) => ({
      stratum: s.stratum, label: stratumLabel(s.stratum), sample: num(s.sample), rate: percentText(s.rate), pooled: !s.ownRate, expectedHits: num(s.expectedHits),
    })),
    plan: t('planHits', { n: num(b.sampleSize), hits: num(b.planHits) }),
    uniform: t('uniformHits', { n: num(b.sampleSize), hits: num(b.uniformHits), rate: percentText(b.overallRate) }),
    lift: b.lift !== null ? t('lift', { x: num(b.lift) }) : '',
    planBar: Math.round((b.planHits / maxHits) * BAR), uniformBar: Math.round((b.uniformHits / maxHits) * BAR),
  };

  const rules = (text: string) => (text ? text.split(', ').map((r) => t(`rules.${r}`)).join('、') : '');
  const diff = data.diff && {
    of: t('diffOf', { title: ctx.previousTitle, revision: data.diff.previousRevision }),
    previousId: data.diff.previousId,
    changes: t('diffChanges', { n: data.diff.changes }),
    rows: data.diff.rows.map((r) => {
      const show = (v: string) => (r.key === 'targetedRules' ? rules(v) : v) || t('none');
      return { key: r.key, label: t(`diff.${r.key}`, r.params), before: show(r.before), after: show(r.after), changed: r.changed };
    }),
  };

  return {
    data,
    basis: data.gradesMonth ? t('basis', { month: data.gradesMonth, on: data.on }) : t('basisNone', { on: data.on }),
    tenantsLine: t('tenants', { n: num(data.tenants), targeted: num(data.targeted.total) }),
    grades, chartHeight: grades.length * 24 + 4, notes,
    targetedLine: t('targetedLine', { n: num(data.targeted.total), expected: num(data.targeted.expectedInspections) }),
    totalLine: t('totalLine', { draws: num(data.totalDraws), expected: num(data.expectedInspections) }),
    promise: a.expectedPerYear > 0 ? t('promise', { n: num(a.expectedPerYear), years: num(a.everyYears ?? 0) }) : t('promiseNever'),
    promiseAverage: a.expectedPerYear > 0 && a.average !== a.expectedPerYear ? t('promiseAverage', { n: num(a.average) }) : '',
    floor: { zero: floor.probability === 0, cause: floor.cause, lines: floorLines },
    workload: {
      intro: t('workloadIntro', { max: data.workload.maxVisitsPerInspector }), flagged: data.workload.flagged,
      summary: data.workload.flagged ? t('workloadFlagged') : t('workloadOk'), noDraws: drawMonths.length ? '' : t('noDrawMonths'), departments,
    },
    backTest,
    diff,
    noPrevious: t('noPrevious'),
  };
}

export type PlanReviewView = ReturnType<typeof buildReviewView>;
