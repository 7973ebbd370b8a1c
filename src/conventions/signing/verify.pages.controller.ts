import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { Public } from '../../accounts/auth/auth.decorators.js';
import { SigningService } from './signing.service.js';

/** The public check of a receipt's verification code: genuine, with what it covers, or not found (404). */
@ApiExcludeController()
@Controller('verify')
export class VerifyPagesController {
  constructor(private readonly signing: SigningService) {}

  @Get()
  @Public()
  async verify(@Query('code') code: unknown, @Res() res: Response): Promise<void> {
    const asked = typeof code === 'string' && code.trim() !== '';
    const result = asked ? await this.signing.verify(code) : null;
    res.status(asked && !result ? 404 : 200).render('conventions/signing/verify', {
      titleKey: 'conventionsSigning.verify.title', asked, code: typeof code === 'string' ? code.slice(0, 40) : '', result,
    });
  }
}
