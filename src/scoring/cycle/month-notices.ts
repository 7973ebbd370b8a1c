import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In, MoreThan } from 'typeorm';
import { UsersQueries } from '../../accounts/users.queries.js';
import { UnitOfWork } from '../../database/unit-of-work.js';
import { I18nService } from '../../i18n/i18n.service.js';
import { LOCALES } from '../../i18n/messages/index.js';
import { NotificationsService, type NoticeInput } from '../../notifications/notifications.service.js';
import { RulebookService } from '../core/rulebook.service.js';
import { ScoreHistoryQueries } from '../core/score-history.queries.js';
import { contributionDiff } from '../domain/contribution-diff.js';
import { readExplanation, type StoredExplanation } from '../domain/month-cycle.rules.js';
import { itemFor, type Rulebook } from '../domain/rulebook.js';
import { ScoreMonthEntity, type ScoreMonthStatus } from '../entities/score-month.entity.js';
import { ScoreSnapshotEntity } from '../entities/score-snapshot.entity.js';
import { signedText } from '../score/explanation.view.js';

/** Tenants whose officers are told at a time, each batch in its own transaction. */
export const NOTICE_BATCH = 500;
/** Reasons named in a notice; the page has them all. */
const REASONS = 5;

/** What one kind of month notice tells (the draft, the publication). */
export interface MonthNoticeKind {
  /** Template under views/emails; also the dedupe key's prefix (`<template>:<monthId>`). */
  template: string;
  /** The snapshot columns holding the score and grade told: the draft's, or the frozen published pair. */
  score: 'score' | 'publishedScore';
  grade: 'grade' | 'publishedGrade';
  /** Further snapshot columns `params` reads. */
  columns?: (keyof ScoreSnapshotEntity)[];
  /** Parameters of one tenant's notice beyond month, score, grade, change and reasons. */
  params?: (row: ScoreSnapshotEntity) => Record<string, string | number>;
}

/**
 * Tells the officers of every tenant of a month its score, grade, change against the last published
 * month and the reasons (contributionDiff against that month), in batches of tenants walked by id,
 * one transaction a batch; the draft and publication notice jobs both go through here. Idempotent:
 * the dedupe key is per month and kind, so a redelivered job or a repeated call sends nothing new.
 */
@Injectable()
export class MonthNotices {
  private readonly logger = new Logger('MonthNotices');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly uow: UnitOfWork,
    private readonly notifications: NotificationsService,
    private readonly users: UsersQueries,
    private readonly history: ScoreHistoryQueries,
    private readonly rulebooks: RulebookService,
    private readonly i18n: I18nService,
  ) {}

  /** The month a job's `{ monthId }` names, or null (logged) when there is none or its status is not one of `statuses`. */
  async monthOf(data: Record<string, unknown>, statuses: readonly ScoreMonthStatus[], template: string): Promise<ScoreMonthEntity | null> {
    const monthId = Number(data.monthId);
    const month = Number.isInteger(monthId) ? await this.dataSource.getRepository(ScoreMonthEntity).findOneBy({ id: monthId }) : null;
    if (!month || !statuses.includes(month.status)) {
      this.logger.log(`${template}: month ${String(data.monthId)} is ${month?.status ?? 'unknown'}: no notices`);
      return null;
    }
    return month;
  }

  /** Notifies every tenant's officers of `month`; returns how many outbox messages were created. */
  async notify(month: ScoreMonthEntity, kind: MonthNoticeKind): Promise<number> {
    const [previous] = await this.history.publishedMonthsBefore(month.month, 1);
    const rulebook = await this.rulebooks.inForce(month.asOf);
    const repo = this.dataSource.getRepository(ScoreSnapshotEntity);
    const select = Object.fromEntries(
      ['id', 'tenantId', 'previousScore', 'explanation', kind.score, kind.grade, ...(kind.columns ?? [])].map((c) => [c, true]),
    ) as Partial<Record<keyof ScoreSnapshotEntity, true>>;
    let notified = 0;
    let after = 0;
    for (;;) {
      const rows = await repo.find({ select, where: { monthId: month.id, tenantId: MoreThan(after) }, order: { tenantId: 'ASC' }, take: NOTICE_BATCH });
      if (!rows.length) break;
      after = rows[rows.length - 1].tenantId;
      const ids = rows.map((r) => r.tenantId);
      const [officers, before] = await Promise.all([
        this.users.officersOf(ids),
        previous ? repo.find({ select: { tenantId: true, explanation: true }, where: { monthId: previous.id, tenantId: In(ids) } }) : Promise.resolve([]),
      ]);
      const beforeOf = new Map(before.map((b) => [b.tenantId, readExplanation(b.explanation).contributions]));
      const notices: NoticeInput[] = rows.map((r) => {
        const score = r[kind.score] ?? 0;
        return {
          userIds: officers.get(r.tenantId) ?? [],
          template: kind.template,
          params: {
            month: month.month, score, grade: r[kind.grade] ?? '',
            change: r.previousScore === null ? '—' : signedText(score - r.previousScore),
            ...kind.params?.(r),
            ...this.reasons(rulebook, beforeOf.get(r.tenantId) ?? null, readExplanation(r.explanation).contributions, previous !== undefined),
          },
          link: `/scores/${month.month}/tenants/${r.tenantId}`,
          dedupeKey: `${kind.template}:${month.id}`,
        };
      });
      if (notices.some((n) => n.userIds.length)) {
        notified += (await this.uow.run((m, afterCommit) => this.notifications.notify(m, afterCommit, notices))).length;
      }
      if (rows.length < NOTICE_BATCH) break;
    }
    this.logger.log(`${kind.template} ${month.month}: ${notified} officers notified`);
    return notified;
  }

  /**
   * The reasons in each language, keyed by the locale (the template prints the recipient's):
   * the contributions that appeared, disappeared or changed since the last published month.
   */
  private reasons(rulebook: Rulebook, before: StoredExplanation['contributions'] | null, after: StoredExplanation['contributions'], hadPrevious: boolean): Record<string, string> {
    const out: Record<string, string> = {};
    const diff = contributionDiff(hadPrevious ? before ?? [] : null, after);
    for (const locale of LOCALES) {
      const label = (rule: string) => itemFor(rulebook, rule)?.label?.[locale] ?? rule;
      const lines = [
        ...diff.appeared.map((c) => this.i18n.t(locale, 'scoringCycle.reasons.appeared', { rule: c.rule, label: label(c.rule), points: signedText(c.points) })),
        ...diff.disappeared.map((c) => this.i18n.t(locale, 'scoringCycle.reasons.disappeared', { rule: c.rule, label: label(c.rule), points: signedText(c.points) })),
        ...diff.changed.map((c) => this.i18n.t(locale, 'scoringCycle.reasons.changed', { rule: c.after.rule, label: label(c.after.rule), before: signedText(c.before.points), after: signedText(c.after.points) })),
      ];
      const shown = lines.slice(0, REASONS);
      if (lines.length > REASONS) shown.push(this.i18n.t(locale, 'scoringCycle.reasons.more', { count: lines.length - REASONS }));
      out[locale] = shown.length ? shown.join(this.i18n.t(locale, 'scoringCycle.reasons.separator')) : this.i18n.t(locale, 'scoringCycle.reasons.none');
    }
    return out;
  }
}
