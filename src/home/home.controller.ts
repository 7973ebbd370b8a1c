import { Controller, Get, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { Roles } from '../accounts/auth/auth.decorators.js';
import { EVERYONE, isTenantOfficer, readsEveryTenant } from '../accounts/domain/access-policy.js';
import { CurrentPrincipal, type Principal } from '../common/principal.js';
import { TenantsQueries } from '../tenants/tenants.queries.js';

/** The landing page after login: what each role works on, with the registry's headline figures. */
@ApiExcludeController()
@Controller()
export class HomeController {
  constructor(private readonly tenants: TenantsQueries) {}

  @Get()
  @Roles(...EVERYONE)
  async home(@CurrentPrincipal() principal: Principal, @Res() res: Response): Promise<void> {
    if (isTenantOfficer(principal) && principal.tenantId) return res.redirect(303, `/tenants/${principal.tenantId}`);
    const sees = readsEveryTenant(principal);
    const byStatus = sees ? await this.tenants.countsByStatus() : {};
    res.render('home/index', {
      titleKey: 'home.title',
      sees,
      stats: sees ? { active: byStatus.active ?? 0, suspended: byStatus.suspended ?? 0, movedOut: byStatus.moved_out ?? 0 } : null,
    });
  }
}
