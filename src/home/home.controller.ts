import { Controller, Get, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Response } from 'express';
import { DataSource } from 'typeorm';
import { Roles } from '../accounts/auth/auth.decorators.js';
import { EVERYONE, isTenantOfficer, readsEveryTenant } from '../accounts/domain/access-policy.js';
import { CurrentPrincipal, type Principal } from '../common/principal.js';
import { TenantEntity } from '../tenants/entities/tenant.entity.js';

/** The landing page after login: what each role works on, with the registry's headline figures. */
@ApiExcludeController()
@Controller()
export class HomeController {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  @Get()
  @Roles(...EVERYONE)
  async home(@CurrentPrincipal() principal: Principal, @Res() res: Response): Promise<void> {
    if (isTenantOfficer(principal) && principal.tenantId) return res.redirect(303, `/tenants/${principal.tenantId}`);
    const sees = readsEveryTenant(principal);
    const counts = sees
      ? await this.dataSource.getRepository(TenantEntity).createQueryBuilder('t')
          .select('t.status', 'status').addSelect('COUNT(*)', 'n').groupBy('t.status').getRawMany<{ status: string; n: string }>()
      : [];
    const byStatus = Object.fromEntries(counts.map((c) => [c.status, Number(c.n)]));
    res.render('home/index', {
      titleKey: 'home.title',
      sees,
      stats: sees ? { active: byStatus.active ?? 0, suspended: byStatus.suspended ?? 0, movedOut: byStatus.moved_out ?? 0 } : null,
    });
  }
}
