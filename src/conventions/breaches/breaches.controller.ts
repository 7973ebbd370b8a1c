import { Controller, Get, Param, ParseIntPipe, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Roles, TenantScoped } from '../../accounts/auth/auth.decorators.js';
import { TENANT_READERS } from '../../accounts/domain/access-policy.js';
import { NotFoundError } from '../../common/errors/domain-error.js';
import { CurrentPrincipal, type Principal } from '../../common/principal.js';
import { TenantsService } from '../../tenants/tenants.service.js';
import { BreachesQueries } from './breaches.queries.js';
import { BreachQueryDto } from './dto/breach.dto.js';

const iso = (d: Date) => d.toISOString();

/** Breaches over JSON: staff and regulators read all, an officer only their own tenant's. */
@ApiTags('conventions')
@ApiBearerAuth()
@Controller('api/v1')
export class BreachesController {
  constructor(private readonly breaches: BreachesQueries, private readonly tenants: TenantsService) {}

  @Get('tenants/:id/breaches')
  @Roles(...TENANT_READERS)
  @TenantScoped('id')
  @ApiOkResponse({ description: 'the tenant’s breaches, newest first, paginated' })
  async forTenant(@Param('id', ParseIntPipe) id: number, @Query() query: BreachQueryDto) {
    await this.tenants.get(id);
    const page = await this.breaches.list(query, id);
    return { ...page, items: page.items.map((b) => ({ ...b, createdAt: iso(b.createdAt) })) };
  }

  @Get('conventions/breaches/:id')
  @Roles(...TENANT_READERS)
  @ApiOkResponse({ description: 'the breach, its clause, evidence files and responses' })
  async get(@Param('id', ParseIntPipe) id: number, @CurrentPrincipal() principal: Principal) {
    const b = await this.breaches.get(id, principal).catch((err: unknown) => {
      throw err instanceof NotFoundError ? new NotFoundError('conventionsBreaches.notFound') : err;
    });
    const file = (f: { id: number; fileName: string; contentType: string; size: number; sha256: string; createdAt: Date }) =>
      ({ ...f, createdAt: iso(f.createdAt), url: `/api/v1/files/${f.id}` });
    return {
      ...b, createdAt: iso(b.createdAt), files: b.files.map(file),
      responses: b.responses.map((r) => ({ ...r, createdAt: iso(r.createdAt), files: r.files.map(file) })),
    };
  }
}
