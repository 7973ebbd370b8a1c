import { Injectable } from '@nestjs/common';
import { isTenantOfficer } from '../../accounts/domain/access-policy.js';
import type { Principal } from '../../common/principal.js';
import { HomeSection } from '../../home/home-sections.js';
import { I18nService } from '../../i18n/i18n.service.js';
import type { Locale } from '../../i18n/messages/index.js';
import { isLocale } from '../../i18n/i18n.service.js';
import { trendOf } from '../domain/score-history.rules.js';
import { signedText } from './explanation.view.js';
import { LiveScoreService } from './live-score.service.js';
import { TenantScoreQueries } from './tenant-score.queries.js';

/**
 * A tenant officer's home: the tenant's score and grade today, the change against the last
 * published month, and the three things that would raise the score most (each alone, through the
 * pillars' what-if options), each with a link to do it. Nothing for other roles or an unbound officer.
 */
@Injectable()
export class ScoreHomeSection {
  constructor(private readonly live: LiveScoreService, private readonly queries: TenantScoreQueries, private readonly i18n: I18nService) {}

  @HomeSection({ partial: 'home-my-score', order: 1 })
  async section(principal: Principal): Promise<Record<string, unknown> | null> {
    if (!isTenantOfficer(principal) || principal.tenantId == null) return null;
    const tenantId = principal.tenantId;
    const locale: Locale = isLocale(principal.locale) ? principal.locale : this.i18n.defaultLocale;
    const asOf = this.i18n.today();
    const [{ current, raisers }, published] = await Promise.all([
      this.live.raisers(tenantId, asOf, locale, 3),
      this.queries.published(tenantId, 1),
    ]);
    const last = published[0];
    const trend = last ? trendOf(current.total, last.score) : null;
    return {
      tenantId, total: current.total, grade: current.grade,
      last: last ? { month: last.month, score: last.score, grade: last.grade, percentile: last.percentile } : null,
      trend, trendText: trend ? signedText(trend.delta) : null,
      raisers: raisers.map((r) => ({ key: r.option.key, label: r.option.label, link: r.option.link, gain: signedText(r.gain), total: r.total })),
    };
  }
}
