import { Body, Controller, Get, Param, ParseIntPipe, Post, Query, Render, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Roles } from '../../accounts/auth/auth.decorators.js';
import { DepartmentsService } from '../../accounts/departments.service.js';
import { isManager, MANAGERS, PROGRAMME_READERS } from '../../accounts/domain/access-policy.js';
import { ConflictError, ValidationFailedError } from '../../common/errors/domain-error.js';
import { pagerOf } from '../../common/pagination.js';
import { actorOf, CurrentPrincipal, type Principal } from '../../common/principal.js';
import { validateForm } from '../../common/validation.js';
import { flash, handleForm } from '../../common/views/page-helpers.js';
import { I18nService } from '../../i18n/i18n.service.js';
import { BuildingsService } from '../../tenants/buildings.service.js';
import { INDUSTRY_SECTIONS } from '../../tenants/domain/industry-classification.js';
import { AUDIENCES, selectorOf } from '../domain/audience.rules.js';
import { RECURRENCES } from '../domain/series.rules.js';
import { isUpcoming, SESSION_STATUSES, TRAINING_KINDS, utcToParkLocal } from '../domain/session.rules.js';
import type { TrainingSessionEntity } from '../entities/training-session.entity.js';
import { CancelSessionDto, EDIT_SCOPES, EditSessionDto, ScheduleSessionDto, SessionQueryDto } from './dto/session.dto.js';
import { SchedulingQueries } from './scheduling.queries.js';
import { SchedulingService } from './scheduling.service.js';

type Values = Record<string, unknown>;
const asList = (v: unknown): string[] => (v === undefined || v === null || v === '' ? [] : (Array.isArray(v) ? v : String(v).split(/[\s,，]+/)).map(String).filter(Boolean));

/** Session pages: staff schedule, edit and cancel; regulators and evaluators read. Times shown and typed in park time. */
@ApiExcludeController()
@Controller('trainings')
export class SchedulingPagesController {
  constructor(
    private readonly service: SchedulingService,
    private readonly queries: SchedulingQueries,
    private readonly buildings: BuildingsService,
    private readonly departments: DepartmentsService,
    private readonly i18n: I18nService,
  ) {}

  @Get()
  @Roles(...PROGRAMME_READERS)
  @Render('trainings/sessions-list')
  async list(@Query() query: SessionQueryDto, @CurrentPrincipal() principal: Principal) {
    const page = await this.queries.list(query);
    const filters = { when: query.when ?? 'upcoming', kind: query.kind, status: query.status, month: query.month, pageSize: query.pageSize };
    const q = new URLSearchParams(Object.entries(filters).filter(([k, v]) => k !== 'pageSize' && v).map(([k, v]): [string, string] => [k, String(v)])).toString();
    return {
      titleKey: 'trainings.listTitle', page, filters, query: q, canManage: isManager(principal),
      past: filters.when === 'past',
      kinds: TRAINING_KINDS.map((value) => ({ value, selected: value === query.kind })),
      statuses: SESSION_STATUSES.map((value) => ({ value, selected: value === query.status })),
      ...pagerOf(page),
    };
  }

  @Get('new')
  @Roles(...MANAGERS)
  @Render('trainings/sessions-form')
  async newForm() {
    return this.formModel(null, { kind: 'law_lecture', audience: 'all' });
  }

  @Post()
  @Roles(...MANAGERS)
  async create(@Body() body: Values, @CurrentPrincipal() principal: Principal, @Req() req: Request, @Res() res: Response): Promise<void> {
    await handleForm(res, this.i18n, 'trainings/sessions-form', await this.formModel(null, body ?? {}), async () => {
      const form = await validateForm(ScheduleSessionDto, body ?? {});
      if (!form.ok) throw new ValidationFailedError(form.fields);
      const sessions = await this.service.schedule(form.value, actorOf(principal, req));
      flash(req, 'success', sessions.length > 1 ? 'trainings.scheduledSeries' : 'trainings.scheduled', { count: sessions.length });
      res.redirect(303, `/trainings/${sessions[0].id}`);
    });
  }

  @Get(':id')
  @Roles(...PROGRAMME_READERS)
  @Render('trainings/sessions-detail')
  async detail(@Param('id', ParseIntPipe) id: number, @CurrentPrincipal() principal: Principal, @Res({ passthrough: true }) res: Response) {
    return this.detailModel(id, principal, res.locals.locale as string, {});
  }

  @Get(':id/edit')
  @Roles(...MANAGERS)
  @Render('trainings/sessions-form')
  async editForm(@Param('id', ParseIntPipe) id: number) {
    const s = await this.queries.session(id);
    if (s.status === 'cancelled') throw new ConflictError('trainings.alreadyCancelled');
    return this.formModel(s, this.valuesOf(s));
  }

  @Post(':id')
  @Roles(...MANAGERS)
  async edit(@Param('id', ParseIntPipe) id: number, @Body() body: Values, @CurrentPrincipal() principal: Principal, @Req() req: Request, @Res() res: Response): Promise<void> {
    const s = await this.queries.session(id);
    await handleForm(res, this.i18n, 'trainings/sessions-form', await this.formModel(s, body ?? {}), async () => {
      const form = await validateForm(EditSessionDto, body ?? {});
      if (!form.ok) throw new ValidationFailedError(form.fields);
      await this.service.edit(id, form.value, actorOf(principal, req));
      flash(req, 'success', 'trainings.updated');
      res.redirect(303, `/trainings/${id}`);
    });
  }

  @Post(':id/cancel')
  @Roles(...MANAGERS)
  async cancel(@Param('id', ParseIntPipe) id: number, @Body() body: Values, @CurrentPrincipal() principal: Principal, @Req() req: Request, @Res() res: Response): Promise<void> {
    const model = await this.detailModel(id, principal, res.locals.locale as string, body ?? {});
    await handleForm(res, this.i18n, 'trainings/sessions-detail', model, async () => {
      const form = await validateForm(CancelSessionDto, body ?? {});
      if (!form.ok) throw new ValidationFailedError(form.fields);
      await this.service.cancel(id, form.value.reason, actorOf(principal, req));
      flash(req, 'success', 'trainings.cancelled');
      res.redirect(303, `/trainings/${id}`);
    });
  }

  private valuesOf(s: TrainingSessionEntity): Values {
    const selector = selectorOf(s.audience, s.audienceFilter);
    const zone = this.i18n.timeZone;
    return {
      title: s.title, kind: s.kind, hostDepartmentId: s.hostDepartmentId ?? '', speaker: s.speaker, hostTenantId: s.hostTenantId ?? '', speakerTenantId: s.speakerTenantId ?? '',
      startsAt: utcToParkLocal(s.startsAt, zone), endsAt: utcToParkLocal(s.endsAt, zone), location: s.location, capacity: s.capacity ?? '', audience: s.audience,
      industries: selector && 'industries' in selector ? selector.industries : [],
      buildingIds: selector && 'buildingIds' in selector ? selector.buildingIds.map(String) : [],
      tenantIds: selector && 'tenantIds' in selector ? selector.tenantIds.join(' ') : '',
    };
  }

  private async formModel(session: TrainingSessionEntity | null, values: Values) {
    const industries = new Set(asList(values.industries));
    const buildingIds = new Set(asList(values.buildingIds));
    return {
      titleKey: session ? 'trainings.editTitle' : 'trainings.newTitle',
      session: session ? { id: session.id, title: session.title, seriesId: session.seriesId } : null,
      action: session ? `/trainings/${session.id}` : '/trainings',
      values: { ...values, tenantIds: Array.isArray(values.tenantIds) ? values.tenantIds.join(' ') : values.tenantIds },
      kinds: TRAINING_KINDS.map((value) => ({ value, selected: value === values.kind })),
      audiences: AUDIENCES.map((value) => ({ value, checked: value === (values.audience ?? 'all') })),
      recurrences: RECURRENCES.map((value) => ({ value, selected: value === values.repeat })),
      scopes: EDIT_SCOPES.map((value) => ({ value, checked: value === (values.scope ?? 'one') })),
      departments: (await this.departments.list(true)).map((d) => ({ id: d.id, nameZh: d.nameZh, nameEn: d.nameEn, selected: String(d.id) === String(values.hostDepartmentId ?? '') })),
      buildings: (await this.buildings.inService()).map((b) => ({ id: b.id, name: b.name, checked: buildingIds.has(String(b.id)) })),
      sections: INDUSTRY_SECTIONS.map((s) => ({ code: s.code, zh: s.zh, en: s.en, divisions: s.divisions.map((d) => ({ code: d.code, zh: d.zh, en: d.en, selected: industries.has(d.code) })) })),
    };
  }

  private async detailModel(id: number, principal: Principal, locale: string, values: Values) {
    const d = await this.queries.detail(id, locale);
    const zone = this.i18n.timeZone;
    return {
      titleKey: 'trainings.detailTitle', ...d, values,
      canManage: isManager(principal),
      editable: d.session.status === 'scheduled' && isUpcoming(d.session, new Date()),
      cancellable: d.session.status === 'scheduled' && d.session.endsAt.getTime() > Date.now(),
      startsLocal: utcToParkLocal(d.session.startsAt, zone).replace('T', ' '),
      endsLocal: utcToParkLocal(d.session.endsAt, zone).replace('T', ' '),
      moreInvited: d.invitedCount > d.invited.length,
    };
  }
}
