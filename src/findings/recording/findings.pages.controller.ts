import { Body, Controller, Get, Param, ParseIntPipe, Post, Query, Render, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Roles } from '../../accounts/auth/auth.decorators.js';
import { isManager, isRegulator, isRegulatorOf, REGULATORS, TENANT_READERS, tenantFilterFor, VERIFIERS } from '../../accounts/domain/access-policy.js';
import { ValidationFailedError } from '../../common/errors/domain-error.js';
import { pagerOf } from '../../common/pagination.js';
import { actorOf, CurrentPrincipal, type Principal } from '../../common/principal.js';
import { sendDownload, type TabularFormat } from '../../common/tabular/tabular-export.js';
import { validateForm } from '../../common/validation.js';
import { flash, handleForm } from '../../common/views/page-helpers.js';
import { I18nService } from '../../i18n/i18n.service.js';
import { TenantsQueries } from '../../tenants/tenants.queries.js';
import { FindingsService } from '../core/findings.service.js';
import { ABNORMAL_CAUSES, FINDING_SEVERITIES, FINDING_TYPES, PENALTY_KINDS } from '../domain/finding-kinds.js';
import { isVerifierOf, RECTIFICATION_STATES } from '../domain/rectification.rules.js';
import {
  EndListingDto, FINDING_BASIS_MAX, FINDING_DECISION_NO_MAX, FINDING_REASON_MAX, FINDING_TEXT_MAX, FINDING_TITLE_MAX,
  FindingQueryDto, NewFindingQueryDto, RecordFindingDto, SubstantiationDto,
} from './dto/finding.dto.js';
import { FindingsQueries } from './findings.queries.js';
import { FindingsRecordingService } from './recording.service.js';

const options = <T extends string>(values: readonly T[], selected: unknown) => values.map((value) => ({ value, selected: value === selected }));

/** Finding pages: the register (readers; an officer their own tenant's) with export, the regulator's form, the detail with the actions each role may take. */
@ApiExcludeController()
@Controller('findings')
export class FindingsPagesController {
  constructor(
    private readonly service: FindingsRecordingService,
    private readonly queries: FindingsQueries,
    private readonly findings: FindingsService,
    private readonly tenants: TenantsQueries,
    private readonly i18n: I18nService,
  ) {}

  @Get()
  @Roles(...TENANT_READERS)
  @Render('findings/list')
  async list(@Query() query: FindingQueryDto, @CurrentPrincipal() principal: Principal) {
    const [page, departments] = await Promise.all([this.queries.list(query, principal), this.findings.departmentsById()]);
    const filters = {
      q: query.q, tenantId: query.tenantId, type: query.type, severity: query.severity, status: query.status, departmentId: query.departmentId,
      from: query.from, to: query.to, pageSize: query.pageSize,
    };
    const exportQuery = new URLSearchParams(Object.entries(filters).filter(([k, v]) => k !== 'pageSize' && v).map(([k, v]): [string, string] => [k, String(v)])).toString();
    const ownTenant = tenantFilterFor(principal) !== null;
    return {
      titleKey: 'findings.listTitle', page, filters, exportQuery, ownTenant,
      canRecord: isRegulator(principal) && principal.departmentId != null,
      canImport: isManager(principal) || isRegulator(principal),
      types: options(FINDING_TYPES, query.type), severities: options(FINDING_SEVERITIES, query.severity), states: options(RECTIFICATION_STATES, query.status),
      departments: [...departments.values()].map((d) => ({ ...d, selected: d.id === query.departmentId })),
      ...pagerOf(page),
    };
  }

  @Get('export.csv')
  @Roles(...TENANT_READERS)
  async exportCsv(@Query() query: FindingQueryDto, @CurrentPrincipal() principal: Principal, @Res() res: Response): Promise<void> {
    await this.sendExport(res, 'csv', query, principal);
  }

  @Get('export.xlsx')
  @Roles(...TENANT_READERS)
  async exportXlsx(@Query() query: FindingQueryDto, @CurrentPrincipal() principal: Principal, @Res() res: Response): Promise<void> {
    await this.sendExport(res, 'xlsx', query, principal);
  }

  @Get('new')
  @Roles(...REGULATORS)
  @Render('findings/new')
  async newForm(@Query() query: NewFindingQueryDto, @CurrentPrincipal() principal: Principal) {
    await this.service.departmentFor(principal, {});
    const tenant = query.tenantId ? await this.tenants.summary(query.tenantId) : null;
    return this.formModel(principal, { tenantId: tenant?.id, uscc: tenant?.uscc ?? '', decisionDate: this.i18n.today() }, tenant ? { id: tenant.id, name: tenant.name } : null);
  }

  @Post()
  @Roles(...REGULATORS)
  async create(@Body() body: Record<string, unknown>, @CurrentPrincipal() principal: Principal, @Req() req: Request, @Res() res: Response): Promise<void> {
    const model = await this.formModel(principal, body ?? {}, null);
    await handleForm(res, this.i18n, 'findings/new', model, async () => {
      const form = await validateForm(RecordFindingDto, body ?? {});
      if (!form.ok) throw new ValidationFailedError(form.fields);
      const { finding, created } = await this.service.record(form.value, principal, actorOf(principal, req), 'page');
      flash(req, created ? 'success' : 'info', created ? 'findings.recorded' : 'findings.alreadyRecorded', { decisionNo: finding.decisionNo });
      res.redirect(303, `/findings/${finding.id}`);
    });
  }

  @Get(':id')
  @Roles(...TENANT_READERS)
  @Render('findings/detail')
  async detail(@Param('id', ParseIntPipe) id: number, @CurrentPrincipal() principal: Principal) {
    return this.detailModel(id, principal, {});
  }

  @Post(':id/substantiation')
  @Roles(...REGULATORS)
  async substantiate(@Param('id', ParseIntPipe) id: number, @Body() body: Record<string, unknown>, @CurrentPrincipal() principal: Principal, @Req() req: Request, @Res() res: Response): Promise<void> {
    const model = await this.detailModel(id, principal, body ?? {});
    await handleForm(res, this.i18n, 'findings/detail', model, async () => {
      const form = await validateForm(SubstantiationDto, body ?? {});
      if (!form.ok) throw new ValidationFailedError(form.fields);
      await this.service.substantiate(id, form.value, principal, actorOf(principal, req));
      flash(req, 'success', form.value.substantiated ? 'findings.substantiatedYes' : 'findings.substantiatedNo');
      res.redirect(303, `/findings/${id}`);
    });
  }

  @Post(':id/end')
  @Roles(...VERIFIERS)
  async end(@Param('id', ParseIntPipe) id: number, @Body() body: Record<string, unknown>, @CurrentPrincipal() principal: Principal, @Req() req: Request, @Res() res: Response): Promise<void> {
    const model = await this.detailModel(id, principal, body ?? {});
    await handleForm(res, this.i18n, 'findings/detail', model, async () => {
      const form = await validateForm(EndListingDto, body ?? {});
      if (!form.ok) throw new ValidationFailedError(form.fields);
      await this.service.endListing(id, form.value, principal, actorOf(principal, req));
      flash(req, 'success', 'findings.ended');
      res.redirect(303, `/findings/${id}`);
    });
  }

  private async sendExport(res: Response, format: TabularFormat, query: FindingQueryDto, principal: Principal): Promise<void> {
    await sendDownload(res, format, this.queries.fileName(format), (out) => this.queries.write(format, query, principal, res.locals.locale as string, out));
  }

  private async formModel(principal: Principal, values: Record<string, unknown>, tenant: { id: number; name: string } | null) {
    const department = principal.departmentId != null ? (await this.findings.departmentsById()).get(principal.departmentId) ?? null : null;
    const substantiated = values.substantiated === undefined || values.substantiated === '' ? '' : String(values.substantiated);
    return {
      titleKey: 'findings.newTitle', values, tenant, department,
      types: options(FINDING_TYPES, values.type ?? 'penalty'), severities: options(FINDING_SEVERITIES, values.severity ?? 'general'),
      penaltyKinds: options(PENALTY_KINDS, values.penaltyKind), abnormalCauses: options(ABNORMAL_CAUSES, values.abnormalCause),
      rectificationRequired: ['on', 'true', '1', true].includes(values.rectificationRequired as string),
      substantiatedOptions: [{ value: '', key: 'findings.undecided' }, { value: 'true', key: 'findings.yes' }, { value: 'false', key: 'findings.no' }]
        .map((o) => ({ ...o, selected: o.value === substantiated })),
      maxTitle: FINDING_TITLE_MAX, maxBasis: FINDING_BASIS_MAX, maxDecisionNo: FINDING_DECISION_NO_MAX, maxText: FINDING_TEXT_MAX,
    };
  }

  /** `values`: the substantiation or end form's input, shown again with its errors. */
  private async detailModel(id: number, principal: Principal, values: Record<string, unknown>) {
    await this.service.get(id, principal);
    const finding = await this.queries.get(id, principal);
    const department = (await this.findings.departmentsById()).get(finding.department?.id ?? -1);
    const verifier = !!department && isVerifierOf(principal, department);
    return {
      titleKey: 'findings.detailTitle', finding, values: { endedOn: this.i18n.today(), ...values },
      canSubstantiate: finding.type === 'complaint' && finding.substantiated === null && isRegulatorOf(principal, finding.department?.id),
      canEnd: finding.type === 'abnormal_operations' && !finding.endedOn && verifier,
      hasRectification: finding.rectificationRequired,
      maxReason: FINDING_REASON_MAX,
    };
  }
}
