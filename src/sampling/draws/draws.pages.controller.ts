import { Body, Controller, Get, Param, ParseIntPipe, Post, Query, Render, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Public, Roles } from '../../accounts/auth/auth.decorators.js';
import { inGroup, isRegulator, MANAGERS, READERS, REGULATORS } from '../../accounts/domain/access-policy.js';
import { ValidationFailedError } from '../../common/errors/domain-error.js';
import { pagerOf } from '../../common/pagination.js';
import { sendPdf } from '../../common/pdf/pdf-document.js';
import { actorOf, CurrentPrincipal, type Principal } from '../../common/principal.js';
import { sendDownload, writeTable } from '../../common/tabular/tabular-export.js';
import { validateForm } from '../../common/validation.js';
import { flash, handleForm } from '../../common/views/page-helpers.js';
import { I18nService } from '../../i18n/i18n.service.js';
import type { Locale } from '../../i18n/messages/index.js';
import { cachePublicPage } from '../../lists/public/public-cache.js';
import { DRAW_STATUSES } from '../domain/sampling-kinds.js';
import { writeDrawPdf } from './draw-export.pdf.js';
import { drawGrades, ENTROPY_MAX, entropyOpen, publicLayer, runnable } from './draws.rules.js';
import { DrawsQueries, type DrawDetail, type DrawTaskRow } from './draws.queries.js';
import { DrawsService } from './draws.service.js';
import { DrawListQueryDto, DrawTasksQueryDto, EntropyDto, PublicDrawListQueryDto } from './dto/draws.dto.js';

/** The export's columns: one row per task, inspectors by code and name. */
export function exportCells(t: DrawTaskRow, i18n: I18nService, locale: Locale): string[] {
  return [
    String(t.position + 1), t.tenantName, t.uscc,
    t.stratum === 'T' ? i18n.t(locale, 'samplingDraws.targeted') : t.stratum, t.rank ?? '',
    t.inspectors.map((x) => `${x.code} ${x.name}`.trim()).join('; '),
    t.needsManual ? i18n.t(locale, 'samplingDraws.flaggedReason', { reason: t.manualReason ?? '' }) : '',
  ];
}

/**
 * Draw pages for readers: the list, a draw (frame counts, hash, commitment, seed after the draw, the
 * entropy form for regulators before it, "run now" when due, tasks with their inspectors, flagged
 * tasks), exports; and the public pages: announced and drawn draws, a draw's announcement and result,
 * and how to verify one.
 */
@ApiExcludeController()
@Controller()
export class DrawsPagesController {
  constructor(private readonly service: DrawsService, private readonly queries: DrawsQueries, private readonly i18n: I18nService) {}

  @Get('sampling/draws')
  @Roles(...READERS)
  @Render('sampling/draws/list')
  async list(@Query() query: DrawListQueryDto) {
    const page = await this.queries.list(query);
    const filters = { programmeId: query.programmeId, status: query.status, year: query.year, pageSize: query.pageSize };
    return {
      titleKey: 'samplingDraws.listTitle', page, filters, base: '/sampling/draws',
      statuses: DRAW_STATUSES.map((value) => ({ value, selected: value === query.status })), ...pagerOf(page),
    };
  }

  @Get('sampling/draws/:id')
  @Roles(...READERS)
  @Render('sampling/draws/detail')
  async detail(@Param('id', ParseIntPipe) id: number, @Query() query: DrawTasksQueryDto, @CurrentPrincipal() principal: Principal) {
    return this.detailModel(id, query, principal, {});
  }

  private async detailModel(id: number, query: DrawTasksQueryDto, principal: Principal, values: Record<string, unknown>) {
    const draw = await this.queries.detail(id);
    const tasks = await this.queries.tasks(id, query);
    const page = { ...tasks, items: tasks.items.map((t) => ({ ...t, number: t.position + 1 })) };
    const now = new Date();
    return {
      titleKey: 'samplingDraws.detailTitle', draw, page, values, maxEntropy: ENTROPY_MAX,
      filters: { flagged: query.flagged ? 'true' : undefined, pageSize: query.pageSize }, base: `/sampling/draws/${id}`,
      frameRows: frameRows(draw),
      entropyForm: isRegulator(principal) && entropyOpen(draw, now),
      canRun: (inGroup(principal, MANAGERS) || inGroup(principal, REGULATORS)) && runnable(draw, now),
      drawn: draw.status === 'drawn',
      ...pagerOf(page),
    };
  }

  @Post('sampling/draws/:id/entropy')
  @Roles(...REGULATORS)
  async entropy(@Param('id', ParseIntPipe) id: number, @Body() body: Record<string, unknown>, @CurrentPrincipal() principal: Principal, @Req() req: Request, @Res() res: Response): Promise<void> {
    const values = body ?? {};
    const model = await this.detailModel(id, {} as DrawTasksQueryDto, principal, values);
    await handleForm(res, this.i18n, 'sampling/draws/detail', model, async () => {
      // An empty value is a value (no entropy): the form helper would take an empty field for a missing one.
      const blankValue = values.value === undefined || (typeof values.value === 'string' && values.value.trim() === '');
      const form = blankValue ? { ok: true as const, value: { value: '' } } : await validateForm(EntropyDto, { value: values.value });
      if (!form.ok) throw new ValidationFailedError(form.fields);
      await this.service.setEntropy(id, form.value.value, actorOf(principal, req));
      flash(req, 'success', 'samplingDraws.entropySaved');
      res.redirect(303, `/sampling/draws/${id}`);
    });
  }

  @Post('sampling/draws/:id/run')
  @Roles(...MANAGERS, ...REGULATORS)
  async run(@Param('id', ParseIntPipe) id: number, @CurrentPrincipal() principal: Principal, @Req() req: Request, @Res() res: Response): Promise<void> {
    const model = await this.detailModel(id, {} as DrawTasksQueryDto, principal, {});
    await handleForm(res, this.i18n, 'sampling/draws/detail', model, async () => {
      const { draw, ranNow } = await this.service.runNow(id, actorOf(principal, req));
      flash(req, 'success', ranNow ? 'samplingDraws.drawnNow' : 'samplingDraws.alreadyDrawn', { tasks: draw.taskCount });
      res.redirect(303, `/sampling/draws/${id}`);
    });
  }

  @Get('sampling/draws/:id/export.xlsx')
  @Roles(...READERS)
  async exportXlsx(@Param('id', ParseIntPipe) id: number, @Res() res: Response): Promise<void> {
    const draw = await this.queries.detail(id);
    const locale = this.locale(res);
    const t = (key: string) => this.i18n.t(locale, `samplingDraws.export.${key}`);
    const self = this;
    async function* rows() {
      for await (const batch of self.queries.allTasks(id)) for (const task of batch) yield exportCells(task, self.i18n, locale);
    }
    await sendDownload(res, 'xlsx', `draw-${draw.id}.xlsx`, (out) => writeTable('xlsx', {
      sheetName: `draw-${draw.id}`,
      columns: [
        { header: t('position'), width: 8 }, { header: t('tenant'), width: 36 }, { header: t('uscc'), width: 22 }, { header: t('stratum'), width: 12 },
        { header: t('rank'), width: 20 }, { header: t('inspectors'), width: 40 }, { header: t('flagged'), width: 30 },
      ],
      rows: rows(),
    }, out));
  }

  @Get('sampling/draws/:id/export.pdf')
  @Roles(...READERS)
  async exportPdf(@Param('id', ParseIntPipe) id: number, @Res() res: Response): Promise<void> {
    const draw = await this.queries.detail(id);
    const locale = this.locale(res);
    await sendPdf(res, `draw-${draw.id}.pdf`, 'DrawExport', (out) => writeDrawPdf(out, draw, this.queries.allTasks(id), this.i18n, locale));
  }

  private locale(res: Response): Locale {
    return res.locals.locale === 'en' ? 'en' : 'zh-CN';
  }

  // ---- public ----

  @Get('public/draws')
  @Public()
  @Render('public/draws')
  async publicList(@Query() query: PublicDrawListQueryDto, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    cachePublicPage(req, res);
    const page = await this.queries.publicList(query);
    return { titleKey: 'samplingDraws.public.title', page, filters: { year: query.year, pageSize: query.pageSize }, base: '/public/draws', ...pagerOf(page) };
  }

  @Get('public/draws/how')
  @Public()
  @Render('public/draws-how')
  how(@Req() req: Request, @Res({ passthrough: true }) res: Response) {
    cachePublicPage(req, res);
    return { titleKey: 'samplingDraws.how.title' };
  }

  @Get('public/draws/:id')
  @Public()
  @Render('public/draw')
  async publicDetail(@Param('id', ParseIntPipe) id: number, @Query() query: PublicDrawListQueryDto, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    const draw = await this.queries.detail(id, true);
    cachePublicPage(req, res);
    const drawn = draw.status === 'drawn';
    const page = drawn ? await this.queries.tasks(id, { page: query.page, pageSize: query.pageSize } as DrawTasksQueryDto) : null;
    const order = drawGrades(draw.grades);
    return {
      titleKey: 'samplingDraws.public.detailTitle', draw, drawn,
      layers: order.length,
      selected: page?.items.map((t) => ({ name: t.tenantName, uscc: t.uscc, ...publicLayer(t.stratum, order) })) ?? [],
      page: page ?? { items: [], total: 0, page: 1, pageSize: 50 }, filters: { pageSize: query.pageSize }, base: `/public/draws/${id}`,
      ...pagerOf(page ?? { page: 1, pageSize: 50, total: 0 }),
    };
  }
}

/** The frame table of a draw page: one row per stratum (grade), targeted, excluded. */
function frameRows(draw: DrawDetail) {
  return draw.frameCounts.map((c) => ({ kind: c.kind, count: c.count, stratum: c.kind !== 'T' && c.kind !== 'X' }));
}
