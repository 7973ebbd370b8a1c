import { Body, Controller, Get, Param, ParseIntPipe, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Roles } from '../accounts/auth/auth.decorators.js';
import { MANAGERS } from '../accounts/domain/access-policy.js';
import { ValidationFailedError } from '../common/errors/domain-error.js';
import { actorOf, CurrentPrincipal, type Principal } from '../common/principal.js';
import { flash, handleForm } from '../common/views/page-helpers.js';
import { validateForm } from '../common/validation.js';
import { I18nService } from '../i18n/i18n.service.js';
import { BuildingsService } from './buildings.service.js';
import { BuildingDto, BuildingRetiredDto } from './dto/tenant.dto.js';
import { TenantsService } from './tenants.service.js';

const VIEW = 'tenants/buildings';

/** The buildings staff keep (楼栋管理): add, rename, retire and bring back, each audited. */
@ApiExcludeController()
@Roles(...MANAGERS)
@Controller('buildings')
export class BuildingsPagesController {
  constructor(private readonly buildings: BuildingsService, private readonly tenants: TenantsService, private readonly i18n: I18nService) {}

  @Get()
  async list(@Res() res: Response): Promise<void> {
    res.render(VIEW, await this.model());
  }

  @Post()
  async add(@Body() body: Record<string, unknown>, @CurrentPrincipal() principal: Principal, @Req() req: Request, @Res() res: Response): Promise<void> {
    await handleForm(res, this.i18n, VIEW, await this.model({ values: body }), async () => {
      const form = await validateForm(BuildingDto, body);
      if (!form.ok) throw new ValidationFailedError(form.fields);
      const building = await this.buildings.add(form.value.name, actorOf(principal, req));
      this.done(req, res, 'tenants.buildings.added', building.name);
    });
  }

  @Post(':id')
  async rename(@Param('id', ParseIntPipe) id: number, @Body() body: Record<string, unknown>, @CurrentPrincipal() principal: Principal, @Req() req: Request, @Res() res: Response): Promise<void> {
    await handleForm(res, this.i18n, VIEW, await this.model({ editId: id, editValues: body }), async () => {
      const form = await validateForm(BuildingDto, body);
      if (!form.ok) throw new ValidationFailedError(form.fields);
      const building = await this.buildings.rename(id, form.value.name, actorOf(principal, req));
      this.done(req, res, 'tenants.buildings.renamed', building.name);
    });
  }

  @Post(':id/retired')
  async setRetired(@Param('id', ParseIntPipe) id: number, @Body() body: Record<string, unknown>, @CurrentPrincipal() principal: Principal, @Req() req: Request, @Res() res: Response): Promise<void> {
    await handleForm(res, this.i18n, VIEW, await this.model(), async () => {
      const form = await validateForm(BuildingRetiredDto, body);
      if (!form.ok) throw new ValidationFailedError(form.fields);
      const retired = form.value.retired === 'true';
      const building = await this.buildings.setRetired(id, retired, actorOf(principal, req));
      this.done(req, res, retired ? 'tenants.buildings.retiredDone' : 'tenants.buildings.restored', building.name);
    });
  }

  private async model(extra: Record<string, unknown> = {}) {
    return { titleKey: 'tenants.buildings.title', buildings: await this.buildings.all(), values: {}, ...extra };
  }

  private done(req: Request, res: Response, key: string, name: string): void {
    // The list's filter menus show every building.
    this.tenants.registryChanged();
    flash(req, 'success', key, { name });
    res.redirect(303, '/buildings');
  }
}
