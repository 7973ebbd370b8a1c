import { Body, Controller, Get, Post, Query, Render, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Roles } from '../../accounts/auth/auth.decorators.js';
import { inGroup, TENANT_READERS, tenantFilterFor, VERIFIERS } from '../../accounts/domain/access-policy.js';
import { ValidationFailedError } from '../../common/errors/domain-error.js';
import { pagerOf } from '../../common/pagination.js';
import { actorOf, CurrentPrincipal, type Principal } from '../../common/principal.js';
import { validateForm } from '../../common/validation.js';
import { flash, handleForm } from '../../common/views/page-helpers.js';
import { I18nService } from '../../i18n/i18n.service.js';
import { RulebookService } from '../../scoring/core/rulebook.service.js';
import { AnnualReportsService } from './annual-reports.service.js';
import { AnnualReportQueryDto, RecordAnnualReportDto } from './dto/annual-report.dto.js';

/** The annual reports page: the list (readers; an officer their own tenant's) and, for regulators and staff, the form to record one. */
@ApiExcludeController()
@Controller('findings/annual-reports')
export class AnnualReportsPagesController {
  constructor(private readonly service: AnnualReportsService, private readonly i18n: I18nService, private readonly rulebooks: RulebookService) {}

  @Get()
  @Roles(...TENANT_READERS)
  @Render('findings/annual-reports')
  async list(@Query() query: AnnualReportQueryDto, @CurrentPrincipal() principal: Principal) {
    return this.model(query, principal, {});
  }

  @Post()
  @Roles(...VERIFIERS)
  async record(@Body() body: Record<string, unknown>, @CurrentPrincipal() principal: Principal, @Req() req: Request, @Res() res: Response): Promise<void> {
    const model = await this.model({}, principal, body ?? {});
    await handleForm(res, this.i18n, 'findings/annual-reports', model, async () => {
      const form = await validateForm(RecordAnnualReportDto, body ?? {});
      if (!form.ok) throw new ValidationFailedError(form.fields);
      const { report, created } = await this.service.record(form.value, principal, actorOf(principal, req), 'page');
      flash(req, created ? 'success' : 'info', created ? 'findingsAnnualReports.recorded' : 'findingsAnnualReports.alreadyRecorded', { year: report.year });
      res.redirect(303, `/findings/annual-reports?tenantId=${report.tenantId}`);
    });
  }

  private async model(query: AnnualReportQueryDto, principal: Principal, values: Record<string, unknown>) {
    const today = this.i18n.today();
    const [page, rulebook] = await Promise.all([this.service.list(query, principal), this.rulebooks.inForce(today)]);
    const due = String(rulebook.items.P04?.params?.dueMonthDay ?? '06-30');
    const filters = { q: query.q, year: query.year, tenantId: query.tenantId, pageSize: query.pageSize };
    return {
      titleKey: 'findingsAnnualReports.title', page, filters, due,
      items: page.items.map((r) => ({ ...r, onTime: r.filedOn <= `${r.year + 1}-${due}` })),
      ownTenant: tenantFilterFor(principal) !== null,
      canRecord: inGroup(principal, VERIFIERS),
      values: { year: Number(today.slice(0, 4)) - 1, filedOn: today, ...values },
      ...pagerOf(page),
    };
  }
}
