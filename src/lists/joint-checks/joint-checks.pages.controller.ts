import { Body, Controller, Get, Param, ParseIntPipe, Post, Query, Render, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Roles } from '../../accounts/auth/auth.decorators.js';
import { DepartmentsService } from '../../accounts/departments.service.js';
import { ADMINS, isAdmin, READERS } from '../../accounts/domain/access-policy.js';
import { NotFoundError, ValidationFailedError } from '../../common/errors/domain-error.js';
import { pagerOf } from '../../common/pagination.js';
import { actorOf, CurrentPrincipal, type Principal } from '../../common/principal.js';
import { sendDownload, type TabularFormat } from '../../common/tabular/tabular-export.js';
import { validateForm } from '../../common/validation.js';
import { flash, handleForm, renderForm } from '../../common/views/page-helpers.js';
import { I18nService } from '../../i18n/i18n.service.js';
import { CheckNowDto, EditPurposeDto, JointCheckQueryDto, NewPurposeDto, PURPOSE_NAME_MAX } from './dto/joint-check.dto.js';
import { JointChecksQueries } from './joint-checks.queries.js';
import { JointChecksService } from './joint-checks.service.js';

/**
 * The joint-check log for staff, regulators and admins (filters, pages, CSV/XLSX), one check with its
 * answer and feedback, the "check a tenant now" form (the requester is the signed-in user and their
 * department), and the admins' list of check purposes.
 */
@ApiExcludeController()
@Controller('joint-checks')
export class JointChecksPagesController {
  constructor(
    private readonly service: JointChecksService,
    private readonly queries: JointChecksQueries,
    private readonly departments: DepartmentsService,
    private readonly i18n: I18nService,
  ) {}

  @Get()
  @Roles(...READERS)
  @Render('lists/joint-checks/list')
  async list(@Query() query: JointCheckQueryDto) {
    return this.listModel(query, {});
  }

  /** Check a tenant now: answered and logged like an API check, then shown. */
  @Post()
  @Roles(...READERS)
  async checkNow(@Body() body: Record<string, unknown>, @CurrentPrincipal() principal: Principal, @Res() res: Response): Promise<void> {
    const model = await this.listModel({}, body ?? {});
    await handleForm(res, this.i18n, 'lists/joint-checks/list', model, async () => {
      const form = await validateForm(CheckNowDto, body ?? {});
      if (!form.ok) throw new ValidationFailedError(form.fields);
      let requester = principal.name;
      if (principal.departmentId) {
        const d = await this.departments.get(principal.departmentId).catch(() => null);
        if (d) requester = `${principal.name} (${(res.locals.locale as string) === 'en' ? d.nameEn : d.nameZh})`;
      }
      try {
        const answer = await this.service.check({ ...form.value, requester: requester.slice(0, 200) }, principal, res.locals.locale as string);
        const view = await this.queries.view({ checkId: answer.checkId });
        res.redirect(303, `/joint-checks/${view.id}`);
      } catch (err) {
        if (err instanceof NotFoundError) return renderForm(res, this.i18n, 'lists/joint-checks/list', model, { uscc: [{ code: 'unknownTenant' }] }, 404);
        throw err;
      }
    });
  }

  @Get('export.csv')
  @Roles(...READERS)
  async exportCsv(@Query() query: JointCheckQueryDto, @Res() res: Response): Promise<void> {
    await this.sendExport(res, 'csv', query);
  }

  @Get('export.xlsx')
  @Roles(...READERS)
  async exportXlsx(@Query() query: JointCheckQueryDto, @Res() res: Response): Promise<void> {
    await this.sendExport(res, 'xlsx', query);
  }

  @Get('purposes')
  @Roles(...READERS, ...ADMINS)
  @Render('lists/joint-checks/purposes')
  async purposes(@CurrentPrincipal() principal: Principal) {
    return this.purposesModel(principal, {});
  }

  @Post('purposes')
  @Roles(...ADMINS)
  async addPurpose(@Body() body: Record<string, unknown>, @CurrentPrincipal() principal: Principal, @Req() req: Request, @Res() res: Response): Promise<void> {
    await handleForm(res, this.i18n, 'lists/joint-checks/purposes', await this.purposesModel(principal, body ?? {}), async () => {
      const form = await validateForm(NewPurposeDto, body ?? {});
      if (!form.ok) throw new ValidationFailedError(form.fields);
      await this.service.addPurpose(form.value, actorOf(principal, req));
      flash(req, 'success', 'jointChecks.purposeAdded');
      res.redirect(303, '/joint-checks/purposes');
    });
  }

  @Post('purposes/:code')
  @Roles(...ADMINS)
  async editPurpose(@Param('code') code: string, @Body() body: Record<string, unknown>, @CurrentPrincipal() principal: Principal, @Req() req: Request, @Res() res: Response): Promise<void> {
    if (!(await this.service.purposes()).some((p) => p.code === code)) throw new NotFoundError('jointChecks.purposeNotFound');
    await handleForm(res, this.i18n, 'lists/joint-checks/purposes', { ...(await this.purposesModel(principal, {})), editing: code, editValues: body ?? {} }, async () => {
      const form = await validateForm(EditPurposeDto, { active: 'false', ...(body ?? {}) });
      if (!form.ok) throw new ValidationFailedError(form.fields);
      await this.service.editPurpose(code, form.value, actorOf(principal, req));
      flash(req, 'success', 'jointChecks.purposeSaved');
      res.redirect(303, '/joint-checks/purposes');
    });
  }

  @Get(':id')
  @Roles(...READERS)
  @Render('lists/joint-checks/detail')
  async detail(@Param('id', ParseIntPipe) id: number) {
    const check = await this.queries.view({ id });
    const purposes = await this.service.purposes();
    return { titleKey: 'jointChecks.detailTitle', check, purpose: purposes.find((p) => p.code === check.purpose) ?? null };
  }

  private async listModel(query: JointCheckQueryDto, values: Record<string, unknown>) {
    const [page, purposes] = await Promise.all([this.queries.list(query), this.service.purposes()]);
    const filters = { tenant: query.tenant, uscc: query.uscc, purpose: query.purpose, requester: query.requester, from: query.from, to: query.to, feedback: query.feedback, pageSize: query.pageSize };
    const exportQuery = new URLSearchParams(Object.entries(filters).filter(([k, v]) => k !== 'pageSize' && v).map(([k, v]): [string, string] => [k, String(v)])).toString();
    const byCode = new Map(purposes.map((p) => [p.code, p]));
    return {
      titleKey: 'jointChecks.listTitle', page: { ...page, items: page.items.map((i) => ({ ...i, purposeInfo: byCode.get(i.purpose) ?? null })) },
      filters, exportQuery, values,
      purposes: purposes.map((p) => ({ ...p, selected: p.code === query.purpose })),
      checkPurposes: purposes.filter((p) => p.active).map((p) => ({ ...p, selected: p.code === values.purpose })),
      feedbackOptions: ['yes', 'no'].map((value) => ({ value, selected: value === query.feedback })),
      ...pagerOf(page),
    };
  }

  private async purposesModel(principal: Principal, values: Record<string, unknown>) {
    return { titleKey: 'jointChecks.purposesTitle', purposes: await this.service.purposes(), canEdit: isAdmin(principal), values, maxName: PURPOSE_NAME_MAX };
  }

  private async sendExport(res: Response, format: TabularFormat, query: JointCheckQueryDto): Promise<void> {
    await sendDownload(res, format, this.queries.fileName(format), (out) => this.queries.write(format, query, res.locals.locale as string, out));
  }
}
