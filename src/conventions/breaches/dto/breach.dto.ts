import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsInt, IsISO8601, IsOptional, IsString, Matches, MaxLength, Min, MinLength } from 'class-validator';
import { LocaleQueryDto, PageQueryDto } from '../../../common/pagination.js';
import { MultilineText } from '../../../common/validation.js';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
/** Filter forms send empty inputs; they mean "no filter". */
const blank = ({ value }: { value: unknown }) => (value === '' ? undefined : typeof value === 'string' ? value.trim() : value);
const DATE = /^\d{4}-\d{2}-\d{2}$/;

export const BREACH_TEXT_MAX = 5000;

/** A confirmed breach, as staff record it (multipart form; evidence in the field `files`). */
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
}

export class NewBreachQueryDto extends LocaleQueryDto {
  @ApiProperty() @Type(() => Number) @IsInt() @Min(1)
  tenantId: number;
}
