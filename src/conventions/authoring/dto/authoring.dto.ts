import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsInt, IsNotEmpty, IsOptional, IsString, Matches, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { CLAUSE_CATEGORIES, CONVENTION_KINDS, type ClauseCategory, type ConventionKind } from '../../domain/convention.rules.js';
import { MultilineText } from '../../../common/validation.js';

/** At most this many clauses in one version (a form row is five fields; the body parser allows 2,000). */
export const MAX_CLAUSES = 300;
export const MAX_SIGNING_PERIOD_DAYS = 365;

export class ClauseDto {
  @ApiProperty({ example: '1', maxLength: 16 })
  @IsString() @IsNotEmpty() @MaxLength(16)
  number: string;

  @ApiProperty({ enum: CLAUSE_CATEGORIES })
  @IsIn(CLAUSE_CATEGORIES)
  category: ClauseCategory;

  @ApiPropertyOptional({ maxLength: 64, description: 'Required when category is custom.' })
  @IsOptional() @IsString() @MaxLength(64)
  customCategory?: string | null;

  @ApiProperty({ maxLength: 10000 })
  @IsString() @IsNotEmpty() @MaxLength(10000) @MultilineText()
  textZh: string;

  @ApiPropertyOptional({ maxLength: 10000 })
  @IsOptional() @IsString() @MaxLength(10000) @MultilineText()
  textEn?: string | null;
}

/** The editable part of a draft version: metadata and the full, ordered clause list. */
export class DraftVersionDto {
  @ApiProperty({ maxLength: 200 })
  @IsString() @IsNotEmpty() @MaxLength(200)
  title: string;

  @ApiPropertyOptional({ maxLength: 300 })
  @IsOptional() @IsString() @MaxLength(300)
  titleEn?: string | null;

  @ApiProperty({ example: '2026-01-01' })
  @IsString() @Matches(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, { message: 'date' })
  effectiveDate: string;

  @ApiProperty({ minimum: 0, maximum: MAX_SIGNING_PERIOD_DAYS })
  @Type(() => Number) @IsInt() @Min(0) @Max(MAX_SIGNING_PERIOD_DAYS)
  signingPeriodDays: number;

  @ApiProperty({ type: [ClauseDto] })
  @IsArray() @ArrayMaxSize(MAX_CLAUSES, { message: `max {"limit":${MAX_CLAUSES}}` }) @ValidateNested({ each: true }) @Type(() => ClauseDto)
  clauses: ClauseDto[];
}

export class CreateConventionDto extends DraftVersionDto {
  @ApiProperty({ enum: CONVENTION_KINDS })
  @IsIn(CONVENTION_KINDS)
  kind: ConventionKind;
}
