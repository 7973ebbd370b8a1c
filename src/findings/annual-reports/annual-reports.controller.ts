import { Body, Controller, Get, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Roles } from '../../accounts/auth/auth.decorators.js';
import { TENANT_READERS, VERIFIERS } from '../../accounts/domain/access-policy.js';
import { CurrentActor, CurrentPrincipal, type Actor, type Principal } from '../../common/principal.js';
import { AnnualReportsService } from './annual-reports.service.js';
import { AnnualReportQueryDto, RecordAnnualReportDto } from './dto/annual-report.dto.js';

/** Annual reports over JSON: regulators and staff record them (idempotent on tenant and year); readers list them, an officer their own tenant's. */
@ApiTags('findings')
@ApiBearerAuth()
@Controller('api/v1/annual-reports')
export class AnnualReportsController {
  constructor(private readonly service: AnnualReportsService) {}

  @Get()
  @Roles(...TENANT_READERS)
  @ApiOkResponse({ description: 'the reports (q tenant, tenantId, year), newest year first, paginated' })
  async list(@Query() query: AnnualReportQueryDto, @CurrentPrincipal() principal: Principal) {
    const page = await this.service.list(query, principal);
    return { ...page, items: page.items.map((r) => ({ ...r, createdAt: r.createdAt.toISOString() })) };
  }

  /** 201 with the new report, or 200 with the one already on file for that tenant and year (nothing written). */
  @Post()
  @Roles(...VERIFIERS)
  @ApiCreatedResponse({ description: 'recorded' })
  @ApiOkResponse({ description: 'the tenant’s report for that year was already on file: that report, unchanged' })
  async record(@Body() dto: RecordAnnualReportDto, @CurrentPrincipal() principal: Principal, @CurrentActor() actor: Actor, @Res({ passthrough: true }) res: Response) {
    const { report, created } = await this.service.record(dto, principal, actor, 'api');
    res.status(created ? 201 : 200);
    return { id: report.id, tenantId: report.tenantId, year: report.year, filedOn: report.filedOn, source: report.source, created };
  }
}
