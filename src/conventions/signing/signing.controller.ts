import { Body, Controller, Get, HttpCode, Param, ParseIntPipe, Post, Req } from '@nestjs/common';
import {
  ApiBadRequestResponse, ApiBearerAuth, ApiConflictResponse, ApiCreatedResponse, ApiForbiddenResponse, ApiNotFoundResponse, ApiOkResponse, ApiTags,
} from '@nestjs/swagger';
import type { Request } from 'express';
import { Public, Roles } from '../../accounts/auth/auth.decorators.js';
import { OFFICERS, TENANT_READERS } from '../../accounts/domain/access-policy.js';
import { NotFoundError } from '../../common/errors/domain-error.js';
import { CurrentPrincipal, type Principal } from '../../common/principal.js';
import { ObligationResponse, SignatureResponse, SignDto, VerificationResponse } from './dto/signing.dto.js';
import { SigningService } from './signing.service.js';
import type { SignatureEntity } from '../entities/signature.entity.js';

function toSignatureResponse(s: SignatureEntity): SignatureResponse {
  return {
    id: s.id, obligationId: s.obligationId, versionId: s.versionId, tenantId: s.tenantId, method: s.method,
    signerName: s.signerName, signerTitle: s.signerTitle, signedAt: s.signedAt.toISOString(), ip: s.ip, userAgent: s.userAgent,
    textSha256: s.textSha256, verificationCode: s.verificationCode, paperReason: s.paperReason,
  };
}

/** Signing over JSON: an officer lists and signs their tenant's obligations; anyone can check a receipt code. */
@ApiTags('conventions')
@ApiBearerAuth()
@Controller('api/v1')
export class SigningController {
  constructor(private readonly signing: SigningService) {}

  @Get('conventions/my/obligations')
  @Roles(...OFFICERS)
  @ApiOkResponse({ type: [ObligationResponse] })
  async myObligations(@CurrentPrincipal() principal: Principal): Promise<ObligationResponse[]> {
    return (await this.signing.obligationsOf(principal.tenantId ?? -1)).map(({ signable: _signable, ...o }) => o);
  }

  @Post('conventions/obligations/:id/sign')
  @Roles(...OFFICERS)
  @HttpCode(201)
  @ApiCreatedResponse({ type: SignatureResponse })
  @ApiBadRequestResponse({ description: 'a field is missing or consent is not true' })
  @ApiForbiddenResponse({ description: 'the obligation belongs to another tenant' })
  @ApiConflictResponse({ description: 'already signed, or the version is a draft or superseded' })
  async sign(@Param('id', ParseIntPipe) id: number, @Body() dto: SignDto, @CurrentPrincipal() principal: Principal, @Req() req: Request): Promise<SignatureResponse> {
    return toSignatureResponse(await this.signing.sign(id, dto, principal, req.ip ?? null, req.get('user-agent')));
  }

  @Get('conventions/signatures/:id')
  @Roles(...TENANT_READERS)
  @ApiOkResponse({ type: SignatureResponse })
  async signature(@Param('id', ParseIntPipe) id: number, @CurrentPrincipal() principal: Principal): Promise<SignatureResponse> {
    return toSignatureResponse((await this.signing.signature(id, principal)).signature);
  }

  @Get('verify/:code')
  @Public()
  @ApiOkResponse({ type: VerificationResponse })
  @ApiNotFoundResponse({ description: 'no receipt has this code' })
  async verify(@Param('code') code: string): Promise<VerificationResponse> {
    const v = await this.signing.verify(code);
    if (!v) throw new NotFoundError('conventionsSigning.verify.notFound');
    return {
      genuine: true, tenantName: v.tenantName, uscc: v.uscc, versionTitle: v.versionTitle, versionNo: v.versionNo,
      signedOn: v.signedOn, method: v.method, textSha256: v.textSha256,
    };
  }
}
