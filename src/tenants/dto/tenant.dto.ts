import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsInt, IsISO8601, IsOptional, IsString, Matches, MaxLength, Min, MinLength } from 'class-validator';
import { PageQueryDto } from '../../common/pagination.js';
import { MultilineText } from '../../common/validation.js';
import { normalizeUscc } from '../domain/uscc.rules.js';
import { INDUSTRY_CODES, industryCodeOf } from '../domain/industry-classification.js';
import { TENANT_STATUSES, type TenantStatus } from '../domain/tenant-status.js';
import { IsUscc } from './is-uscc.validator.js';
import { trim } from '../../common/dto-transforms.js';

const uscc = ({ value }: { value: unknown }) => (typeof value === 'string' ? normalizeUscc(value) : value);
const DATE = /^\d{4}-\d{2}-\d{2}$/;
/** A division code, its Chinese or English name, or a former free-text name become the code; anything else stays, to be refused. */
const industry = ({ value }: { value: unknown }) => (typeof value === 'string' ? (industryCodeOf(value) ?? value.trim()) : value);
const INDUSTRY_DESCRIPTION = 'GB/T 4754-2017 division code (01–97), or its Chinese or English name';

export class CreateTenantDto {
  @ApiProperty({ example: '914403001922038216', description: 'unified social credit code; normalised (spaces, case, full-width) before the GB 32100 check' })
  @Transform(uscc) @IsString() @IsUscc()
  uscc: string;

  @ApiPropertyOptional({ description: 'accept a code that fails the check character test, with the reason (staff only, audited)' })
  @IsOptional() @Transform(trim) @IsString() @MinLength(5) @MaxLength(500) @MultilineText()
  usccOverrideReason?: string;

  @ApiProperty() @Transform(trim) @IsString() @MinLength(1) @MaxLength(200)
  name: string;

  @ApiProperty() @Transform(trim) @IsString() @MinLength(1) @MaxLength(100)
  legalRepresentative: string;

  @ApiProperty({ example: '39', description: INDUSTRY_DESCRIPTION }) @Transform(industry) @IsString() @IsIn(INDUSTRY_CODES, { message: 'unknownIndustry' })
  industry: string;

  @ApiProperty({ example: 'A1', description: 'the name of a building in service (the list staff keep)' }) @Transform(trim) @IsString() @MinLength(1) @MaxLength(64)
  building: string;

  @ApiPropertyOptional({ example: '1203' }) @IsOptional() @Transform(trim) @IsString() @MaxLength(32)
  unit?: string;

  @ApiProperty({ example: '2024-03-01', description: 'calendar date, YYYY-MM-DD' })
  @Matches(DATE, { message: 'date' }) @IsISO8601({ strict: true }, { message: 'date' })
  movedInAt: string;

  @ApiPropertyOptional() @IsOptional() @Transform(trim) @IsString() @MaxLength(64)
  contactPhone?: string;
}

/** Every field optional; the USCC of a registered tenant can be corrected, with the same checks. */
export class UpdateTenantDto {
  @ApiPropertyOptional() @IsOptional() @Transform(uscc) @IsString() @IsUscc()
  uscc?: string;

  @ApiPropertyOptional() @IsOptional() @Transform(trim) @IsString() @MinLength(5) @MaxLength(500) @MultilineText()
  usccOverrideReason?: string;

  @ApiPropertyOptional() @IsOptional() @Transform(trim) @IsString() @MinLength(1) @MaxLength(200)
  name?: string;

  @ApiPropertyOptional() @IsOptional() @Transform(trim) @IsString() @MinLength(1) @MaxLength(100)
  legalRepresentative?: string;

  @ApiPropertyOptional({ description: INDUSTRY_DESCRIPTION }) @IsOptional() @Transform(industry) @IsString() @IsIn(INDUSTRY_CODES, { message: 'unknownIndustry' })
  industry?: string;

  @ApiPropertyOptional() @IsOptional() @Transform(trim) @IsString() @MinLength(1) @MaxLength(64)
  building?: string;

  @ApiPropertyOptional() @IsOptional() @Transform(trim) @IsString() @MaxLength(32)
  unit?: string;

  @ApiPropertyOptional() @IsOptional() @Matches(DATE, { message: 'date' }) @IsISO8601({ strict: true }, { message: 'date' })
  movedInAt?: string;

  @ApiPropertyOptional() @IsOptional() @Transform(trim) @IsString() @MaxLength(64)
  contactPhone?: string;
}

export class ChangeTenantStatusDto {
  @ApiProperty({ enum: TENANT_STATUSES }) @IsIn(TENANT_STATUSES)
  status: TenantStatus;

  @ApiProperty() @Transform(trim) @IsString() @MinLength(2) @MaxLength(500) @MultilineText()
  reason: string;
}

export class ReverseTenantStatusDto {
  @ApiProperty({ description: 'why the last status change is reversed' }) @Transform(trim) @IsString() @MinLength(2) @MaxLength(500) @MultilineText()
  reason: string;
}

/** Tenants changed together at most (a page of the list). */
export const BULK_STATUS_MAX = 200;

/** A form sends one `ids` as a string and several as a list; digits become numbers, anything else stays and is refused. */
const idList = ({ value }: { value: unknown }) =>
  value === undefined ? undefined : (Array.isArray(value) ? value : [value]).map((v) => (typeof v === 'string' && /^\d{1,9}$/.test(v.trim()) ? Number(v) : v));

export class BulkTenantStatusDto extends ChangeTenantStatusDto {
  @ApiProperty({ type: [Number], description: `the tenants to change, at most ${BULK_STATUS_MAX}` })
  @Transform(idList) @IsArray() @ArrayMinSize(1, { message: 'required' }) @ArrayMaxSize(BULK_STATUS_MAX, { message: `tooManyItems {"limit":${BULK_STATUS_MAX}}` })
  @IsInt({ each: true }) @Min(1, { each: true })
  ids: number[];
}

/** The confirmation page of a status change: which status. */
export class TenantStatusQueryDto {
  @ApiProperty({ enum: TENANT_STATUSES }) @IsIn(TENANT_STATUSES)
  status: TenantStatus;
}

/** The confirmation page of a change for several tenants. */
export class BulkTenantStatusQueryDto extends TenantStatusQueryDto {
  @ApiProperty({ type: [Number] })
  @Transform(idList) @IsArray() @ArrayMinSize(1, { message: 'required' }) @ArrayMaxSize(BULK_STATUS_MAX, { message: `tooManyItems {"limit":${BULK_STATUS_MAX}}` })
  @IsInt({ each: true }) @Min(1, { each: true })
  ids: number[];
}

export const TENANT_SORTS = ['name', 'uscc', 'industry', 'building', 'movedInAt', 'status', 'createdAt'] as const;

export class TenantQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ description: 'any part of the name, USCC or legal representative' }) @IsOptional() @Transform(trim) @IsString() @MaxLength(200)
  q?: string;

  @ApiPropertyOptional({ enum: TENANT_STATUSES }) @IsOptional() @IsIn(TENANT_STATUSES)
  status?: TenantStatus;

  @ApiPropertyOptional({ description: 'division code' }) @IsOptional() @IsString() @MaxLength(64)
  industry?: string;

  @ApiPropertyOptional({ description: 'building name' }) @IsOptional() @IsString() @MaxLength(64)
  building?: string;

  @ApiPropertyOptional({ enum: TENANT_SORTS, default: 'name' }) @IsOptional() @IsIn(TENANT_SORTS)
  sort?: (typeof TENANT_SORTS)[number];

  @ApiPropertyOptional({ enum: ['asc', 'desc'], default: 'asc' }) @IsOptional() @IsIn(['asc', 'desc'])
  dir?: 'asc' | 'desc';
}

export class TenantResponse {
  @ApiProperty() id: number;
  @ApiProperty() uscc: string;
  @ApiProperty() name: string;
  @ApiProperty() legalRepresentative: string;
  @ApiPropertyOptional({ nullable: true, type: String, description: 'GB/T 4754-2017 division code' }) industry: string | null;
  @ApiPropertyOptional({ nullable: true, description: 'the division\'s name in Chinese and English' }) industryName: { zh: string; en: string } | null;
  @ApiProperty({ description: 'building name' }) building: string;
  @ApiProperty() unit: string;
  @ApiProperty({ example: '2024-03-01' }) movedInAt: string;
  @ApiProperty({ enum: TENANT_STATUSES }) status: TenantStatus;
  @ApiPropertyOptional({ nullable: true, type: String }) statusReason: string | null;
  @ApiPropertyOptional({ nullable: true, enum: TENANT_STATUSES, description: 'the status before the last change, while it can be reversed' }) previousStatus: TenantStatus | null;
  @ApiPropertyOptional({ nullable: true, type: String }) usccOverrideReason: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) contactPhone: string | null;
  @ApiProperty() createdAt: string;
  @ApiProperty() updatedAt: string;
}

export class BuildingDto {
  @ApiProperty() @Transform(trim) @IsString() @MinLength(1) @MaxLength(64)
  name: string;
}

export class BuildingRetiredDto {
  @ApiProperty({ enum: ['true', 'false'] }) @IsIn(['true', 'false'])
  retired: 'true' | 'false';
}

export class TenantPageResponse {
  @ApiProperty({ type: [TenantResponse] }) items: TenantResponse[];
  @ApiProperty() total: number;
  @ApiProperty() page: number;
  @ApiProperty() pageSize: number;
}
