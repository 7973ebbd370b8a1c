import { Body, Controller, Get, Param, ParseIntPipe, Post, Query, Render, Req, Res, UploadedFiles, UseInterceptors } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Roles } from '../../accounts/auth/auth.decorators.js';
import { isTenantOfficer, MANAGERS, OFFICERS, TENANT_READERS } from '../../accounts/domain/access-policy.js';
import { ValidationFailedError } from '../../common/errors/domain-error.js';
import { formatBytes } from '../../common/format-bytes.js';
import { pagerOf } from '../../common/pagination.js';
import { actorOf, CurrentPrincipal, type Principal } from '../../common/principal.js';
import { validateForm } from '../../common/validation.js';
import { flash, handleForm } from '../../common/views/page-helpers.js';
import { AppConfig } from '../../config/app-config.js';
import type { UploadedPart } from '../../files/upload.interceptor.js';
import { I18nService } from '../../i18n/i18n.service.js';
import { CLAIM_MONTHS, RULE_OF_KIND, SELF_REPORT_KINDS, SELF_REPORT_STATUSES } from '../domain/self-report.rules.js';
import { windowStart } from '../domain/score-window.js';
import {
  DecideSelfReportDto, refuseOtherFields, DESCRIPTION_MAX, ISSUER_MAX, MAX_EVIDENCE_FILES, REASON_MAX, SelfReportQueryDto, SubmitSelfReportDto, TITLE_MAX,
} from './dto/self-report.dto.js';
import { NewSelfReportUpload, SelfReportEvidenceUpload } from './self-report-uploads.js';
import { SelfReportsQueries, statusBadge } from './self-reports.queries.js';
import { SelfReportsService } from './self-reports.service.js';

/**
 * Self-report pages: the list (an officer's own claims with "new"; staff's and regulators' queue,
 * filtered and paginated), the officer's form, and a claim with its evidence, the officer's
 * "add evidence" and "withdraw" and staff's decision.
 */
@ApiExcludeController()
@Controller('self-reports')
export class SelfReportsPagesController {
  constructor(
    private readonly service: SelfReportsService,
    private readonly queries: SelfReportsQueries,
    private readonly i18n: I18nService,
    private readonly config: AppConfig,
  ) {}

  @Get()
  @Roles(...TENANT_READERS)
  @Render('self-reports/list')
  async list(@Query() query: SelfReportQueryDto, @CurrentPrincipal() principal: Principal) {
    const list = await this.queries.list(principal, query);
    const page = { ...list, items: list.items.map((i) => ({ ...i, badge: statusBadge(i.status) })) };
    const filters = { status: query.status, kind: query.kind, tenantId: query.tenantId, q: query.q, pageSize: query.pageSize };
    const officer = isTenantOfficer(principal);
    return {
      titleKey: 'selfReports.listTitle', page, filters, officer, canClaim: officer && principal.tenantId != null,
      statuses: SELF_REPORT_STATUSES.map((value) => ({ value, selected: value === query.status, count: list.counts[value] })),
      kinds: SELF_REPORT_KINDS.map((value) => ({ value, selected: value === query.kind, rule: RULE_OF_KIND[value] })),
      ...pagerOf(page),
    };
  }

  @Get('new')
  @Roles(...OFFICERS)
  @Render('self-reports/new')
  async newForm(@CurrentPrincipal() principal: Principal) {
    await this.service.actingTenant(principal);
    return this.formModel({});
  }

  @Post()
  @Roles(...OFFICERS)
  @UseInterceptors(NewSelfReportUpload)
  async create(
    @Body() body: Record<string, unknown>, @UploadedFiles() files: UploadedPart[] | undefined,
    @CurrentPrincipal() principal: Principal, @Req() req: Request, @Res() res: Response,
  ): Promise<void> {
    await handleForm(res, this.i18n, 'self-reports/new', this.formModel(body ?? {}), async () => {
      const form = await validateForm(SubmitSelfReportDto, body ?? {});
      if (!form.ok) throw new ValidationFailedError(form.fields);
      const row = await this.service.submit(form.value, files ?? [], principal, actorOf(principal, req), 'page');
      flash(req, 'success', 'selfReports.submitted');
      res.redirect(303, `/self-reports/${row.id}`);
    });
  }

  @Get(':id')
  @Roles(...TENANT_READERS)
  @Render('self-reports/detail')
  async detail(@Param('id', ParseIntPipe) id: number, @CurrentPrincipal() principal: Principal) {
    return this.detailModel(id, principal, {});
  }

  @Post(':id/evidence')
  @Roles(...OFFICERS)
  @UseInterceptors(SelfReportEvidenceUpload)
  async evidence(
    @Param('id', ParseIntPipe) id: number, @Body() body: Record<string, unknown>, @UploadedFiles() files: UploadedPart[] | undefined,
    @CurrentPrincipal() principal: Principal, @Req() req: Request, @Res() res: Response,
  ): Promise<void> {
    const model = { ...(await this.detailModel(id, principal, {})), evidenceForm: true };
    await handleForm(res, this.i18n, 'self-reports/detail', model, async () => {
      refuseOtherFields(body, ['_csrf']);
      await this.service.addEvidence(id, files ?? [], principal, actorOf(principal, req));
      flash(req, 'success', 'selfReports.evidenceAdded');
      res.redirect(303, `/self-reports/${id}`);
    });
  }

  @Post(':id/withdraw')
  @Roles(...OFFICERS)
  async withdraw(@Param('id', ParseIntPipe) id: number, @CurrentPrincipal() principal: Principal, @Req() req: Request, @Res() res: Response): Promise<void> {
    const model = { ...(await this.detailModel(id, principal, {})), withdrawForm: true };
    await handleForm(res, this.i18n, 'self-reports/detail', model, async () => {
      await this.service.withdraw(id, principal, actorOf(principal, req));
      flash(req, 'success', 'selfReports.withdrawn');
      res.redirect(303, `/self-reports/${id}`);
    });
  }

  /** Staff's decision; a claim that does not exist is 404 before the form is looked at. */
  @Post(':id/decision')
  @Roles(...MANAGERS)
  async decide(
    @Param('id', ParseIntPipe) id: number, @Body() body: Record<string, unknown>,
    @CurrentPrincipal() principal: Principal, @Req() req: Request, @Res() res: Response,
  ): Promise<void> {
    await this.service.decidable(id);
    const model = { ...(await this.detailModel(id, principal, body ?? {})), decisionForm: true };
    await handleForm(res, this.i18n, 'self-reports/detail', model, async () => {
      const form = await validateForm(DecideSelfReportDto, body ?? {});
      if (!form.ok) throw new ValidationFailedError(form.fields);
      const row = await this.service.decide(id, form.value, principal, actorOf(principal, req));
      flash(req, 'success', row.status === 'approved' ? 'selfReports.approved' : 'selfReports.rejected');
      res.redirect(303, `/self-reports/${id}`);
    });
  }

  private formModel(values: Record<string, unknown>) {
    const today = this.i18n.today();
    return {
      titleKey: 'selfReports.newTitle', values, today, earliest: windowStart(today, CLAIM_MONTHS),
      kinds: SELF_REPORT_KINDS.map((value) => ({ value, rule: RULE_OF_KIND[value], checked: value === values.kind })),
      maxFiles: MAX_EVIDENCE_FILES, maxSize: formatBytes(this.config.UPLOAD_MAX_BYTES),
      maxTitle: TITLE_MAX, maxDescription: DESCRIPTION_MAX, maxIssuer: ISSUER_MAX,
    };
  }

  /** `decision`: staff's form input, shown again with its errors. */
  private async detailModel(id: number, principal: Principal, decision: Record<string, unknown>) {
    const report = await this.queries.view(await this.service.visible(id, principal), principal);
    return {
      titleKey: 'selfReports.detailTitle', report, badge: statusBadge(report.status), decision,
      maxFiles: MAX_EVIDENCE_FILES, maxSize: formatBytes(this.config.UPLOAD_MAX_BYTES), maxReason: REASON_MAX,
      moreFiles: Math.max(0, MAX_EVIDENCE_FILES - report.files.length),
    };
  }
}
