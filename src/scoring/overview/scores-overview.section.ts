import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import { isManager, isRegulator } from '../../accounts/domain/access-policy.js';
import type { Principal } from '../../common/principal.js';
import { HomeSection } from '../../home/home-sections.js';
import { I18nService } from '../../i18n/i18n.service.js';
import { TenantsQueries } from '../../tenants/tenants.queries.js';
import { distributionSvg, gradeShares, trendSvg } from '../domain/score-charts.rules.js';
import { RulebookVersionEntity } from '../entities/rulebook-version.entity.js';
import { ScoreMonthEntity } from '../entities/score-month.entity.js';
import { ScoreObjectionEntity } from '../entities/score-objection.entity.js';
import { MonthScoresCache, type Mover } from './month-scores.cache.js';

/** Published months the trend covers. */
const TREND_MONTHS = 12;

const GRADE_LABELS = { A: 'A', B: 'B', C: 'C', D: 'D', M: 'M' } as const;

/**
 * The park at a glance on the home page of park staff and regulators: the last published month's
 * distribution by grade and its trend over the published months (SVG with the same figures as a
 * table), the biggest movers, open objections, and what waits for them — a regulator: rulebook
 * versions to approve and months to countersign; staff: months ready to publish. Nothing for others.
 */
@Injectable()
export class ScoresOverviewSection {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly monthScores: MonthScoresCache,
    private readonly tenants: TenantsQueries,
    private readonly i18n: I18nService,
  ) {}

  @HomeSection({ partial: 'home-scores-overview', order: 5 })
  async section(principal: Principal): Promise<Record<string, unknown> | null> {
    const regulator = isRegulator(principal);
    const staff = isManager(principal);
    if (!regulator && !staff) return null;
    const locale = principal.locale ?? this.i18n.defaultLocale;
    const t = (key: string) => this.i18n.t(locale, `scoringOverview.home.${key}`);
    const today = this.i18n.today();
    const repo = this.dataSource.getRepository(ScoreMonthEntity);
    const [published, open, pendingVersions] = await Promise.all([
      this.monthScores.published({ last: TREND_MONTHS }),
      repo.find({ where: { status: In(['draft', 'countersigned']) }, order: { month: 'ASC' } }),
      regulator
        ? this.dataSource.getRepository(RulebookVersionEntity).find({ where: { status: 'pending' }, order: { submittedAt: 'ASC' }, select: { id: true, version: true, effectiveFrom: true, submittedAt: true } })
        : Promise.resolve([]),
    ]);
    const lastMonth = published.at(-1);
    const [scores, movers, objectionCounts] = await Promise.all([
      this.monthScores.scores(published),
      lastMonth ? this.monthScores.moversOf(lastMonth) : Promise.resolve({ up: [], down: [] }),
      this.openObjections(open.map((m) => m.id)),
    ]);
    const last = scores.at(-1) ?? null;
    const names = await this.tenants.summaries([...movers.up, ...movers.down].map((m) => m.tenantId));
    const mover = (m: Mover) => ({ ...m, name: names.get(m.tenantId)?.name ?? `#${m.tenantId}`, link: `/scores/${last!.month}/tenants/${m.tenantId}` });
    const trend = scores.map((s) => ({ month: s.month, tenants: s.tenantIds.length, shares: gradeShares(s.counts) }));
    const lastShares = last ? gradeShares(last.counts) : [];
    const objections = open.map((m) => ({ month: m.month, count: objectionCounts.get(m.id) ?? 0 })).filter((o) => o.count > 0);
    return {
      staff, regulator,
      last: last && {
        month: last.month, tenants: last.tenantIds.length, shares: lastShares,
        chart: distributionSvg(lastShares, { title: `${t('distribution')} · ${last.month}`, labels: GRADE_LABELS }),
        up: movers.up.map(mover), down: movers.down.map(mover),
      },
      trend: trend.length > 1 ? { months: trend, chart: trendSvg(trend.map((c) => ({ label: c.month, shares: c.shares })), { title: t('trend'), labels: GRADE_LABELS }) } : null,
      objections, objectionsTotal: objections.reduce((s, o) => s + o.count, 0),
      rulebookPending: pendingVersions.map((v) => ({ id: v.id, version: v.version, effectiveFrom: v.effectiveFrom })),
      toCountersign: regulator ? open.filter((m) => m.status === 'draft').map((m) => ({ month: m.month, objectionClosesOn: m.objectionClosesOn })) : [],
      toPublish: staff
        ? open.filter((m) => m.status === 'countersigned' && !(objectionCounts.get(m.id) ?? 0) && (!m.objectionClosesOn || m.objectionClosesOn < today)).map((m) => ({ month: m.month }))
        : [],
      annualYear: last ? last.month.slice(0, 4) : today.slice(0, 4),
    };
  }

  /** Unanswered objections per month, for the months still under review (few). */
  private async openObjections(monthIds: number[]): Promise<Map<number, number>> {
    if (!monthIds.length) return new Map();
    const rows = await this.dataSource.getRepository(ScoreObjectionEntity).createQueryBuilder('o')
      .select('o.monthId', 'monthId').addSelect('COUNT(*)', 'n')
      .where('o.monthId IN (:...monthIds)', { monthIds }).andWhere("o.status = 'open'").groupBy('o.monthId').getRawMany<{ monthId: unknown; n: unknown }>();
    return new Map(rows.map((r) => [Number(r.monthId), Number(r.n)]));
  }
}
