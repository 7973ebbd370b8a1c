import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsISO8601, IsOptional, IsString, Matches, MaxLength, Min, MinLength } from 'class-validator';
import { LocaleQueryDto, PageQueryDto } from '../../../common/pagination.js';
import type { TabularFormat } from '../../../common/tabular/tabular-export.js';
import { MultilineText } from '../../../common/validation.js';
import {
  ABNORMAL_CAUSES, FINDING_SEVERITIES, FINDING_TYPES, PENALTY_KINDS,
  type AbnormalCause, type FindingSeverity, type FindingType, type PenaltyKind,
} from '../../domain/finding-kinds.js';
import { RECTIFICATION_STATES, type RectificationState } from '../../domain/rectification.rules.js';
import { blank, optionalInt, trim } from '../../../common/dto-transforms.js';

/** A checkbox or a JSON boolean: a form sends "on"/"true", an unticked box nothing. */
const checkbox = ({ value }: { value: unknown }) => (value === true || value === 'true' || value === 'on' || value === '1' ? true
  : value === false || value === 'false' || value === '0' ? false : value);
/** Yes / no / not decided yet (a form's empty choice, JSON null). */
const tristate = ({ value }: { value: unknown }) => (value === '' || value === null ? undefined : checkbox({ value }));
const DATE = /^\d{4}-\d{2}-\d{2}$/;

export const FINDING_TITLE_MAX = 200;
export const FINDING_BASIS_MAX = 500;
export const FINDING_DECISION_NO_MAX = 100;
export const FINDING_TEXT_MAX = 5000;
export const FINDING_REASON_MAX = 2000;

/**
 * A finding as a regulator records it (page form or `POST /api/v1/findings`). The department is the
 * regulator's own: naming another (`departmentId` or `department` code) is refused with 403.
 */
export class RecordFindingDto {
  @ApiPropertyOptional({ description: 'the tenant, by id (or give `uscc`)' })
  @IsOptional() @Transform(optionalInt) @IsInt() @Min(1)
  tenantId?: number;

  @ApiPropertyOptional({ description: 'the tenant, by unified social credit code (or give `tenantId`)' })
  @IsOptional() @Transform(blank) @IsString() @MaxLength(40)
  uscc?: string;

  @ApiPropertyOptional({ description: 'the recording regulator’s own department (optional; another is refused with 403)' })
  @IsOptional() @Transform(optionalInt) @IsInt() @Min(1)
  departmentId?: number;

  @ApiPropertyOptional({ description: 'the department’s code, as an alternative to departmentId (same rule)' })
  @IsOptional() @Transform(blank) @IsString() @MaxLength(32)
  department?: string;

  @ApiProperty({ enum: FINDING_TYPES }) @Transform(trim) @IsIn(FINDING_TYPES)
  type: FindingType;

  @ApiProperty({ enum: FINDING_SEVERITIES }) @Transform(trim) @IsIn(FINDING_SEVERITIES)
  severity: FindingSeverity;

  @ApiPropertyOptional({ enum: PENALTY_KINDS, description: 'what was imposed, where it decides the publicity period (a warning is not published)' })
  @IsOptional() @Transform(blank) @IsIn(PENALTY_KINDS)
  penaltyKind?: PenaltyKind;

  @ApiProperty({ maxLength: FINDING_TITLE_MAX }) @Transform(trim) @IsString() @MinLength(1) @MaxLength(FINDING_TITLE_MAX)
  title: string;

  @ApiProperty({ maxLength: FINDING_BASIS_MAX }) @Transform(trim) @IsString() @MinLength(1) @MaxLength(FINDING_BASIS_MAX) @MultilineText()
  legalBasis: string;

  @ApiProperty({ maxLength: FINDING_DECISION_NO_MAX, description: '决定书文号: unique per department (re-posting returns the existing finding)' })
  @Transform(trim) @IsString() @MinLength(1) @MaxLength(FINDING_DECISION_NO_MAX)
  decisionNo: string;

  @ApiProperty({ example: '2026-06-01', description: 'park-zone date, not in the future' })
  @Transform(trim) @Matches(DATE, { message: 'date' }) @IsISO8601({ strict: true }, { message: 'date' })
  decisionDate: string;

  @ApiProperty({ maxLength: FINDING_TEXT_MAX }) @Transform(trim) @IsString() @MinLength(1) @MaxLength(FINDING_TEXT_MAX) @MultilineText()
  description: string;

  @ApiPropertyOptional({ default: false }) @IsOptional() @Transform(checkbox) @IsBoolean()
  rectificationRequired?: boolean;

  @ApiPropertyOptional({ example: '2026-07-31', description: 'required with rectificationRequired; not before the decision date' })
  @IsOptional() @Transform(blank) @Matches(DATE, { message: 'date' }) @IsISO8601({ strict: true }, { message: 'date' })
  rectifyBy?: string;

  @ApiPropertyOptional({ description: 'complaints: substantiated or not; omitted or null while undecided (decide later with /substantiation)' })
  @IsOptional() @Transform(tristate) @IsBoolean()
  substantiated?: boolean;

  @ApiPropertyOptional({ enum: ABNORMAL_CAUSES, description: 'abnormal-operations listings: required' })
  @IsOptional() @Transform(blank) @IsIn(ABNORMAL_CAUSES)
  abnormalCause?: AbnormalCause;
}

/** The regulator decides a complaint: substantiated (N08) or not. */
export class SubstantiationDto {
  @ApiProperty() @Transform(checkbox) @IsBoolean()
  substantiated: boolean;

  @ApiPropertyOptional({ maxLength: FINDING_REASON_MAX }) @IsOptional() @Transform(blank) @IsString() @MaxLength(FINDING_REASON_MAX) @MultilineText()
  reason?: string;
}

/** An abnormal-operations listing ends when its cause is cured. */
export class EndListingDto {
  @ApiProperty({ example: '2026-08-01', description: 'park-zone date: not before the listing, not in the future' })
  @Transform(trim) @Matches(DATE, { message: 'date' }) @IsISO8601({ strict: true }, { message: 'date' })
  endedOn: string;

  @ApiProperty({ maxLength: FINDING_REASON_MAX }) @Transform(trim) @IsString() @MinLength(1) @MaxLength(FINDING_REASON_MAX) @MultilineText()
  reason: string;
}

export class FindingQueryDto extends PageQueryDto {
  /** Any part of the tenant's name or USCC. */
  @ApiPropertyOptional() @IsOptional() @Transform(blank) @IsString() @MaxLength(200)
  q?: string;

  @ApiPropertyOptional({ description: 'one tenant' }) @IsOptional() @Transform(optionalInt) @IsInt() @Min(1)
  tenantId?: number;

  @ApiPropertyOptional({ enum: FINDING_TYPES }) @IsOptional() @Transform(blank) @IsIn(FINDING_TYPES)
  type?: FindingType;

  @ApiPropertyOptional({ enum: FINDING_SEVERITIES }) @IsOptional() @Transform(blank) @IsIn(FINDING_SEVERITIES)
  severity?: FindingSeverity;

  @ApiPropertyOptional({ enum: RECTIFICATION_STATES, description: 'rectification state today (overdue: open past its deadline)' })
  @IsOptional() @Transform(blank) @IsIn(RECTIFICATION_STATES)
  status?: RectificationState;

  @ApiPropertyOptional({ description: 'department id' }) @IsOptional() @Transform(optionalInt) @IsInt() @Min(1)
  departmentId?: number;

  @ApiPropertyOptional({ description: 'decided on or after (YYYY-MM-DD)' })
  @IsOptional() @Transform(blank) @Matches(DATE, { message: 'date' }) @IsISO8601({ strict: true }, { message: 'date' })
  from?: string;

  @ApiPropertyOptional({ description: 'decided on or before (YYYY-MM-DD)' })
  @IsOptional() @Transform(blank) @Matches(DATE, { message: 'date' }) @IsISO8601({ strict: true }, { message: 'date' })
  to?: string;
}

export class FindingExportQueryDto extends FindingQueryDto {
  @ApiPropertyOptional({ enum: ['csv', 'xlsx'], default: 'csv' }) @IsOptional() @IsIn(['csv', 'xlsx'])
  format?: TabularFormat;
}

export class NewFindingQueryDto extends LocaleQueryDto {
  @ApiPropertyOptional() @IsOptional() @Transform(optionalInt) @IsInt() @Min(1)
  tenantId?: number;
}
