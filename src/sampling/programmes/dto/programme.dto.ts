import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize, IsArray, IsBoolean, IsIn, IsInt, IsISO8601, IsOptional, IsString, Matches, MaxLength, MinLength, ValidateNested,
} from 'class-validator';
import { blank, optionalInt, trim } from '../../../common/dto-transforms.js';
import { PageQueryDto } from '../../../common/pagination.js';
import { MultilineText } from '../../../common/validation.js';
import { PROGRAMME_STATUSES, TARGETED_RULES, type ProgrammeStatus, type TargetedRule } from '../../domain/sampling-kinds.js';

export const TITLE_MAX = 200;
export const NOTES_MAX = 5000;
export const COMMENT_MAX = 5000;
export const REASON_MAX = 2000;
export const MAX_DEPARTMENTS = 20;
export const MAX_ITEMS = 500;
export const MAX_DRAW_ROWS = 24;

/** Ranges are the rules' (programme.rules.ts), keyed `departments[i].inspectorsPerTask`: the DTO checks shapes only. */
export class ProgrammeDepartmentDto {
  @ApiProperty() @IsInt()
  departmentId: number;

  @ApiProperty({ minimum: 1, description: 'inspectors of this department on each visit (≥ 1; ≥ 2 in all)' }) @IsInt()
  inspectorsPerTask: number;
}

export class ProgrammeGradeDto {
  @ApiProperty({ minimum: 0, maximum: 10000, description: 'basis points of the stratum drawn per draw' }) @IsInt()
  ratioBp: number;

  @ApiProperty({ minimum: 0, maximum: 12 }) @IsInt()
  drawsPerYear: number;

  @ApiProperty({ minimum: 0, maximum: 36, description: 'months left out after a clean inspection' }) @IsInt()
  cooldownMonths: number;
}

export class ProgrammeGradesDto {
  @ApiPropertyOptional({ type: ProgrammeGradeDto }) @IsOptional() @ValidateNested() @Type(() => ProgrammeGradeDto)
  A?: ProgrammeGradeDto;

  @ApiPropertyOptional({ type: ProgrammeGradeDto }) @IsOptional() @ValidateNested() @Type(() => ProgrammeGradeDto)
  B?: ProgrammeGradeDto;

  @ApiPropertyOptional({ type: ProgrammeGradeDto }) @IsOptional() @ValidateNested() @Type(() => ProgrammeGradeDto)
  C?: ProgrammeGradeDto;

  @ApiPropertyOptional({ type: ProgrammeGradeDto }) @IsOptional() @ValidateNested() @Type(() => ProgrammeGradeDto)
  D?: ProgrammeGradeDto;
}

export class ProgrammeDrawDto {
  @ApiProperty({ example: 'CD', description: 'the grades the draw includes' }) @IsString() @Matches(/^[ABCD]{1,4}$/, { message: 'format' })
  grades: string;

  @ApiProperty({ example: '2027-05-15T02:00:00Z', description: 'ISO 8601 with an offset (or park time without one); inside the programme year' })
  @IsISO8601({ strict: true })
  drawAt: string;

  @ApiPropertyOptional({ example: '2027-05-08T02:00:00Z', description: 'before drawAt; default 7 days before it' })
  @IsOptional() @IsISO8601({ strict: true })
  announceAt?: string;
}

/** The fields of a draft (create: omitted ones take the defaults; update: omitted ones stay). */
export class ProgrammeFieldsDto {
  @ApiPropertyOptional({ maxLength: TITLE_MAX }) @IsOptional() @Transform(trim) @IsString() @MinLength(1) @MaxLength(TITLE_MAX)
  title?: string;

  @ApiPropertyOptional({ maxLength: NOTES_MAX }) @IsOptional() @Transform(trim) @IsString() @MaxLength(NOTES_MAX) @MultilineText()
  notes?: string;

  @ApiPropertyOptional({ type: [ProgrammeDepartmentDto], description: 'participating departments in bundle order' })
  @IsOptional() @IsArray() @ArrayMaxSize(MAX_DEPARTMENTS) @ValidateNested({ each: true }) @Type(() => ProgrammeDepartmentDto)
  departments?: ProgrammeDepartmentDto[];

  @ApiPropertyOptional({ type: [Number], description: 'inspection items (of participating departments)' })
  @IsOptional() @IsArray() @ArrayMaxSize(MAX_ITEMS) @IsInt({ each: true })
  itemIds?: number[];

  @ApiPropertyOptional({ type: ProgrammeGradesDto, description: 'per grade; omitted grades keep their values (the defaults on create)' })
  @IsOptional() @ValidateNested() @Type(() => ProgrammeGradesDto)
  grades?: ProgrammeGradesDto;

  @ApiPropertyOptional({ enum: TARGETED_RULES, isArray: true }) @IsOptional() @IsArray() @ArrayMaxSize(TARGETED_RULES.length) @IsIn(TARGETED_RULES, { each: true })
  targetedRules?: TargetedRule[];

  @ApiPropertyOptional({ minimum: 1, default: 90 }) @IsOptional() @IsInt()
  complaintDays?: number;

  @ApiPropertyOptional({ type: [ProgrammeDrawDto], description: 'the calendar, replacing the current one (omit to keep it; on create omit to take the proposed one)' })
  @IsOptional() @IsArray() @ArrayMaxSize(MAX_DRAW_ROWS) @ValidateNested({ each: true }) @Type(() => ProgrammeDrawDto)
  draws?: ProgrammeDrawDto[];

  @ApiPropertyOptional({ description: 'replace the calendar by the one proposed from the grades\' draws per year' })
  @IsOptional() @IsBoolean()
  proposeCalendar?: boolean;
}

export class CreateProgrammeDto extends ProgrammeFieldsDto {
  @ApiProperty({ example: 2027 }) @IsInt()
  year: number;
}

export class UpdateProgrammeDto extends ProgrammeFieldsDto {}

export class CommentProgrammeDto {
  @ApiProperty({ maxLength: COMMENT_MAX }) @Transform(trim) @IsString() @MinLength(1) @MaxLength(COMMENT_MAX) @MultilineText()
  text: string;
}

export class ApproveProgrammeDto {
  @ApiProperty({ maxLength: REASON_MAX, description: 'the approval record\'s reason (批准意见)' })
  @Transform(trim) @IsString() @MinLength(1) @MaxLength(REASON_MAX) @MultilineText()
  reason: string;

  @ApiPropertyOptional({ description: 'the plan SHA-256 the approver reviewed: refused (409) when the plan changed since' })
  @IsOptional() @Transform(blank) @IsString() @Matches(/^[0-9a-f]{64}$/, { message: 'format' })
  planSha256?: string;
}

export class ProgrammeQueryDto extends PageQueryDto {
  @ApiPropertyOptional() @IsOptional() @Transform(optionalInt) @IsInt()
  year?: number;

  @ApiPropertyOptional({ enum: PROGRAMME_STATUSES }) @IsOptional() @Transform(blank) @IsIn(PROGRAMME_STATUSES)
  status?: ProgrammeStatus;
}
