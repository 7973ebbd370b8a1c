import { Body, Controller, Get, Param, ParseIntPipe, Post, Query, Render, Req, Res, UploadedFiles, UseInterceptors } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Roles } from '../../accounts/auth/auth.decorators.js';
import { isTenantOfficer, MANAGERS, OFFICERS, REGULATORS, TENANT_READERS } from '../../accounts/domain/access-policy.js';
import { ValidationFailedError } from '../../common/errors/domain-error.js';
import { formatBytes } from '../../common/format-bytes.js';
import { pagerOf } from '../../common/pagination.js';
import { actorOf, CurrentPrincipal, type Principal } from '../../common/principal.js';
import { validateForm } from '../../common/validation.js';
import { flash, handleForm } from '../../common/views/page-helpers.js';
import { AppConfig } from '../../config/app-config.js';
import type { UploadedPart } from '../../files/upload.interceptor.js';
import { I18nService } from '../../i18n/i18n.service.js';
import { REPAIR_STATUSES, REPAIR_SUBJECT_TYPES } from '../domain/list-kinds.js';
import {
  DecideRepairDto, DUE_FILTERS, MAX_REPAIR_FILES, NOTE_MAX, parseSubject, refuseOtherFields, ReplyRepairDto, RepairQueryDto, STATEMENT_MAX, SubmitRepairDto,
} from './dto/repair.dto.js';
import { NewRepairUpload, RepairEvidenceUpload } from './repair-uploads.js';
import { RepairsQueries, type RepairListItem } from './repairs.queries.js';
import { RepairsService } from './repairs.service.js';

/**
 * Credit-repair pages: `/repairs` (an officer's repairable records with when each becomes eligible or
 * why not, and their applications; reviewers' queue with working days left / overdue), the officer's
 * form, and an application with its artefacts, the officer's "add evidence" / "withdraw", the reply
 * and the decision.
 */
@ApiExcludeController()
@Controller('repairs')
export class RepairsPagesController {
  constructor(
    private readonly service: RepairsService,
    private readonly queries: RepairsQueries,
    private readonly i18n: I18nService,
    private readonly config: AppConfig,
  ) {}

  @Get()
  @Roles(...TENANT_READERS)
  @Render('lists/repair/list')
  async list(@Query() query: RepairQueryDto, @CurrentPrincipal() principal: Principal) {
    const officer = isTenantOfficer(principal);
    const [list, subjects] = await Promise.all([
      this.queries.list(principal, query),
      officer && principal.tenantId != null ? this.queries.subjectsOf(principal.tenantId) : Promise.resolve(null),
    ]);
    const items = await this.labelled(list.items);
    const page = { ...list, items };
    const filters = { status: query.status, subjectType: query.subjectType, due: query.due, tenantId: query.tenantId, q: query.q, pageSize: query.pageSize };
    return {
      titleKey: 'listsRepair.listTitle', officer, subjects, page, filters,
      statuses: REPAIR_STATUSES.map((value) => ({ value, selected: value === query.status, count: list.counts[value] })),
      subjectTypes: REPAIR_SUBJECT_TYPES.map((value) => ({ value, selected: value === query.subjectType })),
      dues: DUE_FILTERS.map((value) => ({ value, selected: value === query.due })),
      ...pagerOf(page),
    };
  }

  /** The record each application is about, named (one query per kind for the page). */
  private async labelled(items: RepairListItem[]) {
    const [findings, entries] = await Promise.all([
      this.queries.findingLabels(items.filter((i) => i.subjectType === 'finding').map((i) => i.subjectId)),
      this.queries.entryLists(items.filter((i) => i.subjectType === 'list_entry').map((i) => i.subjectId)),
    ]);
    return items.map((i) => ({ ...i, findingLabel: findings.get(i.subjectId) ?? null, list: i.subjectType === 'list_entry' ? entries.get(i.subjectId) ?? null : null }));
  }

  /** The form, offered only when the record is eligible today; before, the page says from when and why not. */
  @Get('new')
  @Roles(...OFFICERS)
  @Render('lists/repair/new')
  async newForm(@Query('subject') subject: string | undefined, @CurrentPrincipal() principal: Principal) {
    await this.service.actingTenant(principal);
    if (typeof subject !== 'string' || !parseSubject(subject)) throw new ValidationFailedError({ subject: [{ code: 'format' }] });
    return this.formModel(subject, principal, {});
  }

  @Post()
  @Roles(...OFFICERS)
  @UseInterceptors(NewRepairUpload)
  async create(
    @Body() body: Record<string, unknown>, @UploadedFiles() files: UploadedPart[] | undefined,
    @CurrentPrincipal() principal: Principal, @Req() req: Request, @Res() res: Response,
  ): Promise<void> {
    const values = body ?? {};
    const subject = typeof values.subject === 'string' && parseSubject(values.subject) ? values.subject : null;
    if (!subject) throw new ValidationFailedError({ subject: [{ code: 'format' }] });
    const model = await this.formModel(subject, principal, values);
    await handleForm(res, this.i18n, 'lists/repair/new', model, async () => {
      const form = await validateForm(SubmitRepairDto, values);
      if (!form.ok) throw new ValidationFailedError(form.fields);
      const row = await this.service.submit(form.value, files ?? [], principal, actorOf(principal, req), 'page');
      flash(req, 'success', 'listsRepair.submitted');
      res.redirect(303, `/repairs/${row.id}`);
    });
  }

  @Get(':id')
  @Roles(...TENANT_READERS)
  @Render('lists/repair/detail')
  async detail(@Param('id', ParseIntPipe) id: number, @CurrentPrincipal() principal: Principal) {
    return this.detailModel(id, principal, {});
  }

  @Post(':id/evidence')
  @Roles(...OFFICERS)
  @UseInterceptors(RepairEvidenceUpload)
  async evidence(
    @Param('id', ParseIntPipe) id: number, @Body() body: Record<string, unknown>, @UploadedFiles() files: UploadedPart[] | undefined,
    @CurrentPrincipal() principal: Principal, @Req() req: Request, @Res() res: Response,
  ): Promise<void> {
    const model = { ...(await this.detailModel(id, principal, {})), evidenceForm: true };
    await handleForm(res, this.i18n, 'lists/repair/detail', model, async () => {
      refuseOtherFields(body, ['_csrf']);
      await this.service.addEvidence(id, files ?? [], principal, actorOf(principal, req));
      flash(req, 'success', 'listsRepair.evidenceAdded');
      res.redirect(303, `/repairs/${id}`);
    });
  }

  @Post(':id/withdraw')
  @Roles(...OFFICERS)
  async withdraw(@Param('id', ParseIntPipe) id: number, @CurrentPrincipal() principal: Principal, @Req() req: Request, @Res() res: Response): Promise<void> {
    const model = { ...(await this.detailModel(id, principal, {})), withdrawForm: true };
    await handleForm(res, this.i18n, 'lists/repair/detail', model, async () => {
      await this.service.withdraw(id, principal, actorOf(principal, req));
      flash(req, 'success', 'listsRepair.withdrawn');
      res.redirect(303, `/repairs/${id}`);
    });
  }

  @Post(':id/reply')
  @Roles(...MANAGERS, ...REGULATORS)
  async reply(@Param('id', ParseIntPipe) id: number, @Body() body: Record<string, unknown>, @CurrentPrincipal() principal: Principal, @Req() req: Request, @Res() res: Response): Promise<void> {
    await this.service.reviewable(id);
    const model = { ...(await this.detailModel(id, principal, { reply: body ?? {} })), replyForm: true };
    await handleForm(res, this.i18n, 'lists/repair/detail', model, async () => {
      const form = await validateForm(ReplyRepairDto, body ?? {});
      if (!form.ok) throw new ValidationFailedError(form.fields);
      await this.service.reply(id, form.value, principal, actorOf(principal, req));
      flash(req, 'success', 'listsRepair.replied');
      res.redirect(303, `/repairs/${id}`);
    });
  }

  @Post(':id/decision')
  @Roles(...REGULATORS)
  async decide(@Param('id', ParseIntPipe) id: number, @Body() body: Record<string, unknown>, @CurrentPrincipal() principal: Principal, @Req() req: Request, @Res() res: Response): Promise<void> {
    await this.service.reviewable(id);
    const model = { ...(await this.detailModel(id, principal, { decision: body ?? {} })), decisionForm: true };
    await handleForm(res, this.i18n, 'lists/repair/detail', model, async () => {
      const form = await validateForm(DecideRepairDto, body ?? {});
      if (!form.ok) throw new ValidationFailedError(form.fields);
      const row = await this.service.decide(id, form.value, principal, actorOf(principal, req));
      flash(req, 'success', row.status === 'approved' ? 'listsRepair.approved' : 'listsRepair.rejected');
      res.redirect(303, `/repairs/${id}`);
    });
  }

  private async formModel(subjectRef: string, principal: Principal, values: Record<string, unknown>) {
    const subject = await this.service.subject(subjectRef, principal);
    const [open, artefacts] = await Promise.all([this.service.openBySubject([subject]), this.service.artefactsOf(subject.tenantId)]);
    const view = this.queries.subjectView(subject, open.get(subjectRef)?.id ?? null);
    const chosen = new Set((Array.isArray(values.trainingSessionIds) ? values.trainingSessionIds : [values.trainingSessionIds]).map(String));
    return {
      titleKey: 'listsRepair.newTitle', subject: view, values,
      offered: view.eligible && !view.openApplicationId,
      commitments: artefacts.commitments.map((c) => ({ ...c, checked: String(values.commitmentSignatureId) === String(c.signatureId) })),
      trainings: artefacts.trainings.map((x) => ({ ...x, checked: chosen.has(String(x.sessionId)) })),
      maxFiles: MAX_REPAIR_FILES, maxSize: formatBytes(this.config.UPLOAD_MAX_BYTES), maxStatement: STATEMENT_MAX,
    };
  }

  private async detailModel(id: number, principal: Principal, forms: { reply?: Record<string, unknown>; decision?: Record<string, unknown> }) {
    const repair = await this.queries.view(await this.service.visible(id, principal), principal);
    return {
      titleKey: 'listsRepair.detailTitle', repair, reply: forms.reply ?? {}, decision: forms.decision ?? {},
      maxFiles: MAX_REPAIR_FILES, maxSize: formatBytes(this.config.UPLOAD_MAX_BYTES), maxNote: NOTE_MAX,
      moreFiles: Math.max(0, MAX_REPAIR_FILES - repair.files.length),
    };
  }
}
