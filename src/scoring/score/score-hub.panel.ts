import { Injectable } from '@nestjs/common';
import { canReadTenant, isOfficerOf } from '../../accounts/domain/access-policy.js';
import type { Principal } from '../../common/principal.js';
import { I18nService, isLocale } from '../../i18n/i18n.service.js';
import { HubPanel } from '../../tenants/hub-panels.js';
import { trendOf } from '../domain/score-history.rules.js';
import { signedText } from './explanation.view.js';
import { LiveScoreService } from './live-score.service.js';
import { TenantScoreQueries } from './tenant-score.queries.js';

/** Published months the hub's trend line shows. */
const TREND_MONTHS = 6;

/**
 * The tenant hub's score card: today's score and grade, the change against the last published
 * month, the last few published months, the month in review. Readers and the tenant's own officers;
 * for its officers (whose home is this hub) also the three things that would raise the score most.
 */
@Injectable()
export class ScoreHubPanel {
  constructor(private readonly live: LiveScoreService, private readonly queries: TenantScoreQueries, private readonly i18n: I18nService) {}

  @HubPanel({ partial: 'hub-score', order: 5, half: true })
  async panel(tenantId: number, principal: Principal): Promise<Record<string, unknown> | null> {
    if (!canReadTenant(principal, tenantId)) return null;
    const asOf = this.i18n.today();
    const officer = isOfficerOf(principal, tenantId);
    const locale = isLocale(principal.locale) ? principal.locale : this.i18n.defaultLocale;
    const [{ score, raisers }, published, review] = await Promise.all([
      officer
        ? this.live.raisers(tenantId, asOf, locale, 3).then((r) => ({ score: r.current, raisers: r.raisers }))
        : this.live.scoreToday(tenantId, asOf).then((score) => ({ score, raisers: null })),
      this.queries.published(tenantId, TREND_MONTHS),
      this.queries.inReview(tenantId),
    ]);
    const last = published[0];
    const trend = last ? trendOf(score.total, last.score) : null;
    return {
      tenantId, asOf, officer, total: score.total, grade: score.grade, held: score.gradeNote?.kind ?? null,
      last: last ? { month: last.month, score: last.score, grade: last.grade, percentile: last.percentile } : null,
      trend, trendText: trend ? signedText(trend.delta) : null,
      months: [...published].reverse().map((m) => ({ month: m.month, score: m.score, grade: m.grade })),
      raisers: raisers?.map((r) => ({ key: r.option.key, label: r.option.label, link: r.option.link, gain: signedText(r.gain), total: r.total })) ?? null,
      review: review ? { month: review.month, score: review.score, grade: review.grade, disputed: review.openObjections > 0 } : null,
    };
  }
}
