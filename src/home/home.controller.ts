import { Controller, Get, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { Roles } from '../accounts/auth/auth.decorators.js';
import { EVERYONE, isTenantOfficer, readsEveryTenant } from '../accounts/domain/access-policy.js';
import { CurrentPrincipal, type Principal } from '../common/principal.js';
import { TenantsQueries } from '../tenants/tenants.queries.js';
import { HomeSections } from './home-sections.js';

/**
 * The landing page after login: the work waiting for this person (sections contributed by the
 * contexts with `@HomeSection`), what each role works on, and the registry's headline figures.
 */
@ApiExcludeController()
@Controller()
export class HomeController {
  constructor(private readonly tenants: TenantsQueries, private readonly sections: HomeSections) {}

  @Get()
  @Roles(...EVERYONE)
  async home(@CurrentPrincipal() principal: Principal, @Res() res: Response): Promise<void> {
    if (isTenantOfficer(principal) && principal.tenantId) return res.redirect(303, `/tenants/${principal.tenantId}`);
    const sees = readsEveryTenant(principal);
    const [byStatus, sections] = await Promise.all([sees ? this.tenants.countsByStatus() : Promise.resolve({} as Record<string, number>), this.sections.render(principal)]);
    res.render('home/index', {
      titleKey: 'home.title',
      sees,
      sections,
      stats: sees ? { active: byStatus.active ?? 0, suspended: byStatus.suspended ?? 0, movedOut: byStatus.moved_out ?? 0 } : null,
    });
  }
}
