import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsISO8601, IsOptional, IsString, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';
import { blank, optionalInt, trim } from '../../../common/dto-transforms.js';
import { PageQueryDto } from '../../../common/pagination.js';
import { MultilineText } from '../../../common/validation.js';
import { FINDING_SEVERITIES, type FindingSeverity } from '../../../findings/domain/finding-kinds.js';
import { TASK_RESULTS, TASK_STATUSES, type TaskResult, type TaskStatus } from '../../domain/sampling-kinds.js';

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const checkbox = ({ value }: { value: unknown }) => (value === true || value === 'true' || value === 'on' || value === '1' ? true
  : value === false || value === 'false' || value === '0' ? false : value);

export const SUMMARY_MAX = 5000;
export const TITLE_MAX = 200;
export const BASIS_MAX = 500;
export const REASON_MAX = 500;
/** Evidence files per task, all uploads together. */
export const MAX_TASK_FILES = 20;

export const OVERDUE_FILTERS = ['soon', 'overdue'] as const;
export type OverdueFilter = (typeof OVERDUE_FILTERS)[number];

/** Filters of the task list (staff, admins, regulators): all in SQL, paginated. */
export class TaskQueryDto extends PageQueryDto {
  @ApiPropertyOptional() @IsOptional() @Transform(optionalInt) @IsInt() @Min(1)
  programmeId?: number;

  @ApiPropertyOptional() @IsOptional() @Transform(optionalInt) @IsInt() @Min(1)
  drawId?: number;

  @ApiPropertyOptional({ enum: TASK_STATUSES }) @IsOptional() @Transform(blank) @IsIn(TASK_STATUSES)
  status?: TaskStatus;

  @ApiPropertyOptional({ enum: TASK_RESULTS }) @IsOptional() @Transform(blank) @IsIn(TASK_RESULTS)
  result?: TaskResult;

  @ApiPropertyOptional({ description: 'a department of the task\'s programme' }) @IsOptional() @Transform(optionalInt) @IsInt() @Min(1)
  departmentId?: number;

  @ApiPropertyOptional({ description: 'any part of the tenant\'s name or USCC' }) @IsOptional() @Transform(blank) @IsString() @MaxLength(100)
  q?: string;

  @ApiPropertyOptional({ enum: OVERDUE_FILTERS, description: 'recorded, unpublished results due within 5 working days (soon) or past their deadline (overdue)' })
  @IsOptional() @Transform(blank) @IsIn(OVERDUE_FILTERS)
  due?: OverdueFilter;

  @ApiPropertyOptional({ description: 'abnormal-operations proposals awaiting a decision' }) @IsOptional() @Transform(checkbox) @IsBoolean()
  abnormal?: boolean;
}

/** The public results: search, department, result, year. */
export class PublicInspectionQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ maxLength: 100, description: 'any part of the tenant\'s name or USCC' }) @IsOptional() @Transform(blank) @IsString() @MaxLength(100)
  q?: string;

  @ApiPropertyOptional() @IsOptional() @Transform(optionalInt) @IsInt() @Min(1)
  departmentId?: number;

  @ApiPropertyOptional({ enum: TASK_RESULTS }) @IsOptional() @Transform(blank) @IsIn(TASK_RESULTS)
  result?: TaskResult;

  @ApiPropertyOptional({ minimum: 2000, maximum: 2100 }) @IsOptional() @Transform(blank) @Type(() => Number) @IsInt() @Min(2000) @Max(2100)
  year?: number;
}

/** An inspector's result (page form or JSON). */
export class RecordResultDto {
  @ApiProperty({ enum: TASK_RESULTS }) @Transform(trim) @IsIn(TASK_RESULTS)
  result: TaskResult;

  @ApiProperty({ example: '2026-06-01', description: 'park day of the visit: not in the future, not before the draw' })
  @Transform(trim) @Matches(DATE, { message: 'date' }) @IsISO8601({ strict: true }, { message: 'date' })
  inspectedOn: string;

  @ApiProperty({ maxLength: SUMMARY_MAX, description: 'what the inspectors found, in words (published with the result)' })
  @Transform(trim) @IsString() @MinLength(1) @MaxLength(SUMMARY_MAX) @MultilineText()
  summary: string;

  @ApiPropertyOptional({ enum: FINDING_SEVERITIES, description: 'problems only' }) @IsOptional() @Transform(blank) @IsIn(FINDING_SEVERITIES)
  severity?: FindingSeverity;

  @ApiPropertyOptional({ maxLength: TITLE_MAX, description: 'problems only' }) @IsOptional() @Transform(blank) @IsString() @MaxLength(TITLE_MAX)
  title?: string;

  @ApiPropertyOptional({ maxLength: BASIS_MAX, description: 'problems only' }) @IsOptional() @Transform(blank) @IsString() @MaxLength(BASIS_MAX) @MultilineText()
  legalBasis?: string;

  @ApiPropertyOptional({ maxLength: SUMMARY_MAX, description: 'problems only: the finding\'s description' }) @IsOptional() @Transform(blank) @IsString() @MaxLength(SUMMARY_MAX) @MultilineText()
  description?: string;

  @ApiPropertyOptional({ default: false }) @IsOptional() @Transform(checkbox) @IsBoolean()
  rectificationRequired?: boolean;

  @ApiPropertyOptional({ description: 'with rectificationRequired: on or after inspectedOn' })
  @IsOptional() @Transform(blank) @Matches(DATE, { message: 'date' }) @IsISO8601({ strict: true }, { message: 'date' })
  rectifyBy?: string;

  @ApiPropertyOptional({ description: 'problems only: one of the programme\'s departments the inspector belongs to (default: the inspector\'s)' })
  @IsOptional() @Transform(optionalInt) @IsInt() @Min(1)
  departmentId?: number;
}

/** A manual assignment of a flagged task: an inspector of a department still short of inspectors, with the reason. */
export class AssignInspectorDto {
  @ApiProperty() @Transform(optionalInt) @IsInt() @Min(1)
  inspectorId: number;

  @ApiProperty({ maxLength: REASON_MAX }) @Transform(trim) @IsString() @MinLength(1) @MaxLength(REASON_MAX) @MultilineText()
  reason: string;
}

export const ABNORMAL_DECISIONS = ['confirm', 'dismiss'] as const;

/** A market-regulation regulator's decision on an abnormal-operations proposal; a dismissal needs a reason. */
export class DecideAbnormalDto {
  @ApiProperty({ enum: ABNORMAL_DECISIONS }) @Transform(trim) @IsIn(ABNORMAL_DECISIONS)
  decision: (typeof ABNORMAL_DECISIONS)[number];

  @ApiPropertyOptional({ maxLength: REASON_MAX, description: 'required to dismiss' }) @IsOptional() @Transform(blank) @IsString() @MaxLength(REASON_MAX) @MultilineText()
  reason?: string;
}
