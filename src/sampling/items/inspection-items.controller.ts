import { Body, Controller, Get, Param, ParseIntPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBearerAuth, ApiBody, ApiConflictResponse, ApiCreatedResponse, ApiForbiddenResponse, ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Roles } from '../../accounts/auth/auth.decorators.js';
import { READERS } from '../../accounts/domain/access-policy.js';
import { CurrentActor, CurrentPrincipal, type Actor, type Principal } from '../../common/principal.js';
import { validateOrThrow } from '../../common/validation.js';
import { InspectionItemDto, InspectionItemPatchDto, InspectionItemsQueryDto, ITEM_FIELDS } from './dto/inspection-item.dto.js';
import { InspectionItemsQueries, type DepartmentName } from './inspection-items.queries.js';
import { InspectionItemsService, type InspectionItemView } from './inspection-items.service.js';

export const itemJson = (r: InspectionItemView & { updatedAt?: Date }, department: DepartmentName | null | undefined) => ({
  id: r.id, code: r.code, name: { zh: r.nameZh, en: r.nameEn }, legalBasis: r.legalBasis, kind: r.kind, active: r.active,
  department: department ? { id: department.id, code: department.code, name: { zh: department.nameZh, en: department.nameEn } } : { id: r.departmentId },
  ...(r.updatedAt ? { updatedAt: r.updatedAt.toISOString() } : {}),
});

/**
 * The inspection-item list (事项清单) over JSON. Park staff, admins and regulators read it; staff and
 * admins keep every department's items, a regulator their own department's (403 otherwise). Items
 * are deactivated (`active: false`), never deleted.
 */
@ApiTags('sampling')
@ApiBearerAuth()
@Controller('api/v1/sampling/items')
export class InspectionItemsController {
  constructor(private readonly service: InspectionItemsService, private readonly queries: InspectionItemsQueries) {}

  @Get()
  @Roles(...READERS)
  @ApiOkResponse({ description: '{ items: [{ id, code, name: { zh, en }, legalBasis, kind: general | key, active, department: { id, code, name }, updatedAt }], total, page, pageSize } by code' })
  async list(@Query() query: InspectionItemsQueryDto) {
    const page = await this.queries.list(query);
    return { ...page, items: page.items.map((r) => itemJson(r, r.department)) };
  }

  @Get(':id')
  @Roles(...READERS)
  @ApiOkResponse({ description: 'one item' })
  @ApiNotFoundResponse({ description: 'no such item' })
  async one(@Param('id', ParseIntPipe) id: number) {
    return this.json(await this.service.get(id));
  }

  @Post()
  @Roles(...READERS)
  @ApiBody({ type: InspectionItemDto })
  @ApiCreatedResponse({ description: 'the item' })
  @ApiBadRequestResponse({ description: 'field-keyed (departmentId: unknownDepartment for a missing or inactive department)' })
  @ApiForbiddenResponse({ description: 'a regulator naming another department' })
  @ApiConflictResponse({ description: 'another item has this code (field code: taken)' })
  async create(@Body() dto: InspectionItemDto, @CurrentPrincipal() principal: Principal, @CurrentActor() actor: Actor) {
    return this.json(await this.service.save(null, dto, principal, actor));
  }

  @Patch(':id')
  @Roles(...READERS)
  @ApiBody({ type: InspectionItemPatchDto, description: 'any of the fields; the others stay (active: false deactivates)' })
  @ApiOkResponse({ description: 'the item after the change' })
  @ApiNotFoundResponse({ description: 'no such item' })
  @ApiForbiddenResponse({ description: "a regulator changing another department's item" })
  @ApiConflictResponse({ description: 'another item has this code' })
  async update(@Param('id', ParseIntPipe) id: number, @Body() dto: InspectionItemPatchDto, @CurrentPrincipal() principal: Principal, @CurrentActor() actor: Actor) {
    const row = await this.service.get(id);
    this.service.assertMayKeep(principal, row.departmentId);
    const current = Object.fromEntries(ITEM_FIELDS.map((k) => [k, row[k]]));
    const changes = Object.fromEntries(Object.entries(dto).filter(([, v]) => v !== undefined));
    return this.json(await this.service.save(id, await validateOrThrow(InspectionItemDto, { ...current, ...changes }), principal, actor));
  }

  private async json(row: InspectionItemView & { updatedAt?: Date }) {
    return itemJson(row, (await this.queries.departmentNames()).get(row.departmentId));
  }
}
