import { Controller, Get, Param, ParseIntPipe, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Roles, TenantScoped } from '../../accounts/auth/auth.decorators.js';
import { I18nService } from '../../i18n/i18n.service.js';
import { TenantsService } from '../../tenants/tenants.service.js';
import { FactsQueryDto } from './facts-query.dto.js';
import { ConventionFactsService } from './convention-facts.service.js';

/** The conventions pillar's score facts of one tenant, for checking what the scoring engine will see. */
@ApiTags('conventions')
@ApiBearerAuth()
@Controller('api/v1/tenants')
export class ConventionFactsController {
  constructor(private readonly facts: ConventionFactsService, private readonly tenants: TenantsService, private readonly i18n: I18nService) {}

  @Get(':id/convention-facts')
  @Roles('park_staff', 'regulator', 'tenant_officer')
  @TenantScoped('id')
  @ApiOkResponse({ description: '{ tenantId, asOf, facts: [{ rule, recordType, recordId, detail }] }' })
  async get(@Param('id', ParseIntPipe) id: number, @Query() query: FactsQueryDto) {
    await this.tenants.get(id);
    const asOf = query.asOf ?? this.i18n.today();
    const facts = (await this.facts.factsFor([id], asOf)).get(id) ?? [];
    return { tenantId: id, asOf, facts };
  }
}
