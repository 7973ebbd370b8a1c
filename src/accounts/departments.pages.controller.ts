import { Body, Controller, Get, Param, ParseIntPipe, Post, Render, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { ValidationFailedError } from '../common/errors/domain-error.js';
import { actorOf, CurrentPrincipal, type Principal } from '../common/principal.js';
import { flash, handleForm } from '../common/views/page-helpers.js';
import { validateForm } from '../common/validation.js';
import { I18nService } from '../i18n/i18n.service.js';
import { Roles } from './auth/auth.decorators.js';
import { ADMINS } from './domain/access-policy.js';
import { DepartmentsService } from './departments.service.js';
import { DepartmentDto } from './dto/user.dto.js';

/** Admin pages for the departments regulators belong to. */
@ApiExcludeController()
@Roles(...ADMINS)
@Controller('admin/departments')
export class DepartmentsPagesController {
  constructor(private readonly departments: DepartmentsService, private readonly i18n: I18nService) {}

  @Get()
  @Render('accounts/departments')
  async list() {
    return { titleKey: 'departments.title', departments: await this.departments.list() };
  }

  @Get('new')
  @Render('accounts/department-form')
  newForm() {
    return { titleKey: 'departments.newTitle', values: { active: true }, action: '/admin/departments' };
  }

  @Get(':id')
  @Render('accounts/department-form')
  async edit(@Param('id', ParseIntPipe) id: number) {
    return { titleKey: 'departments.editTitle', values: await this.departments.get(id), action: `/admin/departments/${id}` };
  }

  @Post()
  create(@Body() body: Record<string, unknown>, @CurrentPrincipal() p: Principal, @Req() req: Request, @Res() res: Response) {
    return this.save(null, body, p, req, res);
  }

  @Post(':id')
  update(@Param('id', ParseIntPipe) id: number, @Body() body: Record<string, unknown>, @CurrentPrincipal() p: Principal, @Req() req: Request, @Res() res: Response) {
    return this.save(id, body, p, req, res);
  }

  private async save(id: number | null, body: Record<string, unknown>, principal: Principal, req: Request, res: Response): Promise<void> {
    const model = {
      titleKey: id ? 'departments.editTitle' : 'departments.newTitle',
      values: { ...body, active: body.active !== undefined, delegatesVerification: body.delegatesVerification !== undefined },
      action: id ? `/admin/departments/${id}` : '/admin/departments',
    };
    await handleForm(res, this.i18n, 'accounts/department-form', model, async () => {
      const form = await validateForm(DepartmentDto, body);
      if (!form.ok) throw new ValidationFailedError(form.fields);
      // An unticked checkbox sends nothing: on this form that means inactive, or not delegating.
      await this.departments.save(id, { ...form.value, active: form.value.active ?? false, delegatesVerification: form.value.delegatesVerification ?? false }, actorOf(principal, req));
      flash(req, 'success', 'departments.saved');
      res.redirect(303, '/admin/departments');
    });
  }
}
