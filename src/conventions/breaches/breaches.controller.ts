import { Body, Controller, Get, HttpCode, Param, ParseIntPipe, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiConflictResponse, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Roles, TenantScoped } from '../../accounts/auth/auth.decorators.js';
import { MANAGERS, READERS, TENANT_READERS } from '../../accounts/domain/access-policy.js';
import { NotFoundError } from '../../common/errors/domain-error.js';
import { CurrentActor, CurrentPrincipal, type Actor, type Principal } from '../../common/principal.js';
import { sendDownload, TABULAR_CONTENT_TYPES } from '../../common/tabular/tabular-export.js';
import { TenantsService } from '../../tenants/tenants.service.js';
import { BreachesQueries, type BreachListItem, type BreachView } from './breaches.queries.js';
import { BreachesService } from './breaches.service.js';
import { BreachExportQueryDto, BreachQueryDto, DecideBreachDto } from './dto/breach.dto.js';

const iso = (d: Date) => d.toISOString();

const listItem = (b: BreachListItem) => ({ ...b, createdAt: iso(b.createdAt) });

/** Breaches over JSON: staff and regulators read all, an officer only their own tenant's; staff decide. */
@ApiTags('conventions')
@ApiBearerAuth()
@Controller('api/v1')
export class BreachesController {
  constructor(
    private readonly breaches: BreachesQueries,
    private readonly service: BreachesService,
    private readonly tenants: TenantsService,
  ) {}

  @Get('conventions/breaches')
  @Roles(...READERS)
  @ApiOkResponse({ description: 'the register, filtered (tenant name prefix, occurrence dates, status, severity), newest first, paginated' })
  async list(@Query() query: BreachQueryDto) {
    const page = await this.breaches.list(query);
    return { ...page, items: page.items.map(listItem) };
  }

  @Get('conventions/breaches/export')
  @Roles(...READERS)
  @ApiProduces(TABULAR_CONTENT_TYPES.csv, TABULAR_CONTENT_TYPES.xlsx)
  @ApiOkResponse({ description: 'the filtered register as attachment breaches-YYYY-MM-DD.csv or .xlsx' })
  async export(@Query() query: BreachExportQueryDto, @Res() res: Response): Promise<void> {
    const format = query.format ?? 'csv';
    await sendDownload(res, format, this.breaches.fileName(format), (out) => this.breaches.write(format, query, res.locals.locale as string, out));
  }

  @Get('tenants/:id/breaches')
  @Roles(...TENANT_READERS)
  @TenantScoped('id')
  @ApiOkResponse({ description: 'the tenant’s breaches, newest first, paginated' })
  async forTenant(@Param('id', ParseIntPipe) id: number, @Query() query: BreachQueryDto) {
    await this.tenants.get(id);
    const page = await this.breaches.list(query, id);
    return { ...page, items: page.items.map(listItem) };
  }

  @Get('conventions/breaches/:id')
  @Roles(...TENANT_READERS)
  @ApiOkResponse({ description: 'the breach, its clause, evidence files and responses' })
  async get(@Param('id', ParseIntPipe) id: number, @CurrentPrincipal() principal: Principal) {
    return this.view(await this.breaches.get(id, principal).catch((err: unknown) => {
      throw err instanceof NotFoundError ? new NotFoundError('conventionsBreaches.notFound') : err;
    }));
  }

  /** Staff close an open breach: `confirm` (a score fact N02 from today) or `withdraw`, with a reason; the officers are told. */
  @Post('conventions/breaches/:id/decision')
  @Roles(...MANAGERS)
  @HttpCode(200)
  @ApiOkResponse({ description: 'the breach as decided' })
  @ApiConflictResponse({ description: 'the breach is already confirmed or withdrawn' })
  async decide(@Param('id', ParseIntPipe) id: number, @Body() dto: DecideBreachDto, @CurrentPrincipal() principal: Principal, @CurrentActor() actor: Actor) {
    await this.service.decide(id, dto, principal, actor);
    return this.view(await this.breaches.get(id, principal));
  }

  private view(b: BreachView) {
    const file = (f: { id: number; fileName: string; contentType: string; size: number; sha256: string; createdAt: Date }) =>
      ({ ...f, createdAt: iso(f.createdAt), url: `/api/v1/files/${f.id}` });
    return {
      ...b, createdAt: iso(b.createdAt), files: b.files.map(file),
      decision: b.decision ? { ...b.decision, at: iso(b.decision.at) } : null,
      responses: b.responses.map((r) => ({ ...r, createdAt: iso(r.createdAt), files: r.files.map(file) })),
    };
  }
}
