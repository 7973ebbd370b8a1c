import { Body, Controller, Get, Param, ParseIntPipe, Post, Render, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Public, Roles } from '../../accounts/auth/auth.decorators.js';
import { ADMINS } from '../../accounts/domain/access-policy.js';
import { ValidationFailedError } from '../../common/errors/domain-error.js';
import { actorOf, CurrentPrincipal, type Principal } from '../../common/principal.js';
import { validateForm } from '../../common/validation.js';
import { flash, handleForm } from '../../common/views/page-helpers.js';
import { I18nService } from '../../i18n/i18n.service.js';
import type { CatalogueItemEntity } from '../entities/catalogue-item.entity.js';
import { CATALOGUE_CATEGORIES, CATALOGUE_PUBLICITY } from './catalogue.rules.js';
import { CreditCatalogueService } from './credit-catalogue.service.js';
import { CATALOGUE_FIELDS, CatalogueItemDto, DESCRIPTION_MAX } from './dto/catalogue-item.dto.js';

const formValues = (r: CatalogueItemEntity) => Object.fromEntries(CATALOGUE_FIELDS.map((k) => [k, r[k]]));

/**
 * The credit information catalogue (信用目录) as a page anyone can read, logged in or not, and print:
 * every kind of record ParkTrust keeps, grouped, with producer, legal basis, audience, publicity, how
 * long it counts and is kept. Admins add and edit items here.
 */
@ApiExcludeController()
@Controller('credit-catalogue')
export class CreditCataloguePagesController {
  constructor(private readonly catalogue: CreditCatalogueService, private readonly i18n: I18nService) {}

  @Get()
  @Public()
  @Render('credit-catalogue/list')
  async list(@Req() req: Request) {
    const groups = await this.catalogue.grouped();
    const updatedAt = groups.flatMap((g) => g.items).reduce<Date | null>((max, i) => (!max || i.updatedAt > max ? i.updatedAt : max), null);
    return {
      titleKey: 'creditCatalogue.title',
      groups,
      count: groups.reduce((n, g) => n + g.items.length, 0),
      updatedAt,
      canEdit: req.principal?.role === 'admin',
    };
  }

  @Get('new')
  @Roles(...ADMINS)
  @Render('credit-catalogue/form')
  newForm() {
    return this.formModel(null, { category: 'registry', publicity: 'never', sortOrder: 0 });
  }

  @Post('new')
  @Roles(...ADMINS)
  create(@Body() body: Record<string, unknown>, @CurrentPrincipal() p: Principal, @Req() req: Request, @Res() res: Response) {
    return this.save(null, body, p, req, res);
  }

  @Get(':id/edit')
  @Roles(...ADMINS)
  @Render('credit-catalogue/form')
  async edit(@Param('id', ParseIntPipe) id: number) {
    return this.formModel(id, formValues(await this.catalogue.get(id)));
  }

  @Post(':id/edit')
  @Roles(...ADMINS)
  async update(@Param('id', ParseIntPipe) id: number, @Body() body: Record<string, unknown>, @CurrentPrincipal() p: Principal, @Req() req: Request, @Res() res: Response) {
    await this.catalogue.get(id);
    return this.save(id, body, p, req, res);
  }

  private formModel(id: number | null, values: Record<string, unknown>) {
    return {
      titleKey: id ? 'creditCatalogue.editTitle' : 'creditCatalogue.newTitle',
      action: id ? `/credit-catalogue/${id}/edit` : '/credit-catalogue/new',
      values, categories: CATALOGUE_CATEGORIES, publicities: CATALOGUE_PUBLICITY, descriptionMax: DESCRIPTION_MAX,
    };
  }

  private async save(id: number | null, body: Record<string, unknown>, principal: Principal, req: Request, res: Response): Promise<void> {
    const values = Object.fromEntries(CATALOGUE_FIELDS.map((k) => [k, body[k]]));
    await handleForm(res, this.i18n, 'credit-catalogue/form', this.formModel(id, values), async () => {
      const form = await validateForm(CatalogueItemDto, body);
      if (!form.ok) throw new ValidationFailedError(form.fields);
      const row = await this.catalogue.save(id, form.value, actorOf(principal, req));
      flash(req, 'success', 'creditCatalogue.saved', { name: row.nameZh });
      res.redirect(303, `/credit-catalogue#${row.code}`);
    });
  }
}
