import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';
import { blank, optionalInt, trim } from '../../../common/dto-transforms.js';
import { PageQueryDto } from '../../../common/pagination.js';
import { MultilineText } from '../../../common/validation.js';
import { MONTH, OBJECTION_ANSWERS, SCORE_GRADES, type ObjectionAnswer } from '../../domain/month-cycle.rules.js';
import type { ScoreGrade } from '../../domain/rulebook.js';

export const REASON_MAX = 2000;
export const NOTE_MAX = 2000;
/** Evidence files per objection. */
export const MAX_OBJECTION_FILES = 10;
/** An adjustment moves a score by at most this many points either way. */
export const ADJUSTMENT_MAX = 100;

const toBool = ({ value }: { value: unknown }) => (value === true || value === 'true' || value === '1' || value === 'on' ? true : value === false || value === 'false' || value === '0' || value === '' ? false : value);

/** Staff run (or re-run) a month: the month-end job, now. */
export class RunMonthDto {
  @ApiProperty({ example: '2026-11', description: 'YYYY-MM, not after the current park month' })
  @Transform(trim) @IsString() @Matches(MONTH)
  month: string;

  @ApiPropertyOptional({ description: 'start again from the first tenant even if an earlier run did not finish' })
  @IsOptional() @Transform(toBool) @IsBoolean()
  restart?: boolean;
}

/** The API's run body (the month is in the path). */
export class RunMonthBodyDto {
  @ApiPropertyOptional()
  @IsOptional() @Transform(toBool) @IsBoolean()
  restart?: boolean;
}

/** Staff adjust a tenant's draft result: the adjustment in points (signed; 0 removes it) with a written reason. */
export class AdjustDto {
  @ApiProperty({ minimum: -ADJUSTMENT_MAX, maximum: ADJUSTMENT_MAX, description: 'points added to the engine’s total (the whole adjustment, not an increment)' })
  @Transform(optionalInt) @IsInt() @Min(-ADJUSTMENT_MAX) @Max(ADJUSTMENT_MAX)
  points: number;

  @ApiProperty({ maxLength: REASON_MAX })
  @Transform(trim) @IsString() @MinLength(1) @MaxLength(REASON_MAX) @MultilineText()
  reason: string;
}

/** A tenant officer's objection (multipart with evidence in `files`, or JSON). */
export class ObjectionDto {
  @ApiPropertyOptional({ description: 'the contribution objected to as `RULE:sourceType:sourceId` (e.g. `N03:training_attendance:12`); empty or absent: the result as a whole' })
  @IsOptional() @Transform(blank) @IsString() @MaxLength(80)
  contribution?: string;

  @ApiProperty({ maxLength: REASON_MAX })
  @Transform(trim) @IsString() @MinLength(1) @MaxLength(REASON_MAX) @MultilineText()
  reason: string;
}

/** Staff answer an objection: corrected (with the snapshot's new adjustment), verified unchanged, or rejected — with a reason. */
export class AnswerObjectionDto {
  @ApiProperty({ enum: OBJECTION_ANSWERS })
  @IsIn(OBJECTION_ANSWERS)
  answer: ObjectionAnswer;

  @ApiProperty({ maxLength: REASON_MAX })
  @Transform(trim) @IsString() @MinLength(1) @MaxLength(REASON_MAX) @MultilineText()
  reason: string;

  @ApiPropertyOptional({ minimum: -ADJUSTMENT_MAX, maximum: ADJUSTMENT_MAX, description: 'corrected: the snapshot’s adjustment in points (required)' })
  @IsOptional() @Transform(optionalInt) @IsInt() @Min(-ADJUSTMENT_MAX) @Max(ADJUSTMENT_MAX)
  points?: number;
}

/** A regulator countersigns a draft month, with an optional note. */
export class CountersignDto {
  @ApiPropertyOptional({ maxLength: NOTE_MAX })
  @IsOptional() @Transform(blank) @IsString() @MaxLength(NOTE_MAX) @MultilineText()
  note?: string;
}

/** A numbered correction of a published month for one tenant. */
export class ErratumDto {
  @ApiProperty()
  @Transform(optionalInt) @IsInt() @Min(1)
  tenantId: number;

  @ApiProperty({ minimum: 0, maximum: 100, description: 'the corrected score; the grade follows (band of the score, overrides re-applied)' })
  @Transform(optionalInt) @IsInt() @Min(0) @Max(100)
  score: number;

  @ApiProperty({ maxLength: REASON_MAX })
  @Transform(trim) @IsString() @MinLength(1) @MaxLength(REASON_MAX) @MultilineText()
  reason: string;
}

export const CHANGE_FILTERS = ['changed', 'up', 'down', 'gradeChanged', 'new'] as const;
export type ChangeFilter = (typeof CHANGE_FILTERS)[number];

/** Every snapshot of a month, filtered in SQL. */
export class SnapshotQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: SCORE_GRADES })
  @IsOptional() @Transform(blank) @IsIn(SCORE_GRADES)
  grade?: ScoreGrade;

  @ApiPropertyOptional({ enum: CHANGE_FILTERS, description: 'changed: score or grade differs from last published month; up/down: the score moved; gradeChanged; new: no published month before' })
  @IsOptional() @Transform(blank) @IsIn(CHANGE_FILTERS)
  changed?: ChangeFilter;

  @ApiPropertyOptional({ description: 'only snapshots with an open objection' })
  @IsOptional() @Transform(toBool) @IsBoolean()
  disputed?: boolean;

  @ApiPropertyOptional({ description: 'tenant name, credit code or legal representative (any part)' })
  @IsOptional() @Transform(blank) @IsString() @MaxLength(100)
  q?: string;
}

export class SnapshotExportQueryDto extends SnapshotQueryDto {
  @ApiPropertyOptional({ enum: ['csv', 'xlsx'], default: 'csv' })
  @IsOptional() @IsIn(['csv', 'xlsx'])
  format?: 'csv' | 'xlsx';
}
