import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min, MinLength, ValidateNested } from 'class-validator';
import { blank, optionalInt, trim } from '../../../common/dto-transforms.js';
import { PageQueryDto } from '../../../common/pagination.js';
import { MultilineText } from '../../../common/validation.js';
import { LIST_ENTRY_STATUSES, LIST_KINDS, type ListEntryStatus, type ListKind } from '../../domain/list-kinds.js';

export const REASONS_MAX = 5000;
export const LEGAL_BASIS_MAX = 500;
export const TEXT_MAX = 5000;
export const DECISION_REASON_MAX = 2000;
export const MAX_RECORDS = 50;
/** Kinds of record an entry may name (what the candidates offer, and what a proposer may add by id). */
export const RECORD_TYPES = ['finding', 'annual_result', 'score_month', 'score_snapshot'] as const;
const ALL_CRITERIA = ['annual_nomination', 'serious_heavy_penalty', 'abnormal_three_years', 'grade_d', 'overdue_rectifications', 'other'] as const;

export class ListRecordRefDto {
  @ApiProperty({ enum: RECORD_TYPES }) @IsIn(RECORD_TYPES)
  type: (typeof RECORD_TYPES)[number];

  @ApiProperty() @Type(() => Number) @IsInt() @Min(1) @Max(2_147_483_647)
  id: number;

  @ApiProperty({ maxLength: 200, description: 'how it reads (decision number, month, year)' })
  @Transform(trim) @IsString() @MaxLength(200)
  label: string;
}

/** A proposal: the tenant by id or USCC, the list, the criterion it meets, the reasons the tenant is told, the legal basis (default: the list rule's), the records behind it. */
export class ProposeListEntryDto {
  @ApiPropertyOptional({ description: 'the tenant, by id (or give uscc)' })
  @IsOptional() @Transform(optionalInt) @IsInt() @Min(1) @Max(2_147_483_647)
  tenantId?: number;

  @ApiPropertyOptional({ description: 'the tenant, by its unified social credit code (or give tenantId)' })
  @IsOptional() @Transform(blank) @IsString() @MaxLength(40)
  uscc?: string;

  @ApiProperty({ enum: LIST_KINDS }) @IsIn(LIST_KINDS)
  list: ListKind;

  @ApiProperty({ enum: ALL_CRITERIA, description: 'red: annual_nomination | other; black: serious_heavy_penalty | abnormal_three_years | other; watch: grade_d | overdue_rectifications | other' })
  @IsIn(ALL_CRITERIA)
  criterion: string;

  @ApiProperty({ maxLength: REASONS_MAX, description: 'what the tenant is told' })
  @Transform(trim) @IsString() @MinLength(1) @MaxLength(REASONS_MAX) @MultilineText()
  reasons: string;

  @ApiPropertyOptional({ maxLength: LEGAL_BASIS_MAX, description: 'default: the list rule in force' })
  @IsOptional() @Transform(blank) @IsString() @MaxLength(LEGAL_BASIS_MAX)
  legalBasis?: string;

  @ApiPropertyOptional({ type: [ListRecordRefDto], maxItems: MAX_RECORDS })
  @IsOptional() @IsArray() @ArrayMaxSize(MAX_RECORDS) @ValidateNested({ each: true }) @Type(() => ListRecordRefDto)
  records?: ListRecordRefDto[];
}

/** An objection (the tenant's officer), or an answer to one (staff, regulators). */
export class ListTextDto {
  @ApiProperty({ maxLength: TEXT_MAX })
  @Transform(trim) @IsString() @MinLength(1) @MaxLength(TEXT_MAX) @MultilineText()
  text: string;
}

/** A decision or an early exit: the reason is required. */
export class ListReasonDto {
  @ApiProperty({ maxLength: DECISION_REASON_MAX })
  @Transform(trim) @IsString() @MinLength(1) @MaxLength(DECISION_REASON_MAX) @MultilineText()
  reason: string;
}

export class ListEntriesQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: LIST_KINDS }) @IsOptional() @Transform(blank) @IsIn(LIST_KINDS)
  list?: ListKind;

  @ApiPropertyOptional({ enum: LIST_ENTRY_STATUSES }) @IsOptional() @Transform(blank) @IsIn(LIST_ENTRY_STATUSES)
  status?: ListEntryStatus;

  @ApiPropertyOptional({ description: 'name or USCC' }) @IsOptional() @Transform(blank) @IsString() @MaxLength(100)
  q?: string;

  @ApiPropertyOptional() @IsOptional() @Transform(optionalInt) @IsInt() @Min(1) @Max(2_147_483_647)
  tenantId?: number;

  @ApiPropertyOptional({ enum: ['csv', 'xlsx'] }) @IsOptional() @Transform(blank) @IsIn(['csv', 'xlsx'])
  format?: 'csv' | 'xlsx';
}

export class CandidatesQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: LIST_KINDS, default: 'black' }) @IsOptional() @Transform(blank) @IsIn(LIST_KINDS)
  list?: ListKind;
}

export class ChangesQueryDto {
  @ApiPropertyOptional({ description: 'ISO 8601 instant: changes recorded at or after it (default: from the beginning)', example: '2026-11-01T00:00:00Z' })
  @IsOptional() @IsString() @MaxLength(40)
  since?: string;

  @ApiPropertyOptional({ description: 'the `next` of the previous page (opaque)' })
  @IsOptional() @IsString() @MaxLength(200)
  cursor?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 1000, default: 500 })
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(1000)
  limit?: number;

  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(10)
  lang?: string;
}
