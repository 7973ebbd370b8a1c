import { Body, Controller, Get, Param, ParseIntPipe, Post, Query, Render, Req, Res, UploadedFiles, UseInterceptors } from '@nestjs/common';
import { pagerOf } from '../../common/pagination.js';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Roles } from '../../accounts/auth/auth.decorators.js';
import { MANAGERS, OFFICERS, READERS, TENANT_READERS, isManager, isOfficerOf } from '../../accounts/domain/access-policy.js';
import { ValidationFailedError } from '../../common/errors/domain-error.js';
import { actorOf, CurrentPrincipal, type Principal } from '../../common/principal.js';
import { validateForm } from '../../common/validation.js';
import { flash, handleForm } from '../../common/views/page-helpers.js';
import { formatBytes } from '../../common/format-bytes.js';
import { AppConfig } from '../../config/app-config.js';
import { ROLES_SUFFICE, routeId, UploadInterceptor, type UploadedPart } from '../../files/upload.interceptor.js';
import { I18nService } from '../../i18n/i18n.service.js';
import { BreachesQueries } from './breaches.queries.js';
import { BreachesService, MAX_EVIDENCE_FILES } from './breaches.service.js';
import { sendDownload, type TabularFormat } from '../../common/tabular/tabular-export.js';
import { BREACH_SEVERITIES, BREACH_STATUSES } from '../domain/breach-lifecycle.rules.js';
import {
  BREACH_REASON_MAX, BREACH_TEXT_MAX, BreachQueryDto, BreachResponseDto, DecideBreachDto, NewBreachQueryDto, RecordBreachDto,
} from './dto/breach.dto.js';

/** Evidence of a new breach: staff only, and the breach does not exist yet, so the route's roles are the check. */
const Evidence = UploadInterceptor({ field: 'files', maxCount: MAX_EVIDENCE_FILES, limit: (c) => c.UPLOAD_MAX_BYTES, access: ROLES_SUFFICE });
/** Files of a response: the breach must exist and be the officer's own tenant's before the body is read (404 otherwise). */
const ResponseFiles = UploadInterceptor({
  field: 'files', maxCount: MAX_EVIDENCE_FILES, limit: (c) => c.UPLOAD_MAX_BYTES,
  access: async ({ req, principal, get }) => {
    await get(BreachesService).respondableBreach(routeId(req), principal);
  },
});

/** Breach pages: staff record, everyone allowed reads, the tenant's officers respond. */
@ApiExcludeController()
@Controller('conventions/breaches')
export class BreachesPagesController {
  constructor(
    private readonly breaches: BreachesService,
    private readonly queries: BreachesQueries,
    private readonly i18n: I18nService,
    private readonly config: AppConfig,
  ) {}

  @Get()
  @Roles(...READERS)
  @Render('conventions/breaches/list')
  async list(@Query() query: BreachQueryDto) {
    const page = await this.queries.list(query);
    const filters = { q: query.q, from: query.from, to: query.to, status: query.status, severity: query.severity, pageSize: query.pageSize };
    const exportQuery = new URLSearchParams(Object.entries(filters).filter(([k, v]) => k !== 'pageSize' && v).map(([k, v]): [string, string] => [k, String(v)])).toString();
    return {
      titleKey: 'conventionsBreaches.listTitle', page, filters, exportQuery,
      statuses: BREACH_STATUSES.map((value) => ({ value, selected: value === query.status })),
      severities: BREACH_SEVERITIES.map((value) => ({ value, selected: value === query.severity })),
      ...pagerOf(page),
    };
  }

  @Get('export.csv')
  @Roles(...READERS)
  async exportCsv(@Query() query: BreachQueryDto, @Res() res: Response): Promise<void> {
    await this.sendExport(res, 'csv', query);
  }

  @Get('export.xlsx')
  @Roles(...READERS)
  async exportXlsx(@Query() query: BreachQueryDto, @Res() res: Response): Promise<void> {
    await this.sendExport(res, 'xlsx', query);
  }

  @Get('new')
  @Roles(...MANAGERS)
  @Render('conventions/breaches/new')
  async newForm(@Query() query: NewBreachQueryDto) {
    const tenant = await this.breaches.recordableTenant(query.tenantId);
    return this.formModel(tenant.id, { name: tenant.name, id: tenant.id }, { occurredOn: this.i18n.today() });
  }

  @Post()
  @Roles(...MANAGERS)
  @UseInterceptors(Evidence)
  async create(
    @Body() body: Record<string, unknown>, @UploadedFiles() files: UploadedPart[] | undefined,
    @CurrentPrincipal() principal: Principal, @Req() req: Request, @Res() res: Response,
  ): Promise<void> {
    const tenantId = Number(body?.tenantId);
    const tenant = Number.isInteger(tenantId) && tenantId > 0 ? await this.breaches.recordableTenant(tenantId).catch(() => null) : null;
    const model = await this.formModel(tenant?.id ?? null, tenant ? { id: tenant.id, name: tenant.name } : null, body ?? {});
    await handleForm(res, this.i18n, 'conventions/breaches/new', model, async () => {
      const form = await validateForm(RecordBreachDto, body ?? {});
      if (!form.ok) throw new ValidationFailedError(form.fields);
      const breach = await this.breaches.record(form.value, files ?? [], principal, actorOf(principal, req));
      flash(req, 'success', 'conventionsBreaches.recorded');
      res.redirect(303, `/conventions/breaches/${breach.id}`);
    });
  }

  @Get(':id')
  @Roles(...TENANT_READERS)
  @Render('conventions/breaches/detail')
  async detail(@Param('id', ParseIntPipe) id: number, @CurrentPrincipal() principal: Principal) {
    return this.detailModel(id, principal, {}, {});
  }

  @Post(':id/responses')
  @Roles(...OFFICERS)
  @UseInterceptors(ResponseFiles)
  async respond(
    @Param('id', ParseIntPipe) id: number, @Body() body: Record<string, unknown>, @UploadedFiles() files: UploadedPart[] | undefined,
    @CurrentPrincipal() principal: Principal, @Req() req: Request, @Res() res: Response,
  ): Promise<void> {
    const model = await this.detailModel(id, principal, body ?? {}, {});
    await handleForm(res, this.i18n, 'conventions/breaches/detail', model, async () => {
      const form = await validateForm(BreachResponseDto, body ?? {});
      if (!form.ok) throw new ValidationFailedError(form.fields);
      await this.breaches.respond(id, form.value, files ?? [], principal, actorOf(principal, req));
      flash(req, 'success', 'conventionsBreaches.responded');
      res.redirect(303, `/conventions/breaches/${id}`);
    });
  }

  /** Staff confirm or withdraw an open breach, with a reason; the form comes back with its errors, a closed breach with 409. */
  @Post(':id/decision')
  @Roles(...MANAGERS)
  async decide(
    @Param('id', ParseIntPipe) id: number, @Body() body: Record<string, unknown>,
    @CurrentPrincipal() principal: Principal, @Req() req: Request, @Res() res: Response,
  ): Promise<void> {
    const model = { ...(await this.detailModel(id, principal, {}, body ?? {})), decisionForm: true };
    await handleForm(res, this.i18n, 'conventions/breaches/detail', model, async () => {
      const form = await validateForm(DecideBreachDto, body ?? {});
      if (!form.ok) throw new ValidationFailedError(form.fields);
      const breach = await this.breaches.decide(id, form.value, principal, actorOf(principal, req));
      flash(req, 'success', breach.status === 'confirmed' ? 'conventionsBreaches.confirmed' : 'conventionsBreaches.withdrawn');
      res.redirect(303, `/conventions/breaches/${id}`);
    });
  }

  private async sendExport(res: Response, format: TabularFormat, query: BreachQueryDto): Promise<void> {
    await sendDownload(res, format, this.queries.fileName(format), (out) => this.queries.write(format, query, res.locals.locale as string, out));
  }

  private async formModel(tenantId: number | null, tenant: { id: number; name: string } | null, values: Record<string, unknown>) {
    const groups = tenantId ? await this.queries.clauseOptions(tenantId) : [];
    const selected = String(values.clauseId ?? '');
    return {
      titleKey: 'conventionsBreaches.newTitle', tenant, values,
      severities: BREACH_SEVERITIES.map((value) => ({ value, selected: value === String(values.severity ?? 'general') })),
      groups: groups.map((g) => ({ ...g, clauses: g.clauses.map((c) => ({ ...c, selected: String(c.id) === selected })) })),
      maxFiles: MAX_EVIDENCE_FILES, maxSize: formatBytes(this.config.UPLOAD_MAX_BYTES), maxText: BREACH_TEXT_MAX,
    };
  }

  /** `values`: the response form's input; `decision`: the decision form's (each shown again with its errors). */
  private async detailModel(id: number, principal: Principal, values: Record<string, unknown>, decision: Record<string, unknown>) {
    const breach = await this.queries.get(id, principal);
    return {
      titleKey: 'conventionsBreaches.detailTitle', breach, values, decision,
      canRespond: breach.open && isOfficerOf(principal, breach.tenant.id),
      canDecide: breach.open && isManager(principal),
      maxFiles: MAX_EVIDENCE_FILES, maxSize: formatBytes(this.config.UPLOAD_MAX_BYTES), maxText: BREACH_TEXT_MAX, maxReason: BREACH_REASON_MAX,
    };
  }
}
