import { Controller, Get, HttpCode, Post, Query, Render, Res } from '@nestjs/common';
import { pagerOf } from '../common/pagination.js';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { DateTime } from 'luxon';
import { Roles } from '../accounts/auth/auth.decorators.js';
import { ADMINS } from '../accounts/domain/access-policy.js';
import { I18nService } from '../i18n/i18n.service.js';
import { AuditCheckpoints } from './audit-checkpoints.service.js';
import { AuditService } from './audit.service.js';
import { AuditPageQueryDto } from './dto/audit-query.dto.js';

/** Park-zone calendar date → UTC ISO instant at its start (plus `days`). */
function zoneDateToUtc(date: string | undefined, zone: string, days = 0): string | undefined {
  if (!date || !/^\d{4}-\d{2}-\d{2}$/.test(date)) return undefined;
  const dt = DateTime.fromISO(date, { zone });
  return dt.isValid ? (dt.plus({ days }).toUTC().toISO() as string) : undefined;
}

@ApiExcludeController()
@Roles(...ADMINS)
@Controller('admin/audit')
export class AuditPagesController {
  constructor(private readonly audit: AuditService, private readonly checkpoints: AuditCheckpoints, private readonly i18n: I18nService) {}

  @Get()
  @Render('audit/list')
  async list(@Query() query: AuditPageQueryDto) {
    const { fromDate, toDate, ...rest } = query;
    const effective = {
      ...rest,
      from: query.from ?? zoneDateToUtc(fromDate, this.i18n.timeZone),
      to: query.to ?? zoneDateToUtc(toDate, this.i18n.timeZone, 1),
    };
    const [page, entityTypes] = await Promise.all([this.audit.list(effective), this.audit.entityTypes()]);
    const filters = { actor: query.actor, entityType: query.entityType, entityId: query.entityId, action: query.action, fromDate, toDate };
    return {
      titleKey: 'audit.title', page, filters, entityTypes,
      ...pagerOf(page),
    };
  }

  @Post('verify')
  @HttpCode(200)
  async verify(@Res() res: Response): Promise<void> {
    const result = await this.checkpoints.verify();
    const [page, entityTypes] = await Promise.all([this.audit.list({}), this.audit.entityTypes()]);
    res.render('audit/list', { titleKey: 'audit.title', page, filters: {}, entityTypes, verification: result, ...pagerOf(page) });
  }
}
