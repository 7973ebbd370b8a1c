import { Body, Controller, Get, Param, ParseIntPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiConflictResponse, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Roles, TenantScoped } from '../accounts/auth/auth.decorators.js';
import { MANAGERS, TENANT_READERS } from '../accounts/domain/access-policy.js';
import { tenantFilterFor } from '../accounts/auth/tenant-scope.js';
import { CurrentActor, CurrentPrincipal, type Actor, type Principal } from '../common/principal.js';
import { ChangeTenantStatusDto, CreateTenantDto, TenantPageResponse, TenantQueryDto, TenantResponse, UpdateTenantDto } from './dto/tenant.dto.js';
import { TenantsService, toTenantResponse } from './tenants.service.js';

/** The tenant registry over JSON. Staff write; regulators read all; an officer reads only their own tenant. */
@ApiTags('tenants')
@ApiBearerAuth()
@Controller('api/v1/tenants')
export class TenantsController {
  constructor(private readonly tenants: TenantsService) {}

  @Get()
  @Roles(...TENANT_READERS)
  @ApiOkResponse({ type: TenantPageResponse })
  async list(@Query() query: TenantQueryDto, @CurrentPrincipal() principal: Principal): Promise<TenantPageResponse> {
    const page = await this.tenants.list(query, tenantFilterFor(principal));
    return { ...page, items: page.items.map(toTenantResponse) };
  }

  @Post()
  @Roles(...MANAGERS)
  @ApiCreatedResponse({ type: TenantResponse })
  @ApiConflictResponse({ description: 'a tenant with this USCC exists' })
  async create(@Body() dto: CreateTenantDto, @CurrentActor() actor: Actor): Promise<TenantResponse> {
    return toTenantResponse(await this.tenants.create(dto, actor));
  }

  @Get(':id')
  @Roles(...TENANT_READERS)
  @TenantScoped('id')
  @ApiOkResponse({ type: TenantResponse })
  async get(@Param('id', ParseIntPipe) id: number): Promise<TenantResponse> {
    return toTenantResponse(await this.tenants.get(id));
  }

  @Patch(':id')
  @Roles(...MANAGERS)
  @ApiOkResponse({ type: TenantResponse })
  async update(@Param('id', ParseIntPipe) id: number, @Body() dto: UpdateTenantDto, @CurrentActor() actor: Actor): Promise<TenantResponse> {
    return toTenantResponse(await this.tenants.update(id, dto, actor));
  }

  /** Suspend, reactivate or move out, with a reason. */
  @Post(':id/status')
  @Roles(...MANAGERS)
  @ApiCreatedResponse({ type: TenantResponse })
  async changeStatus(@Param('id', ParseIntPipe) id: number, @Body() dto: ChangeTenantStatusDto, @CurrentActor() actor: Actor): Promise<TenantResponse> {
    return toTenantResponse(await this.tenants.changeStatus(id, dto, actor));
  }
}
