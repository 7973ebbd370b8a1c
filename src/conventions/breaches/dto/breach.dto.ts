import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsIn, IsInt, IsISO8601, IsOptional, IsString, Matches, MaxLength, Min, MinLength } from 'class-validator';
import { LocaleQueryDto, PageQueryDto } from '../../../common/pagination.js';
import { MultilineText } from '../../../common/validation.js';
import type { TabularFormat } from '../../../common/tabular/tabular-export.js';
import {
  BREACH_DECISIONS, BREACH_SEVERITIES, BREACH_STATUSES, type BreachDecision, type BreachSeverity, type BreachStatus,
} from '../../domain/breach-lifecycle.rules.js';
import { blank, trim } from '../../../common/dto-transforms.js';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export const BREACH_TEXT_MAX = 5000;
export const BREACH_REASON_MAX = 2000;

/** A breach as staff record it (multipart form; evidence in the field `files`); the tenant may respond before staff decide. */
export class RecordBreachDto {
  @ApiProperty() @Type(() => Number) @IsInt() @Min(1)
  tenantId: number;

  @ApiProperty({ description: 'a clause of a published version the tenant is asked to sign' })
  @Type(() => Number) @IsInt() @Min(1)
  clauseId: number;

  @ApiProperty({ example: '2026-03-01', description: 'park-zone calendar date, not in the future' })
  @Matches(DATE, { message: 'date' }) @IsISO8601({ strict: true }, { message: 'date' })
  occurredOn: string;

  @ApiProperty({ maxLength: BREACH_TEXT_MAX }) @Transform(trim) @IsString() @MinLength(1) @MaxLength(BREACH_TEXT_MAX) @MultilineText()
  description: string;

  @ApiPropertyOptional({ enum: BREACH_SEVERITIES, default: 'general' })
  @IsOptional() @Transform(blank) @IsIn(BREACH_SEVERITIES)
  severity?: BreachSeverity;

  @ApiPropertyOptional({ example: '2026-04-30', description: 'rectification deadline: park-zone date, not before today nor the breach' })
  @IsOptional() @Transform(blank) @Matches(DATE, { message: 'date' }) @IsISO8601({ strict: true }, { message: 'date' })
  rectifyBy?: string;
}

/** Staff close an open breach: it stands (confirm, then it is a score fact N02) or it is withdrawn; with a reason either way. */
export class DecideBreachDto {
  @ApiProperty({ enum: BREACH_DECISIONS }) @IsIn(BREACH_DECISIONS)
  decision: BreachDecision;

  @ApiProperty({ maxLength: BREACH_REASON_MAX }) @Transform(trim) @IsString() @MinLength(1) @MaxLength(BREACH_REASON_MAX) @MultilineText()
  reason: string;
}

/** The tenant's written response (multipart form; files optional in the field `files`). */
export class BreachResponseDto {
  @ApiProperty({ maxLength: BREACH_TEXT_MAX }) @Transform(trim) @IsString() @MinLength(1) @MaxLength(BREACH_TEXT_MAX) @MultilineText()
  text: string;
}

export class BreachQueryDto extends PageQueryDto {
  /** Start of the tenant's name. */
  @ApiPropertyOptional() @IsOptional() @Transform(blank) @IsString() @MaxLength(200)
  q?: string;

  @ApiPropertyOptional({ description: 'occurred on or after (YYYY-MM-DD)' })
  @IsOptional() @Transform(blank) @Matches(DATE, { message: 'date' }) @IsISO8601({ strict: true }, { message: 'date' })
  from?: string;

  @ApiPropertyOptional({ description: 'occurred on or before (YYYY-MM-DD)' })
  @IsOptional() @Transform(blank) @Matches(DATE, { message: 'date' }) @IsISO8601({ strict: true }, { message: 'date' })
  to?: string;

  @ApiPropertyOptional({ enum: BREACH_STATUSES }) @IsOptional() @Transform(blank) @IsIn(BREACH_STATUSES)
  status?: BreachStatus;

  @ApiPropertyOptional({ enum: BREACH_SEVERITIES }) @IsOptional() @Transform(blank) @IsIn(BREACH_SEVERITIES)
  severity?: BreachSeverity;
}

export class BreachExportQueryDto extends BreachQueryDto {
  @ApiPropertyOptional({ enum: ['csv', 'xlsx'], default: 'csv' }) @IsOptional() @IsIn(['csv', 'xlsx'])
  format?: TabularFormat;
}

export class NewBreachQueryDto extends LocaleQueryDto {
  @ApiProperty() @Type(() => Number) @IsInt() @Min(1)
  tenantId: number;
}
