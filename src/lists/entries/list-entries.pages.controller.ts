import { Body, Controller, Get, Param, ParseIntPipe, Post, Query, Render, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Roles } from '../../accounts/auth/auth.decorators.js';
import { isRegulator, isTenantOfficer, OFFICERS, READERS, REGULATORS, TENANT_READERS } from '../../accounts/domain/access-policy.js';
import { ValidationFailedError } from '../../common/errors/domain-error.js';
import { pagerOf } from '../../common/pagination.js';
import { actorOf, CurrentPrincipal, type Principal } from '../../common/principal.js';
import { sendDownload } from '../../common/tabular/tabular-export.js';
import { validateForm } from '../../common/validation.js';
import { flash, handleForm } from '../../common/views/page-helpers.js';
import { I18nService } from '../../i18n/i18n.service.js';
import { LIST_CRITERIA, LIST_ENTRY_STATUSES, LIST_KINDS, type ListKind } from '../domain/list-kinds.js';
import { CandidatesQueryDto, DECISION_REASON_MAX, LEGAL_BASIS_MAX, ListEntriesQueryDto, ListReasonDto, ListTextDto, ProposeListEntryDto, REASONS_MAX, TEXT_MAX } from './dto/list-entry.dto.js';
import { ListCandidatesService } from './list-candidates.service.js';
import { ListEntriesQueries } from './list-entries.queries.js';
import { ListEntriesService } from './list-entries.service.js';

const BADGES: Record<string, string> = { proposed: 'badge-pending', active: 'badge-overdue', rejected: 'badge-muted', withdrawn: 'badge-muted', ended: 'badge-signed' };
export const entryBadge = (status: string) => BADGES[status] ?? 'badge-muted';

/** The records a form carries as JSON text in one hidden field (from a candidate), back as an array for the DTO. */
function recordsOf(body: Record<string, unknown>): Record<string, unknown> {
  const out = { ...body };
  delete out._csrf;
  if (typeof out.records === 'string') {
    try {
      out.records = out.records.trim() ? JSON.parse(out.records) : undefined;
    } catch {
      throw new ValidationFailedError({ records: [{ code: 'format' }] });
    }
  }
  if (out.records === undefined) delete out.records;
  return out;
}

/**
 * List pages: the lists (tabs per list, status filter, search, export), the candidates, the proposal
 * form, an entry with its records, objections and the buttons of whoever may act, and the rules in force.
 * Static paths come before `/lists/:id`.
 */
@ApiExcludeController()
@Controller('lists')
export class ListEntriesPagesController {
  constructor(
    private readonly service: ListEntriesService,
    private readonly queries: ListEntriesQueries,
    private readonly candidatesService: ListCandidatesService,
    private readonly i18n: I18nService,
  ) {}

  @Get()
  @Roles(...TENANT_READERS)
  async list(@Query() query: ListEntriesQueryDto, @CurrentPrincipal() principal: Principal, @Res() res: Response): Promise<void> {
    if (query.format) {
      const format = query.format;
      await sendDownload(res, format, `lists-${this.i18n.today()}.${format}`, (out) => this.queries.write(format, principal, query, res.locals.locale as string, out));
      return;
    }
    const page = await this.queries.list(principal, query);
    const filters = { list: query.list, status: query.status, q: query.q, tenantId: query.tenantId, pageSize: query.pageSize };
    const officer = isTenantOfficer(principal);
    res.render('lists/list', {
      titleKey: 'listsEntries.listTitle', officer, filters, canPropose: !officer,
      page: { ...page, items: page.items.map((i) => ({ ...i, badge: entryBadge(i.status) })) },
      tabs: [{ value: '', current: !query.list }, ...LIST_KINDS.map((value) => ({ value, current: value === query.list }))],
      statuses: LIST_ENTRY_STATUSES.map((value) => ({ value, selected: value === query.status, count: page.counts[value] ?? 0 })),
      exportCsv: `/lists${queryString({ ...filters, format: 'csv' })}`, exportXlsx: `/lists${queryString({ ...filters, format: 'xlsx' })}`,
      ...pagerOf(page),
    });
  }

  @Get('candidates')
  @Roles(...READERS)
  @Render('lists/candidates')
  async candidates(@Query() query: CandidatesQueryDto, @CurrentPrincipal() principal: Principal) {
    const list: ListKind = query.list ?? 'black';
    const page = await this.candidatesService.candidates(list, query);
    const mayPropose = !isRegulator(principal) || list === 'black';
    return {
      titleKey: 'listsEntries.candidatesTitle', list, filters: { list, pageSize: query.pageSize }, mayPropose,
      tabs: LIST_KINDS.map((value) => ({ value, current: value === list })),
      page: { ...page, items: page.items.map((c) => ({ ...c, recordsJson: JSON.stringify(c.records) })) },
      ...pagerOf(page),
    };
  }

  @Get('rules')
  @Roles(...READERS)
  @Render('lists/rules')
  async rules() {
    const today = this.i18n.today();
    const rules = await this.service.rules();
    const inForce = new Set(LIST_KINDS.map((l) => rules.filter((r) => r.list === l && r.effectiveFrom <= today).at(-1)?.id));
    return { titleKey: 'listsEntries.rulesTitle', rules: rules.map((r) => ({ ...r, inForce: inForce.has(r.id) })) };
  }

  @Get('new')
  @Roles(...READERS)
  @Render('lists/new')
  async newForm(@Query() query: Record<string, unknown>, @CurrentPrincipal() principal: Principal) {
    const pick = (k: string) => (typeof query[k] === 'string' ? (query[k] as string).slice(0, 5000) : undefined);
    return this.formModel({ tenantId: pick('tenantId'), uscc: pick('uscc'), list: pick('list'), criterion: pick('criterion'), records: pick('records') }, principal);
  }

  @Post('new')
  @Roles(...READERS)
  async create(@Body() body: Record<string, unknown>, @CurrentPrincipal() principal: Principal, @Req() req: Request, @Res() res: Response): Promise<void> {
    await handleForm(res, this.i18n, 'lists/new', await this.formModel(body ?? {}, principal), async () => {
      const form = await validateForm(ProposeListEntryDto, recordsOf(body ?? {}));
      if (!form.ok) throw new ValidationFailedError(form.fields);
      const row = await this.service.propose(form.value, principal, actorOf(principal, req), 'page');
      flash(req, 'success', 'listsEntries.proposed');
      res.redirect(303, `/lists/${row.id}`);
    });
  }

  @Get(':id')
  @Roles(...TENANT_READERS)
  @Render('lists/detail')
  async detail(@Param('id', ParseIntPipe) id: number, @CurrentPrincipal() principal: Principal) {
    return this.detailModel(id, principal, {});
  }

  @Post(':id/objections')
  @Roles(...OFFICERS)
  async object(@Param('id', ParseIntPipe) id: number, @Body() body: Record<string, unknown>, @CurrentPrincipal() principal: Principal, @Req() req: Request, @Res() res: Response): Promise<void> {
    const model = { ...(await this.detailModel(id, principal, body ?? {})), objectionForm: true };
    await handleForm(res, this.i18n, 'lists/detail', model, async () => {
      const form = await validateForm(ListTextDto, { text: (body ?? {}).text });
      if (!form.ok) throw new ValidationFailedError(form.fields);
      await this.service.object(id, form.value, principal, actorOf(principal, req));
      flash(req, 'success', 'listsEntries.objected');
      res.redirect(303, `/lists/${id}`);
    });
  }

  @Post(':id/objections/:objectionId/answer')
  @Roles(...READERS)
  async answer(
    @Param('id', ParseIntPipe) id: number, @Param('objectionId', ParseIntPipe) objectionId: number, @Body() body: Record<string, unknown>,
    @CurrentPrincipal() principal: Principal, @Req() req: Request, @Res() res: Response,
  ): Promise<void> {
    const model = { ...(await this.detailModel(id, principal, body ?? {})), answerForm: objectionId };
    await handleForm(res, this.i18n, 'lists/detail', model, async () => {
      const form = await validateForm(ListTextDto, { text: (body ?? {}).text });
      if (!form.ok) throw new ValidationFailedError(form.fields);
      await this.service.answer(id, objectionId, form.value, principal, actorOf(principal, req));
      flash(req, 'success', 'listsEntries.answered');
      res.redirect(303, `/lists/${id}`);
    });
  }

  @Post(':id/approve')
  @Roles(...REGULATORS)
  async approve(@Param('id', ParseIntPipe) id: number, @Body() body: Record<string, unknown>, @CurrentPrincipal() principal: Principal, @Req() req: Request, @Res() res: Response): Promise<void> {
    await this.decision(id, 'approve', body, principal, req, res);
  }

  @Post(':id/reject')
  @Roles(...REGULATORS)
  async reject(@Param('id', ParseIntPipe) id: number, @Body() body: Record<string, unknown>, @CurrentPrincipal() principal: Principal, @Req() req: Request, @Res() res: Response): Promise<void> {
    await this.decision(id, 'reject', body, principal, req, res);
  }

  @Post(':id/exit')
  @Roles(...REGULATORS)
  async exit(@Param('id', ParseIntPipe) id: number, @Body() body: Record<string, unknown>, @CurrentPrincipal() principal: Principal, @Req() req: Request, @Res() res: Response): Promise<void> {
    await this.decision(id, 'exit', body, principal, req, res);
  }

  @Post(':id/withdraw')
  @Roles(...READERS)
  async withdraw(@Param('id', ParseIntPipe) id: number, @CurrentPrincipal() principal: Principal, @Req() req: Request, @Res() res: Response): Promise<void> {
    const model = { ...(await this.detailModel(id, principal, {})), withdrawForm: true };
    await handleForm(res, this.i18n, 'lists/detail', model, async () => {
      await this.service.withdraw(id, principal, actorOf(principal, req));
      flash(req, 'success', 'listsEntries.withdrawn');
      res.redirect(303, `/lists/${id}`);
    });
  }

  private async decision(id: number, kind: 'approve' | 'reject' | 'exit', body: Record<string, unknown>, principal: Principal, req: Request, res: Response): Promise<void> {
    await this.service.existing(id);
    const model = { ...(await this.detailModel(id, principal, body ?? {})), [`${kind}Form`]: true };
    await handleForm(res, this.i18n, 'lists/detail', model, async () => {
      const form = await validateForm(ListReasonDto, { reason: (body ?? {}).reason });
      if (!form.ok) throw new ValidationFailedError(form.fields);
      const actor = actorOf(principal, req);
      if (kind === 'approve') await this.service.approve(id, form.value, principal, actor);
      else if (kind === 'reject') await this.service.reject(id, form.value, principal, actor);
      else await this.service.exit(id, form.value, principal, actor);
      flash(req, 'success', `listsEntries.done.${kind}`);
      res.redirect(303, `/lists/${id}`);
    });
  }

  private async formModel(values: Record<string, unknown>, principal: Principal) {
    const today = this.i18n.today();
    const rules = await this.service.rules();
    const regulator = isRegulator(principal);
    const lists = (regulator ? (['black'] as const) : LIST_KINDS).map((value) => {
      const rule = rules.filter((r) => r.list === value && r.effectiveFrom <= today).at(-1);
      return { value, checked: value === values.list, legalBasis: rule?.legalBasis ?? '', days: rule?.objectionWorkingDays ?? 0, months: rule?.durationMonths ?? 0 };
    });
    const chosen = lists.find((l) => l.checked);
    return {
      titleKey: 'listsEntries.newTitle', values: { ...values, legalBasis: values.legalBasis ?? chosen?.legalBasis ?? '' }, lists,
      criteria: [...new Set(Object.values(LIST_CRITERIA).flat())].map((value) => ({ value, selected: value === values.criterion })),
      maxReasons: REASONS_MAX, maxLegalBasis: LEGAL_BASIS_MAX,
    };
  }

  private async detailModel(id: number, principal: Principal, form: Record<string, unknown>) {
    const entry = await this.queries.view(await this.service.visible(id, principal), principal);
    return { titleKey: 'listsEntries.detailTitle', entry, badge: entryBadge(entry.status), form, maxText: TEXT_MAX, maxReason: DECISION_REASON_MAX };
  }
}

function queryString(params: Record<string, unknown>): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') p.set(k, String(v));
  const s = p.toString();
  return s ? `?${s}` : '';
}
