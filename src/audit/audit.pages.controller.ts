import { Controller, Get, HttpCode, Post, Query, Render, Res } from '@nestjs/common';
import { pagerOf } from '../common/pagination.js';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { DateTime } from 'luxon';
import { Roles } from '../accounts/auth/auth.decorators.js';
import { ADMINS } from '../accounts/domain/access-policy.js';
import { I18nService, isLocale } from '../i18n/i18n.service.js';
import { AuditCheckpoints } from './audit-checkpoints.service.js';
import { AuditSubjectLookup } from './audit-subjects.js';
import { AuditService } from './audit.service.js';
import { entryView, filterOptions, type AuditWords } from './audit.view-model.js';
import { AuditPageQueryDto, type AuditQueryDto } from './dto/audit-query.dto.js';

/** Park-zone calendar date → UTC ISO instant at its start (plus `days`). */
function zoneDateToUtc(date: string | undefined, zone: string, days = 0): string | undefined {
  if (!date || !/^\d{4}-\d{2}-\d{2}$/.test(date)) return undefined;
  const dt = DateTime.fromISO(date, { zone });
  return dt.isValid ? (dt.plus({ days }).toUTC().toISO() as string) : undefined;
}

type Filters = Pick<AuditPageQueryDto, 'actor' | 'entityType' | 'entityId' | 'action' | 'fromDate' | 'toDate'>;

@ApiExcludeController()
@Roles(...ADMINS)
@Controller('admin/audit')
export class AuditPagesController {
  constructor(
    private readonly audit: AuditService,
    private readonly checkpoints: AuditCheckpoints,
    private readonly subjects: AuditSubjectLookup,
    private readonly i18n: I18nService,
  ) {}

  @Get()
  @Render('audit/list')
  async list(@Query() query: AuditPageQueryDto, @Res({ passthrough: true }) res: Response) {
    const { fromDate, toDate, ...rest } = query;
    const effective = {
      ...rest,
      from: query.from ?? zoneDateToUtc(fromDate, this.i18n.timeZone),
      to: query.to ?? zoneDateToUtc(toDate, this.i18n.timeZone, 1),
    };
    const filters = { actor: query.actor, entityType: query.entityType, entityId: query.entityId, action: query.action, fromDate, toDate };
    return this.model(effective, filters, res.locals.locale as string);
  }

  @Post('verify')
  @HttpCode(200)
  async verify(@Res() res: Response): Promise<void> {
    const result = await this.checkpoints.verify();
    res.render('audit/list', { ...(await this.model({}, {}, res.locals.locale as string)), verification: result });
  }

  /** One page of the log in words: labels from the catalogues, records by name (one lookup per type), changes field by field, park time. */
  private async model(query: AuditQueryDto, filters: Filters, locale: string) {
    const [page, facets] = await Promise.all([this.audit.list(query), this.audit.facets()]);
    const actors = page.items.filter((e) => e.actorId !== null).map((e) => ({ entityType: 'user', entityId: String(e.actorId) }));
    const subjectOf = await this.subjects.resolve([...page.items, ...actors], isLocale(locale) ? locale : this.i18n.defaultLocale);
    const words: AuditWords = {
      locale,
      has: (key) => this.i18n.has(key),
      t: (key, params) => this.i18n.t(locale, key, params),
      time: (iso) => this.i18n.formatDateTime(iso, locale),
    };
    return {
      titleKey: 'audit.title',
      page: { ...page, items: page.items.map((e) => entryView(e, words, subjectOf)) },
      filters,
      ...filterOptions(facets, words, filters),
      ...pagerOf(page),
    };
  }
}
