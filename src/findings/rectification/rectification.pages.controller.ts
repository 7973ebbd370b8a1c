import { Body, Controller, Get, Param, ParseIntPipe, Post, Query, Render, Req, Res, UploadedFiles, UseInterceptors } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Roles } from '../../accounts/auth/auth.decorators.js';
import { isManager, isTenantOfficer, OFFICERS, TENANT_READERS, VERIFIERS } from '../../accounts/domain/access-policy.js';
import { ValidationFailedError } from '../../common/errors/domain-error.js';
import { formatBytes } from '../../common/format-bytes.js';
import { pagerOf } from '../../common/pagination.js';
import { actorOf, CurrentPrincipal, type Principal } from '../../common/principal.js';
import { validateForm } from '../../common/validation.js';
import { flash, handleForm } from '../../common/views/page-helpers.js';
import { AppConfig } from '../../config/app-config.js';
import type { UploadedPart } from '../../files/upload.interceptor.js';
import { I18nService } from '../../i18n/i18n.service.js';
import {
  DecideRectificationDto, MAX_EVIDENCE_FILES, QUEUE_STATES, REASON_MAX, RectificationQueueQueryDto, STATEMENT_MAX, SubmitRectificationDto,
} from './dto/rectification.dto.js';
import type { RectificationState } from '../domain/rectification.rules.js';
import { EvidenceUpload } from './evidence-upload.js';
import { RectificationQueries } from './rectification.queries.js';
import { RectificationService } from './rectification.service.js';

/** The badge each state wears (the stylesheet's existing colours). */
const STATE_BADGE: Record<RectificationState, string> = {
  none: 'badge-muted', open: 'badge-pending', submitted: 'badge-excuse-pending', verified: 'badge-signed', overdue: 'badge-overdue',
};

/**
 * Rectification pages: a finding's rectification (history of submissions with their files and
 * decisions, the officer's form, the verifier's decision) and the work queue.
 */
@ApiExcludeController()
@Controller('findings')
export class RectificationPagesController {
  constructor(
    private readonly service: RectificationService,
    private readonly queries: RectificationQueries,
    private readonly i18n: I18nService,
    private readonly config: AppConfig,
  ) {}

  @Get('rectifications')
  @Roles(...TENANT_READERS)
  @Render('findings/rectification-queue')
  async queue(@Query() query: RectificationQueueQueryDto, @CurrentPrincipal() principal: Principal) {
    const queue = await this.queries.queue(principal, query);
    const page = { ...queue, items: queue.items.map((i) => ({ ...i, badge: STATE_BADGE[i.state] })) };
    const filters = { state: query.state, pageSize: query.pageSize };
    return {
      titleKey: 'findingsRectification.queueTitle', page, filters, officer: isTenantOfficer(principal), staff: isManager(principal),
      states: QUEUE_STATES.map((value) => ({ value, selected: value === query.state, count: page.counts[value] })),
      ...pagerOf(page),
    };
  }

  @Get(':id/rectification')
  @Roles(...TENANT_READERS)
  @Render('findings/rectification')
  async detail(@Param('id', ParseIntPipe) id: number, @CurrentPrincipal() principal: Principal) {
    return this.detailModel(id, principal, {}, {});
  }

  @Post(':id/rectification')
  @Roles(...OFFICERS)
  @UseInterceptors(EvidenceUpload)
  async submit(
    @Param('id', ParseIntPipe) id: number, @Body() body: Record<string, unknown>, @UploadedFiles() files: UploadedPart[] | undefined,
    @CurrentPrincipal() principal: Principal, @Req() req: Request, @Res() res: Response,
  ): Promise<void> {
    const model = await this.detailModel(id, principal, body ?? {}, {});
    await handleForm(res, this.i18n, 'findings/rectification', model, async () => {
      const form = await validateForm(SubmitRectificationDto, body ?? {});
      if (!form.ok) throw new ValidationFailedError(form.fields);
      await this.service.submit(id, form.value, files ?? [], principal, actorOf(principal, req));
      flash(req, 'success', 'findingsRectification.submitted');
      res.redirect(303, `/findings/${id}/rectification`);
    });
  }

  /** The verifier's decision; whoever does not verify the finding's department gets 403 before the form is looked at. */
  @Post('rectifications/:id/decision')
  @Roles(...VERIFIERS)
  async decide(
    @Param('id', ParseIntPipe) id: number, @Body() body: Record<string, unknown>,
    @CurrentPrincipal() principal: Principal, @Req() req: Request, @Res() res: Response,
  ): Promise<void> {
    const { finding } = await this.service.decidable(id, principal);
    const model = { ...(await this.detailModel(finding.id, principal, {}, body ?? {})), decisionForm: true };
    await handleForm(res, this.i18n, 'findings/rectification', model, async () => {
      const form = await validateForm(DecideRectificationDto, body ?? {});
      if (!form.ok) throw new ValidationFailedError(form.fields);
      const row = await this.service.decide(id, form.value, principal, actorOf(principal, req));
      flash(req, 'success', row.decision === 'verified' ? 'findingsRectification.verified' : 'findingsRectification.returned');
      res.redirect(303, `/findings/${finding.id}/rectification`);
    });
  }

  /** `values`: the officer's form input; `decision`: the verifier's (each shown again with its errors). */
  private async detailModel(id: number, principal: Principal, values: Record<string, unknown>, decision: Record<string, unknown>) {
    const view = await this.queries.view(id, principal);
    return {
      titleKey: 'findingsRectification.title', ...view, stateBadge: STATE_BADGE[view.finding.state], values, decision,
      maxFiles: MAX_EVIDENCE_FILES, maxSize: formatBytes(this.config.UPLOAD_MAX_BYTES), maxText: STATEMENT_MAX, maxReason: REASON_MAX,
    };
  }
}
