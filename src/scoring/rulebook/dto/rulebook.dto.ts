import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { Allow, IsIn, IsISO8601, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { blank, trim } from '../../../common/dto-transforms.js';
import { LocaleQueryDto, PageQueryDto } from '../../../common/pagination.js';
import { MultilineText } from '../../../common/validation.js';
import type { RulebookVersionStatus } from '../../entities/rulebook-version.entity.js';
import { REASON_MAX, RULEBOOK_STATUSES } from '../rulebook-versions.service.js';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * A rulebook version as an admin writes it, in the SIGNED editing model: a positive item's points,
 * cap and tier points are positive, a negative item's negative; bands per grade with `from` included
 * and `to` excluded (the top band includes `max`). The fields' rules (signs, bands that neither
 * overlap nor leave gaps, known facts, windows, ranges) are checked by the domain's validation, which
 * answers 422 with errors keyed `items.<code>.cap`, `grades.B`, `overrides.0.fact` …
 */
export class RulebookDraftDto {
  @ApiProperty({ example: 'park-2027-01', description: 'unique label: letters, digits, . _ -' }) @Allow()
  version: unknown;

  @ApiProperty({ example: '2027-01-01', description: 'park-zone date, today or later' }) @Allow()
  effectiveFrom: unknown;

  @ApiPropertyOptional({ description: 'what changed and why' }) @Allow() @MultilineText()
  note?: unknown;

  @ApiProperty({ example: 60 }) @Allow()
  base: unknown;

  @ApiProperty({ example: 0 }) @Allow()
  min: unknown;

  @ApiProperty({ example: 100 }) @Allow()
  max: unknown;

  @ApiProperty({
    description: 'items: { code, category (law|virtue|autonomy), labelZh, labelEn, fact? (default: code), points (signed; omitted with tiers), cap? (signed), windowMonths? (1–60), tiers? [{ when, points (signed) }], params? }',
    example: [{ category: 'law', code: 'P05', labelZh: '按期完成整改', labelEn: 'Rectification completed before its deadline', points: 2, cap: 6, windowMonths: 12 },
      { category: 'law', code: 'N03', labelZh: '必修培训无故缺席', labelEn: 'Unexcused absence from a required training', points: -2, cap: -10, windowMonths: 12 }],
  }) @Allow()
  items: unknown;

  @ApiProperty({ example: { A: { from: 85, to: 100 }, B: { from: 70, to: 85 }, C: { from: 60, to: 70 }, D: { from: 0, to: 60 } } }) @Allow()
  grades: unknown;

  @ApiPropertyOptional({ example: [{ fact: 'N09', atMost: 'D' }, { fact: 'N04', tier: 'serious', atMost: 'C' }] }) @Allow()
  overrides?: unknown;

  @ApiProperty({ example: { margin: 2, months: 2 } }) @Allow()
  hysteresis: unknown;

  @ApiProperty({ example: { days: 90, dataFacts: ['D01', 'D02', 'D03'] } }) @Allow()
  newTenant: unknown;

  @ApiProperty({ example: 5, description: '1–30' }) @Allow()
  objectionWorkingDays: unknown;

  @ApiProperty({ example: { minAnnual: 90 } }) @Allow()
  nomination: unknown;
}

export class RejectDto {
  @ApiProperty({ maxLength: REASON_MAX }) @Transform(trim) @IsString() @MaxLength(REASON_MAX) @MultilineText()
  reason: string;
}

export class InForceQueryDto extends LocaleQueryDto {
  @ApiPropertyOptional({ example: '2026-06-30', description: 'default: today (park time)' })
  @IsOptional() @Transform(blank) @Matches(DATE, { message: 'date' }) @IsISO8601({ strict: true }, { message: 'date' })
  asOf?: string;
}

export class VersionQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: RULEBOOK_STATUSES }) @IsOptional() @Transform(blank) @IsIn(RULEBOOK_STATUSES)
  status?: RulebookVersionStatus;
}

export class NewVersionQueryDto extends LocaleQueryDto {
  @ApiPropertyOptional({ description: 'the version to start from (default: the one in force)' })
  @IsOptional() @Transform(blank) @Matches(/^[1-9]\d{0,9}$/, { message: 'integer' })
  from?: string;
}
