import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsISO8601, IsObject, IsOptional, IsString, Matches, MaxLength, Min, MinLength } from 'class-validator';
import { LocaleQueryDto, PageQueryDto } from '../../../common/pagination.js';
import type { TabularFormat } from '../../../common/tabular/tabular-export.js';
import { MultilineText } from '../../../common/validation.js';
import {
  DISPUTE_OUTCOMES, EVALUATION_GRADES, EVALUATION_STATUSES, type DisputeOutcome, type EvaluationGrade, type EvaluationStatus,
} from '../../domain/evaluation.rules.js';
import { DATE } from '../../institutions/dto/institution.dto.js';
import { blank, optionalInt, trim } from '../../../common/dto-transforms.js';

const upper = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim().toUpperCase() : value);

export const SUMMARY_MAX = 10000;
export const REASON_MAX = 5000;

/**
 * An evaluation as an evaluator submits it. The tenant is named by one of `engagementId`,
 * `tenantId` or `uscc`; `scores` holds an integer 0–100 for every active dimension by its code.
 */
export class SubmitEvaluationDto {
  @ApiPropertyOptional({ description: 'the engagement evaluated; else the tenant by id or USCC' }) @IsOptional() @Transform(optionalInt) @IsInt() @Min(1)
  engagementId?: number;

  @ApiPropertyOptional() @IsOptional() @Transform(optionalInt) @IsInt() @Min(1)
  tenantId?: number;

  @ApiPropertyOptional({ example: '914403001922038216' }) @IsOptional() @Transform(blank) @IsString() @MaxLength(40)
  uscc?: string;

  @ApiProperty({ example: '2026-01-01' }) @Matches(DATE, { message: 'date' }) @IsISO8601({ strict: true }, { message: 'date' })
  periodFrom: string;

  @ApiProperty({ example: '2026-06-30' }) @Matches(DATE, { message: 'date' }) @IsISO8601({ strict: true }, { message: 'date' })
  periodTo: string;

  @ApiProperty({ example: { governance: 85, work_safety: 90 }, description: 'an integer 0–100 per active dimension code (GET /api/v1/evaluation-dimensions)' })
  @IsObject({ message: 'scoresObject' })
  scores: Record<string, unknown>;

  @ApiProperty({ enum: EVALUATION_GRADES }) @Transform(upper) @IsIn(EVALUATION_GRADES)
  grade: EvaluationGrade;

  @ApiProperty({ maxLength: SUMMARY_MAX }) @Transform(trim) @IsString() @MinLength(1) @MaxLength(SUMMARY_MAX) @MultilineText()
  summary: string;

  @ApiProperty({ example: '2027-06-30', description: 'last day it counts; after periodTo' }) @Matches(DATE, { message: 'date' }) @IsISO8601({ strict: true }, { message: 'date' })
  validUntil: string;
}

/** A tenant officer disputes an evaluation (multipart on the page: files in `files`). */
export class DisputeDto {
  @ApiProperty({ maxLength: REASON_MAX }) @Transform(trim) @IsString() @MinLength(1) @MaxLength(REASON_MAX) @MultilineText()
  reasons: string;
}

/** Staff resolve a dispute; a correction names the corrected grade and/or scores. */
export class ResolveDisputeDto {
  @ApiProperty({ enum: DISPUTE_OUTCOMES }) @IsIn(DISPUTE_OUTCOMES)
  outcome: DisputeOutcome;

  @ApiProperty({ maxLength: REASON_MAX }) @Transform(trim) @IsString() @MinLength(1) @MaxLength(REASON_MAX) @MultilineText()
  reason: string;

  @ApiPropertyOptional({ enum: EVALUATION_GRADES }) @IsOptional() @Transform(({ value }: { value: unknown }) => (value === '' ? undefined : typeof value === 'string' ? value.trim().toUpperCase() : value)) @IsIn(EVALUATION_GRADES)
  grade?: EvaluationGrade;

  @ApiPropertyOptional({ example: { tax: 70 } }) @IsOptional() @IsObject({ message: 'scoresObject' })
  scores?: Record<string, unknown>;
}

export class EvaluationQueryDto extends PageQueryDto {
  /** Any part of the tenant's name or USCC (the registry's search). */
  @ApiPropertyOptional() @IsOptional() @Transform(blank) @IsString() @MaxLength(200)
  q?: string;

  @ApiPropertyOptional({ enum: EVALUATION_STATUSES }) @IsOptional() @Transform(blank) @IsIn(EVALUATION_STATUSES)
  status?: EvaluationStatus;

  @ApiPropertyOptional({ enum: EVALUATION_GRADES }) @IsOptional() @Transform(blank) @IsIn(EVALUATION_GRADES)
  grade?: EvaluationGrade;

  @ApiPropertyOptional() @IsOptional() @Transform(optionalInt) @IsInt() @Min(1)
  institutionId?: number;

  /** One tenant's evaluations (the hub's link). */
  @ApiPropertyOptional() @IsOptional() @Transform(optionalInt) @IsInt() @Min(1)
  tenantId?: number;

  /** Only evaluations with an open dispute. */
  @ApiPropertyOptional({ enum: ['open'] }) @IsOptional() @Transform(blank) @IsIn(['open'])
  dispute?: 'open';

  @ApiPropertyOptional({ description: 'evaluated period ending on or after (YYYY-MM-DD)' })
  @IsOptional() @Transform(blank) @Matches(DATE, { message: 'date' }) @IsISO8601({ strict: true }, { message: 'date' })
  from?: string;

  @ApiPropertyOptional({ description: 'evaluated period ending on or before (YYYY-MM-DD)' })
  @IsOptional() @Transform(blank) @Matches(DATE, { message: 'date' }) @IsISO8601({ strict: true }, { message: 'date' })
  to?: string;
}

export class EvaluationExportQueryDto extends EvaluationQueryDto {
  @ApiPropertyOptional({ enum: ['csv', 'xlsx'], default: 'csv' }) @IsOptional() @IsIn(['csv', 'xlsx'])
  format?: TabularFormat;
}

export class NewEvaluationQueryDto extends LocaleQueryDto {
  @ApiPropertyOptional() @IsOptional() @Transform(optionalInt) @IsInt() @Min(1)
  engagement?: number;
}
