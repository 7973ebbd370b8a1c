import { Body, Controller, Get, HttpCode, Param, ParseIntPipe, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiConflictResponse, ApiCreatedResponse, ApiForbiddenResponse, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Roles } from '../../accounts/auth/auth.decorators.js';
import { REGULATORS, TENANT_READERS, VERIFIERS } from '../../accounts/domain/access-policy.js';
import { CurrentActor, CurrentPrincipal, type Actor, type Principal } from '../../common/principal.js';
import { sendDownload, TABULAR_CONTENT_TYPES } from '../../common/tabular/tabular-export.js';
import { EndListingDto, FindingExportQueryDto, FindingQueryDto, RecordFindingDto, SubstantiationDto } from './dto/finding.dto.js';
import { FindingsQueries, type FindingView } from './findings.queries.js';
import { FindingsRecordingService } from './recording.service.js';

/** Findings over JSON: regulators record for their department (idempotent); readers read all, an officer only their own tenant's. */
@ApiTags('findings')
@ApiBearerAuth()
@Controller('api/v1/findings')
export class FindingsController {
  constructor(private readonly queries: FindingsQueries, private readonly service: FindingsRecordingService) {}

  @Get()
  @Roles(...TENANT_READERS)
  @ApiOkResponse({ description: 'the register, filtered (q tenant, tenantId, type, severity, status = rectification state today, departmentId, from/to decision dates), newest first, paginated; an officer sees only their tenant' })
  async list(@Query() query: FindingQueryDto, @CurrentPrincipal() principal: Principal) {
    return this.queries.list(query, principal);
  }

  @Get('export')
  @Roles(...TENANT_READERS)
  @ApiProduces(TABULAR_CONTENT_TYPES.csv, TABULAR_CONTENT_TYPES.xlsx)
  @ApiOkResponse({ description: 'the filtered register as attachment findings-YYYY-MM-DD.csv or .xlsx' })
  async export(@Query() query: FindingExportQueryDto, @CurrentPrincipal() principal: Principal, @Res() res: Response): Promise<void> {
    const format = query.format ?? 'csv';
    await sendDownload(res, format, this.queries.fileName(format), (out) => this.queries.write(format, query, principal, res.locals.locale as string, out));
  }

  /**
   * A regulator records a finding for their own department. Idempotent on (department, decision
   * number): 201 with the new finding, or 200 with the one on file (nothing written).
   */
  @Post()
  @Roles(...REGULATORS)
  @ApiCreatedResponse({ description: 'recorded' })
  @ApiOkResponse({ description: 'the same department and decision number were already recorded: that finding, unchanged' })
  @ApiForbiddenResponse({ description: 'the body names another department, or the regulator has none' })
  async record(@Body() dto: RecordFindingDto, @CurrentPrincipal() principal: Principal, @CurrentActor() actor: Actor, @Res({ passthrough: true }) res: Response) {
    const { finding, created } = await this.service.record(dto, principal, actor, 'api');
    res.status(created ? 201 : 200);
    return { ...view(await this.queries.get(finding.id, principal)), created };
  }

  @Get(':id')
  @Roles(...TENANT_READERS)
  @ApiOkResponse({ description: 'the finding with its publicity period and rectification state' })
  async get(@Param('id', ParseIntPipe) id: number, @CurrentPrincipal() principal: Principal) {
    await this.service.get(id, principal);
    return view(await this.queries.get(id, principal));
  }

  /** A regulator of the finding's department decides a complaint (once). */
  @Post(':id/substantiation')
  @Roles(...REGULATORS)
  @HttpCode(200)
  @ApiOkResponse({ description: 'the complaint as decided' })
  @ApiConflictResponse({ description: 'not a complaint, or already decided' })
  async substantiate(@Param('id', ParseIntPipe) id: number, @Body() dto: SubstantiationDto, @CurrentPrincipal() principal: Principal, @CurrentActor() actor: Actor) {
    await this.service.get(id, principal);
    await this.service.substantiate(id, dto, principal, actor);
    return view(await this.queries.get(id, principal));
  }

  /** The department's regulator (or delegated park staff) ends an abnormal-operations listing whose cause is cured. */
  @Post(':id/end')
  @Roles(...VERIFIERS)
  @HttpCode(200)
  @ApiOkResponse({ description: 'the listing as ended' })
  @ApiConflictResponse({ description: 'not an abnormal-operations listing, or already ended' })
  async end(@Param('id', ParseIntPipe) id: number, @Body() dto: EndListingDto, @CurrentPrincipal() principal: Principal, @CurrentActor() actor: Actor) {
    await this.service.get(id, principal);
    await this.service.endListing(id, dto, principal, actor);
    return view(await this.queries.get(id, principal));
  }
}

function view(f: FindingView) {
  return {
    id: f.id, tenant: { id: f.tenant.id, name: f.tenant.name, uscc: f.tenant.uscc }, department: f.department,
    type: f.type, severity: f.severity, penaltyKind: f.penaltyKind, title: f.title, legalBasis: f.legalBasis, decisionNo: f.decisionNo,
    decisionDate: f.decisionDate, description: f.description,
    rectificationRequired: f.rectificationRequired, rectifyBy: f.rectifyBy, rectificationStatus: f.rectificationStatus, rectificationState: f.state,
    rectifiedOn: f.rectifiedOn, verifiedOn: f.verifiedOn, substantiated: f.substantiated, abnormalCause: f.abnormalCause,
    endedOn: f.endedOn, endedReason: f.endedReason, published: f.published, publicityEndsOn: f.publicityEndsOn,
    repairEligibleOn: f.repairEligibleOn, repairedOn: f.repairedOn, counting: f.counting, source: f.source,
    recordedBy: f.recordedBy, createdAt: f.createdAt.toISOString(),
  };
}
