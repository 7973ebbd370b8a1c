import { Body, Controller, Get, Param, ParseIntPipe, Patch, Post } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBearerAuth, ApiBody, ApiConflictResponse, ApiCreatedResponse, ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Public, Roles } from '../../accounts/auth/auth.decorators.js';
import { ADMINS } from '../../accounts/domain/access-policy.js';
import { CurrentActor, type Actor } from '../../common/principal.js';
import { validateOrThrow } from '../../common/validation.js';
import type { CatalogueItemEntity } from '../entities/catalogue-item.entity.js';
import { CreditCatalogueService } from './credit-catalogue.service.js';
import { CATALOGUE_FIELDS, CatalogueItemDto, CatalogueItemPatchDto } from './dto/catalogue-item.dto.js';

const itemJson = (r: CatalogueItemEntity) => ({
  id: r.id, code: r.code, category: r.category, sortOrder: r.sortOrder,
  name: { zh: r.nameZh, en: r.nameEn }, description: { zh: r.descriptionZh, en: r.descriptionEn },
  producer: { zh: r.producerZh, en: r.producerEn }, legalBasis: { zh: r.legalBasis, en: r.legalBasisEn },
  audience: { zh: r.audienceZh, en: r.audienceEn }, publicity: r.publicity,
  counts: { zh: r.countsZh, en: r.countsEn }, retention: { zh: r.retentionZh, en: r.retentionEn },
  updatedAt: r.updatedAt.toISOString(),
});

/**
 * The credit information catalogue (信用目录) over JSON. Reading is public, without a token: it is a
 * transparency document. Admins add items and change them (a PATCH names only the fields it changes);
 * items are never removed.
 */
@ApiTags('credit-catalogue')
@Controller('api/v1/credit-catalogue')
export class CreditCatalogueController {
  constructor(private readonly catalogue: CreditCatalogueService) {}

  @Get()
  @Public()
  @ApiOkResponse({ description: '{ groups: [{ category, items: [{ id, code, category, sortOrder, name, description, producer, legalBasis, audience, publicity, counts, retention, updatedAt }] }] } — texts as { zh, en }; publicity: never | while_listed | results | publicity_period' })
  async list() {
    return { groups: (await this.catalogue.grouped()).map((g) => ({ category: g.category, items: g.items.map(itemJson) })) };
  }

  @Post()
  @Roles(...ADMINS)
  @ApiBearerAuth()
  @ApiBody({ type: CatalogueItemDto })
  @ApiCreatedResponse({ description: 'the item' })
  @ApiBadRequestResponse({ description: 'field-keyed' })
  @ApiConflictResponse({ description: 'another item has this code' })
  async create(@Body() dto: CatalogueItemDto, @CurrentActor() actor: Actor) {
    return itemJson(await this.catalogue.save(null, dto, actor));
  }

  @Patch(':id')
  @Roles(...ADMINS)
  @ApiBearerAuth()
  @ApiBody({ type: CatalogueItemPatchDto, description: 'any of the fields; the others stay' })
  @ApiOkResponse({ description: 'the item after the change' })
  @ApiNotFoundResponse({ description: 'no such item' })
  @ApiConflictResponse({ description: 'another item has this code' })
  async update(@Param('id', ParseIntPipe) id: number, @Body() dto: CatalogueItemPatchDto, @CurrentActor() actor: Actor) {
    const row = await this.catalogue.get(id);
    const current = Object.fromEntries(CATALOGUE_FIELDS.map((k) => [k, row[k]]));
    const changes = Object.fromEntries(Object.entries(dto).filter(([, v]) => v !== undefined));
    return itemJson(await this.catalogue.save(id, await validateOrThrow(CatalogueItemDto, { ...current, ...changes }), actor));
  }
}
