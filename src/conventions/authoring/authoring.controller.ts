import { Controller, Get, Param, ParseIntPipe } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Roles } from '../../accounts/auth/auth.decorators.js';
import { READERS } from '../../accounts/domain/access-policy.js';
import { I18nService } from '../../i18n/i18n.service.js';
import { ConventionsService } from '../core/conventions.service.js';
import type { ConventionVersionEntity } from '../entities/convention-version.entity.js';
import { AuthoringService } from './authoring.service.js';

function versionResponse(v: ConventionVersionEntity) {
  return {
    id: v.id, conventionId: v.conventionId, versionNo: v.versionNo, title: v.title, titleEn: v.titleEn, status: v.status,
    effectiveDate: v.effectiveDate, signingPeriodDays: v.signingPeriodDays, signingDeadline: v.signingDeadline,
    publishedAt: v.publishedAt, supersededAt: v.supersededAt, textSha256: v.textSha256,
  };
}

/** Conventions and their versions over JSON, for park staff and regulators. */
@ApiTags('conventions')
@ApiBearerAuth()
@Controller('api/v1/conventions')
export class AuthoringController {
  constructor(private readonly authoring: AuthoringService, private readonly conventions: ConventionsService, private readonly i18n: I18nService) {}

  @Get()
  @Roles(...READERS)
  @ApiOkResponse({ description: 'Every convention with its versions (newest first) and, per published version, signing counts.' })
  async list() {
    const all = await this.authoring.overview(this.i18n.today());
    return {
      items: all.map((c) => ({
        id: c.id, kind: c.kind, createdAt: c.createdAt,
        versions: c.versions.map((v) => ({ ...versionResponse(v), counts: v.counts })),
      })),
    };
  }

  @Get('versions/:id')
  @Roles(...READERS)
  @ApiOkResponse({ description: 'One version with its clauses in order and, once published, the SHA-256 of its canonical text.' })
  async version(@Param('id', ParseIntPipe) id: number) {
    const v = await this.conventions.version(id);
    return {
      ...versionResponse(v.version), kind: v.kind,
      clauses: v.clauses.map((c) => ({ id: c.id, position: c.position, number: c.number, category: c.category, customCategory: c.customCategory, textZh: c.textZh, textEn: c.textEn })),
    };
  }
}
