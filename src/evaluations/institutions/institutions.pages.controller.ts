import { Body, Controller, Get, Param, ParseIntPipe, Post, Render, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Roles } from '../../accounts/auth/auth.decorators.js';
import { ADMINS } from '../../accounts/domain/access-policy.js';
import { ValidationFailedError } from '../../common/errors/domain-error.js';
import { actorOf, CurrentPrincipal, type Principal } from '../../common/principal.js';
import { validateForm } from '../../common/validation.js';
import { flash, handleForm } from '../../common/views/page-helpers.js';
import { I18nService } from '../../i18n/i18n.service.js';
import { BindEvaluatorDto, DimensionDto, DimensionUpdateDto, EngagementDto, InstitutionDto } from './dto/institution.dto.js';
import { InstitutionsService } from './institutions.service.js';

/** Admin pages: accredited institutions, their engagements and evaluator accounts, and the scoring dimensions. */
@ApiExcludeController()
@Roles(...ADMINS)
@Controller('admin')
export class InstitutionsPagesController {
  constructor(private readonly institutions: InstitutionsService, private readonly i18n: I18nService) {}

  @Get('institutions')
  @Render('evaluations/institutions')
  async list() {
    return { titleKey: 'evaluationsAdmin.institutionsTitle', institutions: await this.institutions.list() };
  }

  @Get('institutions/new')
  @Render('evaluations/institution-form')
  newForm() {
    return { titleKey: 'evaluationsAdmin.newInstitution', values: { active: true }, action: '/admin/institutions' };
  }

  @Post('institutions')
  create(@Body() body: Record<string, unknown>, @CurrentPrincipal() p: Principal, @Req() req: Request, @Res() res: Response) {
    return this.save(null, body, p, req, res);
  }

  @Get('institutions/:id')
  @Render('evaluations/institution-detail')
  async detail(@Param('id', ParseIntPipe) id: number) {
    return this.detailModel(id, {}, {});
  }

  @Get('institutions/:id/edit')
  @Render('evaluations/institution-form')
  async edit(@Param('id', ParseIntPipe) id: number) {
    return { titleKey: 'evaluationsAdmin.editInstitution', values: await this.institutions.get(id), action: `/admin/institutions/${id}`, id };
  }

  @Post('institutions/:id')
  update(@Param('id', ParseIntPipe) id: number, @Body() body: Record<string, unknown>, @CurrentPrincipal() p: Principal, @Req() req: Request, @Res() res: Response) {
    return this.save(id, body, p, req, res);
  }

  @Post('institutions/:id/engagements')
  async addEngagement(@Param('id', ParseIntPipe) id: number, @Body() body: Record<string, unknown>, @CurrentPrincipal() p: Principal, @Req() req: Request, @Res() res: Response): Promise<void> {
    const model = await this.detailModel(id, body ?? {}, {});
    await handleForm(res, this.i18n, 'evaluations/institution-detail', { ...model, engagementForm: true }, async () => {
      const form = await validateForm(EngagementDto, body ?? {});
      if (!form.ok) throw new ValidationFailedError(form.fields);
      await this.institutions.addEngagement(id, form.value, p.userId, actorOf(p, req));
      flash(req, 'success', 'evaluationsAdmin.engagementAdded');
      res.redirect(303, `/admin/institutions/${id}`);
    });
  }

  @Post('institutions/engagements/:id/cancel')
  async cancelEngagement(@Param('id', ParseIntPipe) id: number, @CurrentPrincipal() p: Principal, @Req() req: Request, @Res() res: Response): Promise<void> {
    const engagement = await this.institutions.cancelEngagement(id, actorOf(p, req));
    flash(req, 'success', 'evaluationsAdmin.engagementCancelledDone');
    res.redirect(303, `/admin/institutions/${engagement.institutionId}`);
  }

  @Post('institutions/:id/evaluators')
  async bind(@Param('id', ParseIntPipe) id: number, @Body() body: Record<string, unknown>, @CurrentPrincipal() p: Principal, @Req() req: Request, @Res() res: Response): Promise<void> {
    const model = await this.detailModel(id, {}, body ?? {});
    await handleForm(res, this.i18n, 'evaluations/institution-detail', { ...model, bindForm: true }, async () => {
      const form = await validateForm(BindEvaluatorDto, body ?? {});
      if (!form.ok) throw new ValidationFailedError(form.fields);
      await this.institutions.bindEvaluator(id, form.value, actorOf(p, req));
      flash(req, 'success', 'evaluationsAdmin.evaluatorBound');
      res.redirect(303, `/admin/institutions/${id}`);
    });
  }

  @Post('institutions/:id/evaluators/:userId/unbind')
  async unbind(@Param('id', ParseIntPipe) id: number, @Param('userId', ParseIntPipe) userId: number, @CurrentPrincipal() p: Principal, @Req() req: Request, @Res() res: Response): Promise<void> {
    await this.institutions.unbindEvaluator(id, userId, actorOf(p, req));
    flash(req, 'success', 'evaluationsAdmin.evaluatorUnbound');
    res.redirect(303, `/admin/institutions/${id}`);
  }

  @Get('evaluation-dimensions')
  @Render('evaluations/dimensions')
  async dimensions() {
    return this.dimensionsModel({ active: true, sortOrder: 100 });
  }

  @Post('evaluation-dimensions')
  async addDimension(@Body() body: Record<string, unknown>, @CurrentPrincipal() p: Principal, @Req() req: Request, @Res() res: Response): Promise<void> {
    const model = await this.dimensionsModel({ ...(body ?? {}), active: body?.active !== undefined });
    await handleForm(res, this.i18n, 'evaluations/dimensions', model, async () => {
      const form = await validateForm(DimensionDto, body ?? {});
      if (!form.ok) throw new ValidationFailedError(form.fields);
      await this.institutions.addDimension({ ...form.value, active: form.value.active ?? false }, actorOf(p, req));
      flash(req, 'success', 'evaluationsAdmin.dimensionSaved');
      res.redirect(303, '/admin/evaluation-dimensions');
    });
  }

  @Post('evaluation-dimensions/:id')
  async updateDimension(@Param('id', ParseIntPipe) id: number, @Body() body: Record<string, unknown>, @CurrentPrincipal() p: Principal, @Req() req: Request, @Res() res: Response): Promise<void> {
    const model = await this.dimensionsModel({ active: true, sortOrder: 100 }, id);
    await handleForm(res, this.i18n, 'evaluations/dimensions', model, async () => {
      const form = await validateForm(DimensionUpdateDto, body ?? {});
      if (!form.ok) throw new ValidationFailedError(form.fields);
      await this.institutions.updateDimension(id, { ...form.value, active: form.value.active ?? false }, actorOf(p, req));
      flash(req, 'success', 'evaluationsAdmin.dimensionSaved');
      res.redirect(303, '/admin/evaluation-dimensions');
    });
  }

  private async dimensionsModel(values: Record<string, unknown>, failedId: number | null = null) {
    const dims = await this.institutions.dimensions();
    return { titleKey: 'evaluationsAdmin.dimensionsTitle', dimensions: dims.map((d) => ({ ...d, failed: d.id === failedId })), values };
  }

  private async detailModel(id: number, engagementValues: Record<string, unknown>, bindValues: Record<string, unknown>) {
    const [institution, engagements, evaluators] = await Promise.all([
      this.institutions.get(id), this.institutions.engagementsOf(id), this.institutions.evaluatorsOf(id),
    ]);
    const list = (await this.institutions.list()).find((i) => i.id === id)!;
    return { titleKey: 'evaluationsAdmin.institutionTitle', institution: { ...institution, lapsed: list.lapsed }, engagements, evaluators, engagementValues, bindValues };
  }

  private async save(id: number | null, body: Record<string, unknown>, principal: Principal, req: Request, res: Response): Promise<void> {
    const model = {
      titleKey: id ? 'evaluationsAdmin.editInstitution' : 'evaluationsAdmin.newInstitution',
      values: { ...body, active: body?.active !== undefined }, action: id ? `/admin/institutions/${id}` : '/admin/institutions', id,
    };
    if (id) await this.institutions.get(id);
    await handleForm(res, this.i18n, 'evaluations/institution-form', model, async () => {
      const form = await validateForm(InstitutionDto, body ?? {});
      if (!form.ok) throw new ValidationFailedError(form.fields);
      // An unticked checkbox sends nothing: on this form that means inactive.
      const row = await this.institutions.save(id, { ...form.value, active: form.value.active ?? false }, actorOf(principal, req));
      flash(req, 'success', 'evaluationsAdmin.institutionSaved');
      res.redirect(303, `/admin/institutions/${row.id}`);
    });
  }
}
