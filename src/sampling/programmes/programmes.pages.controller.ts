import { Body, Controller, Get, Param, ParseIntPipe, Post, Query, Render, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { DepartmentsService } from '../../accounts/departments.service.js';
import { Roles } from '../../accounts/auth/auth.decorators.js';
import { READERS, REGULATORS } from '../../accounts/domain/access-policy.js';
import { ValidationFailedError, type FieldProblems } from '../../common/errors/domain-error.js';
import { translateFields } from '../../common/filters/all-exceptions.filter.js';
import { pagerOf } from '../../common/pagination.js';
import { sendPdf } from '../../common/pdf/pdf-document.js';
import { actorOf, CurrentPrincipal, type Principal } from '../../common/principal.js';
import { sendDownload } from '../../common/tabular/tabular-export.js';
import { validateForm } from '../../common/validation.js';
import { flash, handleForm } from '../../common/views/page-helpers.js';
import { I18nService } from '../../i18n/i18n.service.js';
import { draftWarnings, gradesText, sha256Hex } from '../domain/programme.rules.js';
import type { ProgrammeDetail } from '../domain/programme.types.js';
import { PROGRAMME_STATUSES, SAMPLING_GRADES, TARGETED_RULES } from '../domain/sampling-kinds.js';
import { InspectionItemsService } from '../items/inspection-items.service.js';
import { ApproveProgrammeDto, CommentProgrammeDto, COMMENT_MAX, CreateProgrammeDto, NOTES_MAX, ProgrammeQueryDto, REASON_MAX, TITLE_MAX, UpdateProgrammeDto } from './dto/programme.dto.js';
import { percentOf, ProgrammeExportService } from './programme-export.service.js';
import { formErrorKeys, formValuesOf, localInput, parseProgrammeForm } from './programme-form.js';
import { ProgrammePlanReview } from './programme-plan-review.js';
import { currentPlanJson, ProgrammesQueries } from './programmes.queries.js';
import { ProgrammesService } from './programmes.service.js';

const BADGES: Record<string, string> = { draft: 'badge-pending', approved: 'badge-signed', superseded: 'badge-muted', withdrawn: 'badge-muted' };

/**
 * Programme pages: `/sampling/programmes` (filtered list), `new` and `:id/edit` (one compact form:
 * departments with inspectors per task, items by department, the grade table, targeted rules,
 * complaint days, calendar rows; an error summary on top linking to the fields), `:id` (the
 * programme, its warnings, the plan review, comments, the approval form with the plan SHA-256,
 * amend / withdraw) and its PDF / XLSX exports.
 */
@ApiExcludeController()
@Controller('sampling/programmes')
export class ProgrammesPagesController {
  constructor(
    private readonly service: ProgrammesService,
    private readonly queries: ProgrammesQueries,
    private readonly exporter: ProgrammeExportService,
    private readonly departments: DepartmentsService,
    private readonly items: InspectionItemsService,
    private readonly review: ProgrammePlanReview,
    private readonly i18n: I18nService,
  ) {}

  @Get()
  @Roles(...READERS)
  @Render('sampling/programmes/list')
  async list(@Query() query: ProgrammeQueryDto, @CurrentPrincipal() principal: Principal) {
    const page = await this.queries.list(query);
    const filters = { year: query.year, status: query.status, pageSize: query.pageSize };
    return {
      titleKey: 'samplingProgrammes.listTitle', filters, mayDraft: this.service.mayDraft(principal),
      page: { ...page, items: page.items.map((i) => ({ ...i, badge: BADGES[i.status] })) },
      statuses: PROGRAMME_STATUSES.map((value) => ({ value, selected: value === query.status })),
      ...pagerOf(page),
    };
  }

  @Get('new')
  @Roles(...READERS)
  @Render('sampling/programmes/form')
  async newForm() {
    const year = Number(this.i18n.today().slice(0, 4)) + (Number(this.i18n.today().slice(5, 7)) >= 10 ? 1 : 0);
    const grades = (await import('../domain/programme.rules.js')).DEFAULT_GRADES;
    const deps = await this.departments.list(true);
    const values = formValuesOf({
      title: this.i18n.t(null, 'samplingProgrammes.defaultTitle', { year }), year, notes: null, complaintDays: 90, targetedRules: [...TARGETED_RULES],
      departments: [], items: [], grades: [...grades],
      draws: this.service.propose(year, grades).map((d, i) => ({ ...d, id: 0, seq: i + 1, status: 'planned' as const })),
    }, deps.map((d) => d.id), this.i18n.timeZone);
    return this.formModel(null, values, 1);
  }

  @Post()
  @Roles(...READERS)
  async create(@Body() body: Record<string, unknown>, @CurrentPrincipal() principal: Principal, @Req() req: Request, @Res() res: Response): Promise<void> {
    await this.submitForm(null, body ?? {}, principal, req, res);
  }

  @Get(':id')
  @Roles(...READERS)
  @Render('sampling/programmes/detail')
  async detail(@Param('id', ParseIntPipe) id: number, @CurrentPrincipal() principal: Principal, @Req() req: Request) {
    return this.detailModel(id, principal, (req.res?.locals.locale as string) ?? this.i18n.defaultLocale, {});
  }

  @Get(':id/edit')
  @Roles(...READERS)
  async editForm(@Param('id', ParseIntPipe) id: number, @CurrentPrincipal() principal: Principal, @Res() res: Response): Promise<void> {
    const d = await this.queries.detail(id);
    if (!this.service.mayEdit(d, principal)) {
      // An approved programme is amended, not edited; another regulator's draft is commented on.
      res.redirect(303, `/sampling/programmes/${id}`);
      return;
    }
    const deps = await this.departments.list(true);
    const values = formValuesOf(d, this.departmentIdsFor(deps.map((x) => x.id), d), this.i18n.timeZone);
    res.render('sampling/programmes/form', await this.formModel(d, values, 1));
  }

  @Post(':id')
  @Roles(...READERS)
  async update(@Param('id', ParseIntPipe) id: number, @Body() body: Record<string, unknown>, @CurrentPrincipal() principal: Principal, @Req() req: Request, @Res() res: Response): Promise<void> {
    await this.queries.row(id);
    await this.submitForm(id, body ?? {}, principal, req, res);
  }

  @Post(':id/comments')
  @Roles(...READERS)
  async comment(@Param('id', ParseIntPipe) id: number, @Body() body: Record<string, unknown>, @CurrentPrincipal() principal: Principal, @Req() req: Request, @Res() res: Response): Promise<void> {
    const locale = res.locals.locale as string;
    const model = { ...(await this.detailModel(id, principal, locale, { comment: body ?? {} })), commentForm: true };
    await handleForm(res, this.i18n, 'sampling/programmes/detail', model, async () => {
      const form = await validateForm(CommentProgrammeDto, body ?? {});
      if (!form.ok) throw new ValidationFailedError(form.fields);
      await this.service.comment(id, form.value, principal, actorOf(principal, req));
      flash(req, 'success', 'samplingProgrammes.commented');
      res.redirect(303, `/sampling/programmes/${id}#comments`);
    });
  }

  @Post(':id/approve')
  @Roles(...REGULATORS)
  async approve(@Param('id', ParseIntPipe) id: number, @Body() body: Record<string, unknown>, @CurrentPrincipal() principal: Principal, @Req() req: Request, @Res() res: Response): Promise<void> {
    const locale = res.locals.locale as string;
    const model = { ...(await this.detailModel(id, principal, locale, { approve: body ?? {} })), approveForm: true };
    await handleForm(res, this.i18n, 'sampling/programmes/detail', model, async () => {
      const form = await validateForm(ApproveProgrammeDto, body ?? {});
      if (!form.ok) throw new ValidationFailedError(form.fields);
      await this.service.approve(id, form.value, principal, actorOf(principal, req));
      flash(req, 'success', 'samplingProgrammes.approved');
      res.redirect(303, `/sampling/programmes/${id}`);
    });
  }

  @Post(':id/amend')
  @Roles(...READERS)
  async amend(@Param('id', ParseIntPipe) id: number, @CurrentPrincipal() principal: Principal, @Req() req: Request, @Res() res: Response): Promise<void> {
    const locale = res.locals.locale as string;
    const model = await this.detailModel(id, principal, locale, {});
    await handleForm(res, this.i18n, 'sampling/programmes/detail', model, async () => {
      const d = await this.service.amend(id, principal, actorOf(principal, req));
      flash(req, 'success', 'samplingProgrammes.amended', { revision: d.revision });
      res.redirect(303, `/sampling/programmes/${d.id}/edit`);
    });
  }

  @Post(':id/withdraw')
  @Roles(...READERS)
  async withdraw(@Param('id', ParseIntPipe) id: number, @CurrentPrincipal() principal: Principal, @Req() req: Request, @Res() res: Response): Promise<void> {
    const locale = res.locals.locale as string;
    const model = await this.detailModel(id, principal, locale, {});
    await handleForm(res, this.i18n, 'sampling/programmes/detail', model, async () => {
      await this.service.withdraw(id, principal, actorOf(principal, req));
      flash(req, 'success', 'samplingProgrammes.withdrawn');
      res.redirect(303, `/sampling/programmes/${id}`);
    });
  }

  @Get(':id/export.pdf')
  @Roles(...READERS)
  async exportPdf(@Param('id', ParseIntPipe) id: number, @Res() res: Response): Promise<void> {
    const d = await this.queries.detail(id);
    await sendPdf(res, this.exporter.fileName(d, 'pdf'), 'ProgrammePdf', (out) => this.exporter.writePdf(d, res.locals.locale as string, out));
  }

  @Get(':id/export.xlsx')
  @Roles(...READERS)
  async exportXlsx(@Param('id', ParseIntPipe) id: number, @Res() res: Response): Promise<void> {
    const d = await this.queries.detail(id);
    await sendDownload(res, 'xlsx', this.exporter.fileName(d, 'xlsx'), (out) => this.exporter.writeXlsx(d, res.locals.locale as string, out));
  }

  /** The department rows of the form: every active department, plus any of the programme no longer active. */
  private departmentIdsFor(active: number[], d: ProgrammeDetail | null): number[] {
    const extra = (d?.departments ?? []).map((x) => x.departmentId).filter((id) => !active.includes(id));
    return [...active, ...extra];
  }

  /**
   * Save (create or update), or re-render with one more calendar row (`addDraw`) or the calendar
   * proposed from the grades in the form (`propose`); errors come back beside their fields, keyed by form row.
   */
  private async submitForm(id: number | null, body: Record<string, unknown>, principal: Principal, req: Request, res: Response): Promise<void> {
    const existing = id ? await this.queries.detail(id) : null;
    const rows = Math.min(24, Math.max(1, Number(body.drawRows) || 1));
    const values = { ...body };
    const { dto, index } = parseProgrammeForm(body);
    if (body.action === 'addDraw' || body.action === 'propose') {
      let extra = 0;
      if (body.action === 'addDraw') extra = 1;
      else {
        const grades = SAMPLING_GRADES.map((g) => {
          const x = (dto.grades as Record<string, Record<string, unknown>>)[g];
          const n = (v: unknown, dflt: number) => (typeof v === 'number' ? v : dflt);
          return { grade: g, ratioBp: n(x.ratioBp, 0), drawsPerYear: n(x.drawsPerYear, 0), cooldownMonths: n(x.cooldownMonths, 0) };
        });
        const year = typeof dto.year === 'number' ? dto.year : existing?.year ?? Number(this.i18n.today().slice(0, 4));
        for (const k of Object.keys(values)) if (k.startsWith('draws[')) delete values[k];
        this.service.propose(year, grades).forEach((x, i) => {
          values[`draws[${i}].drawAt`] = localInput(x.drawAt, this.i18n.timeZone);
          values[`draws[${i}].announceAt`] = localInput(x.announceAt, this.i18n.timeZone);
          values[`draws[${i}].grades`] = gradesText(x.grades).split('');
        });
      }
      res.status(200).render('sampling/programmes/form', await this.formModel(existing, values, rows + extra));
      return;
    }
    const model = await this.formModel(existing, values, rows);
    try {
      const actor = actorOf(principal, req);
      if (existing) {
        // The year is the draft's own field (an amendment keeps the amended programme's year).
        const year = dto.year;
        delete dto.year;
        if (year !== undefined && typeof year !== 'number') throw new ValidationFailedError({ year: [{ code: 'integer' }] });
        const form = await validateForm(UpdateProgrammeDto, dto);
        if (!form.ok) throw new ValidationFailedError(form.fields);
        const saved = await this.service.update(existing.id, { ...form.value, ...(year !== undefined && !existing.amendsId ? { year } : {}) }, principal, actor);
        flash(req, 'success', 'samplingProgrammes.saved');
        res.redirect(303, `/sampling/programmes/${saved.id}`);
      } else {
        const form = await validateForm(CreateProgrammeDto, dto);
        if (!form.ok) throw new ValidationFailedError(form.fields);
        const saved = await this.service.create(form.value, principal, actor);
        flash(req, 'success', 'samplingProgrammes.created');
        res.redirect(303, `/sampling/programmes/${saved.id}`);
      }
    } catch (err) {
      if (err instanceof ValidationFailedError) {
        const fields = formErrorKeys(err.fields, index);
        const withSummary = { ...model, errorList: this.errorList(fields, model.departments, res.locals.locale as string) };
        await handleForm(res, this.i18n, 'sampling/programmes/form', withSummary, () => Promise.reject(new ValidationFailedError(fields, err.messageKey, err.params)));
        return;
      }
      await handleForm(res, this.i18n, 'sampling/programmes/form', model, () => Promise.reject(err));
    }
  }

  /** The error summary on top of the form: each field's label and messages, linking to the input. */
  private errorList(fields: FieldProblems, departments: { index: number; code: string }[], locale: string) {
    const label = (key: string): string => {
      const t = (k: string) => this.i18n.t(locale, `samplingProgrammes.fields.${k}`);
      let m = /^departments\[(\d+)\]\.(\w+)$/.exec(key);
      if (m) return `${departments.find((d) => d.index === Number(m![1]))?.code ?? ''} · ${t(m[2])}`;
      m = /^draws\[(\d+)\]\.(\w+)$/.exec(key);
      if (m) return `${t('calendar')} #${Number(m[1]) + 1} · ${t(m[2])}`;
      m = /^grades\.([ABCD])(?:\.(\w+))?$/.exec(key);
      if (m) return `${this.i18n.t(locale, 'samplingProgrammes.gradeLabel', { grade: m[1] })}${m[2] ? ` · ${t(m[2])}` : ''}`;
      const plain = key.replace(/[^\w].*$/, '');
      return this.i18n.has(`samplingProgrammes.fields.${plain}`) ? t(plain) : key;
    };
    return Object.entries(translateFields(this.i18n, locale, fields)).map(([key, problems]) => ({ key, label: label(key), messages: problems.map((p) => p.message) }));
  }

  private async formModel(d: ProgrammeDetail | null, values: Record<string, unknown>, drawRows: number) {
    const [deps, activeItems] = await Promise.all([this.departments.list(true), this.items.listActive()]);
    const ids = this.departmentIdsFor(deps.map((x) => x.id), d);
    const depById = new Map(deps.map((x) => [x.id, x]));
    const str = (v: unknown) => (typeof v === 'string' ? v : v === undefined || v === null ? '' : String(v));
    const many = (v: unknown) => (Array.isArray(v) ? v.map(String) : v === undefined || v === '' ? [] : [String(v)]);
    const chosenItems = new Set(many(values.itemIds));
    const chosenRules = new Set(many(values.targetedRules));
    const departments = ids.map((id, i) => {
      const dep = depById.get(id) ?? d?.departments.find((x) => x.departmentId === id);
      return {
        index: i, id, code: dep?.code ?? String(id), nameZh: dep?.nameZh ?? '', nameEn: dep?.nameEn ?? '',
        take: !!str(values[`departments[${i}].take`]), keys: { departmentId: `departments[${i}].departmentId`, inspectorsPerTask: `departments[${i}].inspectorsPerTask` }, inspectorsPerTask: str(values[`departments[${i}].inspectorsPerTask`]) || '1',
      };
    });
    const itemGroups = ids.map((id) => ({
      departmentId: id, code: depById.get(id)?.code ?? '', nameZh: depById.get(id)?.nameZh ?? '', nameEn: depById.get(id)?.nameEn ?? '',
      items: activeItems.filter((x) => x.departmentId === id).map((x) => ({ ...x, checked: chosenItems.has(String(x.id)) })),
    })).filter((g) => g.items.length);
    let count = 0;
    for (let i = 0; i < 28; i++) if (values[`draws[${i}].drawAt`] !== undefined || values[`draws[${i}].grades`] !== undefined) count = i + 1;
    const total = Math.min(24, Math.max(count, drawRows, count + (count ? 0 : 1)));
    const draws = Array.from({ length: total }, (_, i) => {
      const g = new Set(many(values[`draws[${i}].grades`]).join('').split(''));
      return {
        index: i, n: i + 1, keys: { drawAt: `draws[${i}].drawAt`, announceAt: `draws[${i}].announceAt`, grades: `draws[${i}].grades` }, drawAt: str(values[`draws[${i}].drawAt`]), announceAt: str(values[`draws[${i}].announceAt`]),
        grades: SAMPLING_GRADES.map((x) => ({ grade: x, checked: g.has(x) })),
      };
    });
    return {
      titleKey: d ? 'samplingProgrammes.editTitle' : 'samplingProgrammes.newTitle', programme: d, values,
      action: d ? `/sampling/programmes/${d.id}` : '/sampling/programmes',
      yearLocked: !!d?.amendsId,
      departments, itemGroups, draws, drawRows: total,
      grades: SAMPLING_GRADES.map((g) => ({
        grade: g, keys: { ratioBp: `grades.${g}.ratioBp`, drawsPerYear: `grades.${g}.drawsPerYear`, cooldownMonths: `grades.${g}.cooldownMonths` }, ratioBp: str(values[`grades.${g}.ratioBp`]), drawsPerYear: str(values[`grades.${g}.drawsPerYear`]), cooldownMonths: str(values[`grades.${g}.cooldownMonths`]),
      })),
      targetedRules: TARGETED_RULES.map((value) => ({ value, checked: chosenRules.has(value) })),
      maxTitle: TITLE_MAX, maxNotes: NOTES_MAX,
    };
  }

  private async detailModel(id: number, principal: Principal, locale: string, forms: { comment?: Record<string, unknown>; approve?: Record<string, unknown> }) {
    const d = await this.queries.detail(id);
    const [comments, related, openAmendment, review] = await Promise.all([
      this.queries.comments(id), this.queries.related(id), d.status === 'approved' ? this.queries.openAmendmentOf(id) : Promise.resolve(null),
      this.review.review(id, locale),
    ]);
    const live = d.draws.filter((x) => x.status !== 'cancelled');
    const warnings = draftWarnings({ grades: d.grades, draws: live });

    return {
      titleKey: 'samplingProgrammes.detailTitle',
      programme: { ...d, badge: BADGES[d.status] },
      grades: d.grades.map((g) => ({ ...g, percent: percentOf(g.ratioBp), draws: live.filter((x) => x.grades.includes(g.grade)).length })),
      itemGroups: d.departments.map((dep) => ({ ...dep, items: d.items.filter((i) => i.departmentId === dep.departmentId) })),
      draws: d.draws.map((x) => ({ ...x, gradesText: gradesText(x.grades) })),
      warnings, comments, related, openAmendment, review, totalInspectors: d.departments.reduce((s, x) => s + x.inspectorsPerTask, 0),
      currentPlanSha256: sha256Hex(currentPlanJson(d)),
      mayEdit: this.service.mayEdit(d, principal),
      mayApprove: this.service.mayApprove(d, principal),
      ownDraft: d.status === 'draft' && d.createdById === principal.userId,
      mayWithdraw: this.service.mayWithdraw(d, principal),
      mayAmend: this.service.mayAmend(d, principal) && !openAmendment,
      comment: forms.comment ?? {}, approve: forms.approve ?? {}, maxComment: COMMENT_MAX, maxReason: REASON_MAX,
    };
  }
}
