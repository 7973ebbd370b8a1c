import { Controller, Get, Param, ParseIntPipe, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Roles, TenantScoped } from '../../accounts/auth/auth.decorators.js';
import { TENANT_READERS } from '../../accounts/domain/access-policy.js';
import { I18nService } from '../../i18n/i18n.service.js';
import { TenantsService } from '../../tenants/tenants.service.js';
import { FactsQueryDto } from '../dto/facts-query.dto.js';
import { FactsService } from '../core/facts.service.js';

/** One tenant's score facts from every pillar, for checking what the scoring engine will see. */
@ApiTags('scoring')
@ApiBearerAuth()
@Controller('api/v1/tenants')
export class FactsController {
  constructor(private readonly facts: FactsService, private readonly tenants: TenantsService, private readonly i18n: I18nService) {}

  @Get(':id/facts')
  @Roles(...TENANT_READERS)
  @TenantScoped('id')
  @ApiOkResponse({ description: '{ tenantId, asOf, facts: [{ rule, recordType, recordId, date, detail }] }' })
  async get(@Param('id', ParseIntPipe) id: number, @Query() query: FactsQueryDto) {
    await this.tenants.get(id);
    const asOf = query.asOf ?? this.i18n.today();
    const facts = (await this.facts.factsFor([id], asOf)).get(id) ?? [];
    return { tenantId: id, asOf, facts };
  }
}
