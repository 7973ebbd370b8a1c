import { Body, Controller, Get, Param, ParseIntPipe, Post, Query, Render, Req, Res, UploadedFiles, UseInterceptors } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import type { Writable } from 'node:stream';
import { Roles } from '../../accounts/auth/auth.decorators.js';
import { isRegulator, MANAGERS, READERS, REGULATORS } from '../../accounts/domain/access-policy.js';
import { ValidationFailedError } from '../../common/errors/domain-error.js';
import { formatBytes } from '../../common/format-bytes.js';
import { pagerOf, PageQueryDto } from '../../common/pagination.js';
import { openPdf, sendPdf } from '../../common/pdf/pdf-document.js';
import { actorOf, CurrentPrincipal, type Principal } from '../../common/principal.js';
import { keysetBatches, sendDownload, tableRows, writeTable } from '../../common/tabular/tabular-export.js';
import { validateForm } from '../../common/validation.js';
import { flash, handleForm } from '../../common/views/page-helpers.js';
import { AppConfig } from '../../config/app-config.js';
import type { UploadedPart } from '../../files/upload.interceptor.js';
import { FINDING_SEVERITIES } from '../../findings/domain/finding-kinds.js';
import { I18nService } from '../../i18n/i18n.service.js';
import { TASK_RESULTS, TASK_STATUSES } from '../domain/sampling-kinds.js';
import {
  AssignInspectorDto, BASIS_MAX, DecideAbnormalDto, MAX_TASK_FILES, OVERDUE_FILTERS, REASON_MAX, RecordResultDto, SUMMARY_MAX, TaskQueryDto, TITLE_MAX,
} from './dto/tasks.dto.js';
import { TaskEvidenceUpload } from './task-uploads.js';
import { TasksQueries } from './tasks.queries.js';
import { TasksService } from './tasks.service.js';

type ExportRow = Awaited<ReturnType<TasksQueries['exportBatch']>>[number];

/** Rows of a PDF export at most: a filed list, not an archive (the XLSX has them all). */
const PDF_ROWS = 2000;

/**
 * Inspection task pages: `/sampling/tasks` (readers: every task, filtered, with XLSX and PDF of the
 * results), `/sampling/tasks/mine` (an inspector's own, open first), and one task with the result
 * form for its inspectors, evidence, the manual-assignment form of a flagged task, the
 * abnormal-operations decision and the publish button. Phone-first: an inspector records on site.
 */
@ApiExcludeController()
@Controller('sampling/tasks')
export class TasksPagesController {
  constructor(
    private readonly service: TasksService,
    private readonly queries: TasksQueries,
    private readonly i18n: I18nService,
    private readonly config: AppConfig,
  ) {}

  @Get()
  @Roles(...READERS)
  @Render('sampling/tasks/list')
  async list(@Query() query: TaskQueryDto) {
    const [page, departments] = await Promise.all([this.queries.list(query), this.queries.programmeDepartmentChoices()]);
    const filters = {
      programmeId: query.programmeId, drawId: query.drawId, status: query.status, result: query.result, departmentId: query.departmentId,
      q: query.q, due: query.due, abnormal: query.abnormal ? 'true' : undefined, pageSize: query.pageSize,
    };
    const exportQuery = new URLSearchParams(Object.entries(filters).filter(([k, v]) => k !== 'pageSize' && v !== undefined && v !== '').map(([k, v]): [string, string] => [k, String(v)])).toString();
    return {
      titleKey: 'samplingInspections.listTitle', page, filters, exportQuery,
      statuses: TASK_STATUSES.map((value) => ({ value, selected: value === query.status })),
      results: TASK_RESULTS.map((value) => ({ value, selected: value === query.result })),
      dues: OVERDUE_FILTERS.map((value) => ({ value, selected: value === query.due })),
      departments: departments.map((d) => ({ ...d, selected: d.id === query.departmentId })),
      ...pagerOf(page),
    };
  }

  @Get('export.xlsx')
  @Roles(...READERS)
  async exportXlsx(@Query() query: TaskQueryDto, @Res() res: Response): Promise<void> {
    const locale = res.locals.locale as string;
    const t = (key: string) => this.i18n.t(locale, `samplingInspections.${key}`);
    await sendDownload(res, 'xlsx', `inspection-results-${this.i18n.today()}.xlsx`, (out) => writeTable('xlsx', {
      sheetName: t('export.sheet'),
      columns: [
        { header: '#', width: 8 }, { header: t('tenant'), width: 32 }, { header: 'USCC', width: 22 }, { header: t('programme'), width: 28 },
        { header: t('departments'), width: 16 }, { header: t('status'), width: 10 }, { header: t('result'), width: 24 },
        { header: t('inspectedOn'), width: 12, kind: 'date' }, { header: t('publishBy'), width: 12, kind: 'date' }, { header: t('publishedOn'), width: 12, kind: 'date' },
        { header: t('summary'), width: 60 },
      ],
      rows: tableRows(keysetBatches<ExportRow>((w) => this.queries.exportBatch(query, w.offset, w.limit)), (r) => [
        String(r.id), r.tenant.name, r.tenant.uscc, r.programmeTitle, r.departments.join(' '), this.i18n.t(locale, `samplingInspections.statuses.${r.status}`),
        r.result ? this.i18n.t(locale, `samplingInspections.results.${r.result}`) : '', r.inspectedOn ?? '', r.publishBy ?? '',
        r.publishedAt ? this.i18n.formatDate(r.publishedAt) : '', r.summary ?? '',
      ]),
    }, out));
  }

  @Get('export.pdf')
  @Roles(...READERS)
  async exportPdf(@Query() query: TaskQueryDto, @Res() res: Response): Promise<void> {
    const locale = res.locals.locale as string;
    const t = (key: string, params: Record<string, unknown> = {}) => this.i18n.t(locale, `samplingInspections.${key}`, params);
    await sendPdf(res, `inspection-results-${this.i18n.today()}.pdf`, 'InspectionResultsPdf', async (out: Writable) => {
      const { doc, left, width, finish } = await openPdf(out, { Title: t('export.title') });
      doc.fontSize(16).text(t('export.title'), left, undefined, { width });
      doc.fontSize(9).fillColor('#555').text(t('export.asOf', { date: this.i18n.today() }), { width }).fillColor('#000').moveDown();
      let n = 0;
      for await (const batch of keysetBatches<ExportRow>((w) => this.queries.exportBatch(query, w.offset, Math.min(w.limit, PDF_ROWS - w.offset)))) {
        for (const r of batch) {
          doc.fontSize(10).text(`#${r.id}  ${r.tenant.name}（${r.tenant.uscc}）`, { width });
          doc.fontSize(9).text([
            `${t('departments')}：${r.departments.join(' ')}`,
            `${t('result')}：${r.result ? t(`results.${r.result}`) : t(`statuses.${r.status}`)}`,
            r.inspectedOn ? `${t('inspectedOn')}：${r.inspectedOn}` : '',
            r.publishedAt ? `${t('publishedOn')}：${this.i18n.formatDate(r.publishedAt)}` : r.publishBy ? `${t('publishBy')}：${r.publishBy}` : '',
          ].filter(Boolean).join('    '), { width });
          if (r.summary) doc.fontSize(9).fillColor('#333').text(r.summary, { width }).fillColor('#000');
          doc.moveDown(0.5);
          if (++n >= PDF_ROWS) break;
        }
        if (n >= PDF_ROWS) break;
      }
      if (!n) doc.fontSize(10).text(this.i18n.t(locale, 'common.noResults'), { width });
      await finish();
    });
  }

  @Get('mine')
  @Roles(...READERS)
  @Render('sampling/tasks/mine')
  async mine(@Query() query: PageQueryDto, @CurrentPrincipal() principal: Principal) {
    const me = isRegulator(principal) ? await this.queries.inspectorOfUser(principal.userId) : null;
    const page = me ? await this.queries.mine(me.inspectorId, query) : null;
    return {
      titleKey: 'samplingInspections.mineTitle', inspector: me, regulator: isRegulator(principal), page, filters: { pageSize: query.pageSize },
      ...(page ? pagerOf(page) : {}),
    };
  }

  @Get(':id')
  @Roles(...READERS)
  @Render('sampling/tasks/detail')
  async detail(@Param('id', ParseIntPipe) id: number, @CurrentPrincipal() principal: Principal) {
    return this.detailModel(id, principal, {});
  }

  @Post(':id/result')
  @Roles(...REGULATORS)
  async record(@Param('id', ParseIntPipe) id: number, @Body() body: Record<string, unknown>, @CurrentPrincipal() principal: Principal, @Req() req: Request, @Res() res: Response): Promise<void> {
    const task = await this.service.visible(id, principal);
    await this.service.assignedInspector(task, principal);
    const values = body ?? {};
    const model = { ...(await this.detailModel(id, principal, { result: values })), resultForm: true };
    await handleForm(res, this.i18n, 'sampling/tasks/detail', model, async () => {
      const form = await validateForm(RecordResultDto, values);
      if (!form.ok) throw new ValidationFailedError(form.fields);
      await this.service.recordResult(id, form.value, principal, actorOf(principal, req), 'page');
      flash(req, 'success', 'samplingInspections.recorded');
      res.redirect(303, `/sampling/tasks/${id}`);
    });
  }

  @Post(':id/evidence')
  @Roles(...REGULATORS)
  @UseInterceptors(TaskEvidenceUpload)
  async evidence(
    @Param('id', ParseIntPipe) id: number, @UploadedFiles() files: UploadedPart[] | undefined,
    @CurrentPrincipal() principal: Principal, @Req() req: Request, @Res() res: Response,
  ): Promise<void> {
    const model = { ...(await this.detailModel(id, principal, {})), evidenceForm: true };
    await handleForm(res, this.i18n, 'sampling/tasks/detail', model, async () => {
      await this.service.addEvidence(id, files ?? [], principal, actorOf(principal, req));
      flash(req, 'success', 'samplingInspections.evidenceAdded');
      res.redirect(303, `/sampling/tasks/${id}`);
    });
  }

  @Post(':id/assign')
  @Roles(...MANAGERS, ...REGULATORS)
  async assign(@Param('id', ParseIntPipe) id: number, @Body() body: Record<string, unknown>, @CurrentPrincipal() principal: Principal, @Req() req: Request, @Res() res: Response): Promise<void> {
    const model = { ...(await this.detailModel(id, principal, { assign: body ?? {} })), assignForm: true };
    await handleForm(res, this.i18n, 'sampling/tasks/detail', model, async () => {
      const form = await validateForm(AssignInspectorDto, body ?? {});
      if (!form.ok) throw new ValidationFailedError(form.fields);
      await this.service.assign(id, form.value, principal, actorOf(principal, req));
      flash(req, 'success', 'samplingInspections.assigned');
      res.redirect(303, `/sampling/tasks/${id}`);
    });
  }

  @Post(':id/abnormal')
  @Roles(...REGULATORS)
  async abnormal(@Param('id', ParseIntPipe) id: number, @Body() body: Record<string, unknown>, @CurrentPrincipal() principal: Principal, @Req() req: Request, @Res() res: Response): Promise<void> {
    const model = { ...(await this.detailModel(id, principal, { abnormal: body ?? {} })), abnormalForm: true };
    await handleForm(res, this.i18n, 'sampling/tasks/detail', model, async () => {
      const form = await validateForm(DecideAbnormalDto, body ?? {});
      if (!form.ok) throw new ValidationFailedError(form.fields);
      const row = await this.service.decideAbnormal(id, form.value, principal, actorOf(principal, req));
      flash(req, 'success', row.abnormalStatus === 'confirmed' ? 'samplingInspections.abnormalConfirmed' : 'samplingInspections.abnormalDismissed');
      res.redirect(303, `/sampling/tasks/${id}`);
    });
  }

  @Post(':id/publish')
  @Roles(...MANAGERS, ...REGULATORS)
  async publish(@Param('id', ParseIntPipe) id: number, @CurrentPrincipal() principal: Principal, @Req() req: Request, @Res() res: Response): Promise<void> {
    const model = { ...(await this.detailModel(id, principal, {})), publishForm: true };
    await handleForm(res, this.i18n, 'sampling/tasks/detail', model, async () => {
      await this.service.publish(id, principal, actorOf(principal, req));
      flash(req, 'success', 'samplingInspections.published');
      res.redirect(303, `/sampling/tasks/${id}`);
    });
  }

  private async detailModel(id: number, principal: Principal, forms: { result?: Record<string, unknown>; assign?: Record<string, unknown>; abnormal?: Record<string, unknown> }) {
    const row = await this.service.visible(id, principal);
    const task = await this.queries.view(row);
    const me = isRegulator(principal) ? await this.queries.inspectorOfUser(principal.userId) : null;
    const onTask = !!me && task.inspectors.some((i) => i.inspectorId === me.inspectorId);
    const [manage, decideAbnormal] = await Promise.all([this.service.mayManage(row, principal), this.service.mayDecideAbnormal(principal)]);
    const canRecord = onTask && (task.status === 'assigned' || (task.status === 'recorded' && task.recordedById === principal.userId && task.findingId === null
      && (task.abnormalStatus === null || task.abnormalStatus === 'proposed')));
    const shortDepartments = task.departments.filter((d) => d.short).map((d) => d.id);
    const candidates = manage && task.needsManual && task.status !== 'published'
      ? await this.queries.candidates(shortDepartments, task.inspectors.map((i) => i.inspectorId)) : [];
    const result = forms.result ?? (task.status !== 'assigned' ? { result: task.result, inspectedOn: task.inspectedOn, summary: task.summary } : { inspectedOn: this.i18n.today() });
    const myDepartment = me ? task.departments.find((d) => d.id === me.departmentId) ?? null : null;
    return {
      titleKey: 'samplingInspections.detailTitle', task, result, assign: forms.assign ?? {}, abnormal: forms.abnormal ?? {},
      canRecord, correcting: canRecord && task.status === 'recorded', canUpload: onTask && task.status !== 'published',
      canAssign: manage && task.needsManual && task.status !== 'published', candidates,
      canDecideAbnormal: decideAbnormal && task.abnormalStatus === 'proposed', canPublish: manage && task.status === 'recorded',
      myDepartment, resultOptions: TASK_RESULTS.map((value) => ({ value, checked: value === result.result })),
      severities: FINDING_SEVERITIES.map((value) => ({ value, selected: value === result.severity })),
      maxFiles: MAX_TASK_FILES, moreFiles: Math.max(0, MAX_TASK_FILES - task.files.length), maxSize: formatBytes(this.config.UPLOAD_MAX_BYTES),
      max: { summary: SUMMARY_MAX, title: TITLE_MAX, basis: BASIS_MAX, reason: REASON_MAX },
    };
  }
}
