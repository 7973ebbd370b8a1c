import { Body, Controller, Get, HttpCode, Param, ParseIntPipe, Patch, Post, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { sendDownload, TABULAR_CONTENT_TYPES } from '../../common/tabular/tabular-export.js';
import {
  ApiBadRequestResponse, ApiBearerAuth, ApiBody, ApiConflictResponse, ApiCreatedResponse, ApiForbiddenResponse, ApiNotFoundResponse, ApiOkResponse, ApiProduces, ApiTags,
} from '@nestjs/swagger';
import { Roles } from '../../accounts/auth/auth.decorators.js';
import { ADMINS, isTenantOfficer, MANAGERS, OFFICERS, TENANT_READERS } from '../../accounts/domain/access-policy.js';
import { NotFoundError, ValidationFailedError } from '../../common/errors/domain-error.js';
import { CurrentActor, CurrentPrincipal, type Actor, type Principal } from '../../common/principal.js';
import { validateOrThrow } from '../../common/validation.js';
import { I18nService } from '../../i18n/i18n.service.js';
import { IsIn, IsOptional } from 'class-validator';
import { Transform } from 'class-transformer';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { blank } from '../../common/dto-transforms.js';
import { MEASURE_KINDS, type MeasureKind } from '../domain/measure-eligibility.rules.js';
import {
  ApplyRestrictionDto, ClaimExportQueryDto, ClaimMeasureDto, ClaimQueryDto, CreateMeasureDto, DecideClaimDto, DeliverClaimDto, LiftRestrictionDto, MeasureFieldsDto, OffersQueryDto,
} from './dto/incentives.dto.js';
import { IncentivesQueries, measureRow, type ClaimList, type ClaimView } from './incentives.queries.js';
import { IncentivesService, type Offer } from './incentives.service.js';
import type { CatalogueMeasure } from './measures-catalogue.service.js';

const iso = (d: Date | null) => (d ? d.toISOString() : null);

class MeasuresQueryDto {
  @ApiPropertyOptional({ enum: MEASURE_KINDS }) @IsOptional() @Transform(blank) @IsIn(MEASURE_KINDS)
  kind?: MeasureKind;

  @ApiPropertyOptional({ enum: ['true', 'false'], description: 'staff and admins: the whole catalogue, inactive and out-of-validity measures too' })
  @IsOptional() @Transform(blank) @IsIn(['true', 'false'])
  all?: string;
}

const catalogueJson = (m: CatalogueMeasure) => ({
  id: m.id, code: m.code, kind: m.kind, category: m.category, titleZh: m.titleZh, titleEn: m.titleEn, descriptionZh: m.descriptionZh, descriptionEn: m.descriptionEn,
  purposes: [...m.purposes], claimable: m.claimable, eligibility: m.eligibility, validFrom: m.validFrom, validTo: m.validTo, active: m.active,
});

const claimJson = (v: ClaimView) => ({
  ...v, tenant: { id: v.tenant.id, name: v.tenant.name, uscc: v.tenant.uscc }, claimedAt: iso(v.claimedAt), decidedAt: iso(v.decidedAt),
});
const listJson = (l: ClaimList) => ({ ...l, items: l.items.map((i) => ({ ...i, claimedAt: iso(i.claimedAt) })) });

/**
 * 信易+ over JSON: the catalogue (readers; admins edit it), a tenant's offers with its eligibility, claims
 * by officers (withdraw), staff's decisions and delivery, and the restrictions staff apply and lift.
 */
@ApiTags('lists')
@ApiBearerAuth()
@Controller('api/v1')
export class IncentivesController {
  constructor(private readonly service: IncentivesService, private readonly queries: IncentivesQueries, private readonly i18n: I18nService) {}

  @Get('measures')
  @Roles(...TENANT_READERS)
  @ApiOkResponse({ description: 'the measures in force today (titles and descriptions in zh and en); `all=true` (staff, admins): the whole catalogue' })
  async measures(@Query() query: MeasuresQueryDto, @CurrentPrincipal() principal: Principal) {
    if (query.all === 'true' && !isTenantOfficer(principal)) return { items: await this.queries.measures(query.kind) };
    const items = (await this.service.offersCatalogue(this.i18n.today())).filter((m) => !query.kind || m.kind === query.kind);
    return { items: items.map(catalogueJson) };
  }

  @Get('measures/offers')
  @Roles(...TENANT_READERS)
  @ApiOkResponse({ description: 'the claimable incentives in force with the tenant\'s eligibility (`eligible`, `unmet` conditions) and its open claim; officers: their own tenant, readers: `tenantId`' })
  async offers(@Query() query: OffersQueryDto, @CurrentPrincipal() principal: Principal) {
    let tenantId: number;
    if (isTenantOfficer(principal)) tenantId = (await this.service.actingTenant(principal)).id;
    else if (query.tenantId) tenantId = query.tenantId;
    else throw new ValidationFailedError({ tenantId: [{ code: 'required' }] });
    if (!(await this.service.tenantExists(tenantId))) throw new NotFoundError('incentives.tenantNotFound');
    const { status, offers } = await this.service.offers(tenantId);
    return {
      tenantId, standing: { lists: status.lists, grade: status.grade, score: status.score, asOf: status.asOf, openFindings: status.openFindings },
      items: offers.map((o: Offer) => ({ measure: catalogueJson(o.measure), eligible: o.eligible, unmet: o.unmet, openClaimId: o.openClaimId })),
    };
  }

  @Post('measures')
  @Roles(...ADMINS)
  @ApiBody({ type: CreateMeasureDto })
  @ApiCreatedResponse({ description: 'the measure; joint checks return it from now on (other processes within 30 s)' })
  @ApiBadRequestResponse({ description: 'field-keyed problems (code taken, validity, no condition, unknown purpose …)' })
  async createMeasure(@Body() dto: CreateMeasureDto, @CurrentPrincipal() principal: Principal, @CurrentActor() actor: Actor) {
    return measureRow(await this.service.createMeasure(dto, principal, actor));
  }

  @Patch('measures/:id')
  @Roles(...ADMINS)
  @ApiBody({ type: MeasureFieldsDto })
  @ApiOkResponse({ description: 'the measure after the edit (the code never changes)' })
  @ApiNotFoundResponse({ description: 'no such measure' })
  async updateMeasure(@Param('id', ParseIntPipe) id: number, @Body() dto: MeasureFieldsDto, @CurrentPrincipal() principal: Principal, @CurrentActor() actor: Actor) {
    await this.service.measureById(id);
    return measureRow(await this.service.updateMeasure(id, dto, principal, actor));
  }

  @Get('measure-claims')
  @Roles(...TENANT_READERS)
  @ApiOkResponse({ description: 'officers: their tenant\'s claims and restrictions; staff and regulators: every tenant\'s, filtered; counts per status' })
  async list(@Query() query: ClaimQueryDto, @CurrentPrincipal() principal: Principal) {
    return listJson(await this.queries.list(principal, query));
  }

  @Get('measure-claims/export')
  @Roles(...TENANT_READERS)
  @ApiProduces(TABULAR_CONTENT_TYPES.csv, TABULAR_CONTENT_TYPES.xlsx)
  @ApiOkResponse({ description: 'the filtered claims and restrictions as attachment benefit-claims-YYYY-MM-DD.csv or .xlsx' })
  async export(@Query() query: ClaimExportQueryDto, @CurrentPrincipal() principal: Principal, @Res() res: Response): Promise<void> {
    const format = query.format ?? 'csv';
    await sendDownload(res, format, this.queries.fileName(format), (out) => this.queries.write(format, query, principal, res.locals.locale as string, out));
  }

  @Get('measure-claims/:id')
  @Roles(...TENANT_READERS)
  @ApiOkResponse({ description: 'the claim or restriction' })
  @ApiNotFoundResponse({ description: 'none, or another tenant\'s (for an officer)' })
  async get(@Param('id', ParseIntPipe) id: number, @CurrentPrincipal() principal: Principal) {
    return claimJson(await this.queries.view(await this.service.visible(id, principal), principal));
  }

  /** An officer claims a claimable incentive in force for their tenant. */
  @Post('measure-claims')
  @Roles(...OFFICERS)
  @ApiBody({ type: ClaimMeasureDto })
  @ApiCreatedResponse({ description: 'the claim, awaiting park staff' })
  @ApiConflictResponse({ description: 'not claimable, not in force, the tenant not eligible (the message says why), or an open claim of it exists' })
  @ApiForbiddenResponse({ description: 'the officer is bound to no tenant, or it moved out' })
  async claim(@Body() dto: ClaimMeasureDto, @CurrentPrincipal() principal: Principal, @CurrentActor() actor: Actor) {
    const row = await this.service.claim(dto, principal, actor);
    return claimJson(await this.queries.view(row, principal));
  }

  /** Park staff apply a restriction to a tenant that meets it (black-listed). */
  @Post('measure-claims/restrictions')
  @Roles(...MANAGERS)
  @ApiBody({ type: ApplyRestrictionDto })
  @ApiCreatedResponse({ description: 'the restriction, applied from today' })
  @ApiConflictResponse({ description: 'not a restriction, not in force, the tenant does not meet it, or it is applied already' })
  async apply(@Body() dto: ApplyRestrictionDto, @CurrentPrincipal() principal: Principal, @CurrentActor() actor: Actor) {
    const row = await this.service.applyRestriction(dto, principal, actor);
    return claimJson(await this.queries.view(row, principal));
  }

  @Post('measure-claims/:id/withdraw')
  @Roles(...OFFICERS)
  @HttpCode(200)
  @ApiOkResponse({ description: 'the claim, withdrawn' })
  @ApiConflictResponse({ description: 'delivered, decided or withdrawn already' })
  async withdraw(@Param('id', ParseIntPipe) id: number, @CurrentPrincipal() principal: Principal, @CurrentActor() actor: Actor) {
    const row = await this.service.withdraw(id, principal, actor);
    return claimJson(await this.queries.view(row, principal));
  }

  @Post('measure-claims/:id/decision')
  @Roles(...MANAGERS)
  @HttpCode(200)
  @ApiBody({ type: DecideClaimDto })
  @ApiOkResponse({ description: 'the claim after the decision' })
  @ApiConflictResponse({ description: 'not awaiting a decision, or (approve) the tenant is no longer eligible' })
  async decide(@Param('id', ParseIntPipe) id: number, @Body() body: Record<string, unknown>, @CurrentPrincipal() principal: Principal, @CurrentActor() actor: Actor) {
    await this.service.actionable(id);
    const dto = await validateOrThrow(DecideClaimDto, body ?? {});
    const row = await this.service.decide(id, dto, principal, actor);
    return claimJson(await this.queries.view(row, principal));
  }

  @Post('measure-claims/:id/delivery')
  @Roles(...MANAGERS)
  @HttpCode(200)
  @ApiBody({ type: DeliverClaimDto })
  @ApiOkResponse({ description: 'the claim, delivered' })
  @ApiConflictResponse({ description: 'not approved (or delivered already)' })
  async deliver(@Param('id', ParseIntPipe) id: number, @Body() body: Record<string, unknown>, @CurrentPrincipal() principal: Principal, @CurrentActor() actor: Actor) {
    await this.service.actionable(id);
    const dto = await validateOrThrow(DeliverClaimDto, body ?? {});
    const row = await this.service.deliver(id, dto, principal, actor);
    return claimJson(await this.queries.view(row, principal));
  }

  @Post('measure-claims/:id/lift')
  @Roles(...MANAGERS)
  @HttpCode(200)
  @ApiBody({ type: LiftRestrictionDto })
  @ApiOkResponse({ description: 'the restriction, lifted' })
  @ApiConflictResponse({ description: 'not a restriction in force' })
  async lift(@Param('id', ParseIntPipe) id: number, @Body() body: Record<string, unknown>, @CurrentPrincipal() principal: Principal, @CurrentActor() actor: Actor) {
    await this.service.actionable(id);
    const dto = await validateOrThrow(LiftRestrictionDto, body ?? {});
    const row = await this.service.lift(id, dto, principal, actor);
    return claimJson(await this.queries.view(row, principal));
  }
}
