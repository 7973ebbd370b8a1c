import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsInt, IsISO8601, IsOptional, IsString, Matches, MaxLength, Min, MinLength } from 'class-validator';
import { blank, optionalInt, trim } from '../../../common/dto-transforms.js';
import { PageQueryDto } from '../../../common/pagination.js';
import { MultilineText } from '../../../common/validation.js';
import { CLAIM_STATUSES, LIST_KINDS, type ClaimStatus, type ListKind } from '../../domain/list-kinds.js';
import { MEASURE_CATEGORIES, MEASURE_GRADES, MEASURE_KINDS, type MeasureKind } from '../../domain/measure-eligibility.rules.js';

const DATE = /^\d{4}-\d{2}-\d{2}$/;
export const NOTE_MAX = 2000;
export const TITLE_MAX = 200;
export const DESCRIPTION_MAX = 5000;

const checkbox = ({ value }: { value: unknown }) => (value === true || value === 'true' || value === 'on' || value === '1' ? true
  : value === undefined || value === null || value === false || value === 'false' || value === '0' || value === '' ? false : value);
/** One or several values (a form's repeated field, a JSON array, or a comma-separated string). */
const strings = ({ value }: { value: unknown }) => (value === undefined || value === null || value === '' ? []
  : typeof value === 'string' ? value.split(',').map((v) => v.trim()).filter(Boolean) : value);

/** A tenant officer's claim of an incentive. */
export class ClaimMeasureDto {
  @ApiProperty({ description: 'id of a claimable incentive in force (GET /api/v1/measures/offers)' })
  @Transform(optionalInt) @IsInt() @Min(1)
  measureId: number;

  @ApiPropertyOptional({ maxLength: NOTE_MAX, description: 'what the tenant asks for (which lease, which event …)' })
  @IsOptional() @Transform(blank) @IsString() @MaxLength(NOTE_MAX) @MultilineText()
  note?: string;
}

/** Park staff apply a restriction to a black-listed tenant (by id or USCC). */
export class ApplyRestrictionDto {
  @ApiProperty() @Transform(optionalInt) @IsInt() @Min(1)
  measureId: number;

  @ApiPropertyOptional({ description: 'the tenant; or give its uscc' })
  @IsOptional() @Transform(optionalInt) @IsInt() @Min(1)
  tenantId?: number;

  @ApiPropertyOptional({ description: 'the tenant\'s unified social credit code; or give tenantId' })
  @IsOptional() @Transform(blank) @IsString() @MaxLength(40)
  uscc?: string;

  @ApiProperty({ maxLength: NOTE_MAX, description: 'why, and the list entry behind it' })
  @Transform(trim) @IsString() @MinLength(1) @MaxLength(NOTE_MAX) @MultilineText()
  note: string;
}

export const CLAIM_DECISIONS = ['approve', 'reject'] as const;

/** Staff's decision on a claim; the reason is recorded and told to the tenant either way. */
export class DecideClaimDto {
  @ApiProperty({ enum: CLAIM_DECISIONS }) @IsIn(CLAIM_DECISIONS)
  decision: (typeof CLAIM_DECISIONS)[number];

  @ApiProperty({ maxLength: NOTE_MAX }) @Transform(trim) @IsString() @MinLength(1) @MaxLength(NOTE_MAX) @MultilineText()
  reason: string;
}

/** What was delivered, and on which park day (today or earlier). */
export class DeliverClaimDto {
  @ApiProperty({ example: '2026-11-30' }) @Matches(DATE, { message: 'date' }) @IsISO8601({ strict: true }, { message: 'date' })
  deliveredOn: string;

  @ApiProperty({ maxLength: NOTE_MAX, example: '租赁合同续签，租金按 95% 计收。' })
  @Transform(trim) @IsString() @MinLength(1) @MaxLength(NOTE_MAX) @MultilineText()
  note: string;
}

/** Lifting a restriction: why (the tenant left the black list, a decision …). */
export class LiftRestrictionDto {
  @ApiProperty({ maxLength: NOTE_MAX }) @Transform(trim) @IsString() @MinLength(1) @MaxLength(NOTE_MAX) @MultilineText()
  reason: string;
}

export const CLAIM_KIND_FILTERS = MEASURE_KINDS;

export class ClaimQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: CLAIM_STATUSES }) @IsOptional() @Transform(blank) @IsIn(CLAIM_STATUSES)
  status?: ClaimStatus;

  @ApiPropertyOptional({ enum: MEASURE_KINDS }) @IsOptional() @Transform(blank) @IsIn(MEASURE_KINDS)
  kind?: MeasureKind;

  @ApiPropertyOptional() @IsOptional() @Transform(optionalInt) @IsInt() @Min(1)
  measureId?: number;

  @ApiPropertyOptional() @IsOptional() @Transform(optionalInt) @IsInt() @Min(1)
  tenantId?: number;

  /** Any part of the tenant's name or USCC. */
  @ApiPropertyOptional() @IsOptional() @Transform(blank) @IsString() @MaxLength(200)
  q?: string;
}

export class ClaimExportQueryDto extends ClaimQueryDto {
  @ApiPropertyOptional({ enum: ['csv', 'xlsx'], default: 'csv' }) @IsOptional() @IsIn(['csv', 'xlsx'])
  format?: 'csv' | 'xlsx';
}

export class OffersQueryDto {
  @ApiPropertyOptional({ description: 'staff and regulators: the tenant whose eligibility to show (officers: their own)' })
  @IsOptional() @Transform(optionalInt) @IsInt() @Min(1)
  tenantId?: number;
}

/** An admin's measure: every field but the code, which joint-check callers rely on and never changes. */
export class MeasureFieldsDto {
  @ApiProperty({ enum: MEASURE_KINDS }) @IsIn(MEASURE_KINDS)
  kind: MeasureKind;

  @ApiProperty({ enum: MEASURE_CATEGORIES }) @IsIn(MEASURE_CATEGORIES)
  category: string;

  @ApiProperty({ maxLength: TITLE_MAX }) @Transform(trim) @IsString() @MinLength(1) @MaxLength(TITLE_MAX)
  titleZh: string;

  @ApiProperty({ maxLength: TITLE_MAX }) @Transform(trim) @IsString() @MinLength(1) @MaxLength(TITLE_MAX)
  titleEn: string;

  @ApiProperty({ maxLength: DESCRIPTION_MAX }) @Transform(trim) @IsString() @MinLength(1) @MaxLength(DESCRIPTION_MAX) @MultilineText()
  descriptionZh: string;

  @ApiProperty({ maxLength: DESCRIPTION_MAX }) @Transform(trim) @IsString() @MinLength(1) @MaxLength(DESCRIPTION_MAX) @MultilineText()
  descriptionEn: string;

  @ApiPropertyOptional({ type: [String], description: 'joint-check purpose codes it is returned for (check_purposes); none: park use only' })
  @IsOptional() @Transform(strings) @IsArray() @ArrayMaxSize(20) @IsString({ each: true }) @MaxLength(32, { each: true })
  purposes?: string[];

  @ApiPropertyOptional({ default: false, description: 'tenants may claim it in the park (incentives only)' })
  @IsOptional() @Transform(checkbox) @IsBoolean()
  claimable?: boolean;

  @ApiPropertyOptional({ enum: LIST_KINDS, isArray: true, description: 'on any of these lists' })
  @IsOptional() @Transform(strings) @IsArray() @ArrayMaxSize(3) @IsIn(LIST_KINDS, { each: true })
  lists?: ListKind[];

  @ApiPropertyOptional({ enum: MEASURE_GRADES, description: 'latest published grade at least this good' })
  @IsOptional() @Transform(blank) @IsIn(MEASURE_GRADES)
  minGrade?: (typeof MEASURE_GRADES)[number];

  @ApiPropertyOptional({ default: false, description: 'no finding counting in the score and no rectification overdue' })
  @IsOptional() @Transform(checkbox) @IsBoolean()
  noOpenFinding?: boolean;

  @ApiProperty({ example: '2026-01-01' }) @Matches(DATE, { message: 'date' }) @IsISO8601({ strict: true }, { message: 'date' })
  validFrom: string;

  @ApiPropertyOptional({ example: '2026-12-31', description: 'last valid day; absent: open-ended' })
  @IsOptional() @Transform(blank) @Matches(DATE, { message: 'date' }) @IsISO8601({ strict: true }, { message: 'date' })
  validTo?: string;

  @ApiPropertyOptional({ default: true }) @IsOptional() @Transform(checkbox) @IsBoolean()
  active?: boolean;
}

export class CreateMeasureDto extends MeasureFieldsDto {
  @ApiProperty({ example: 'rent_discount', description: 'lowercase letters, digits and _; never changes' })
  @Transform(trim) @IsString() @Matches(/^[a-z][a-z0-9_]{1,31}$/, { message: 'format' })
  code: string;
}
