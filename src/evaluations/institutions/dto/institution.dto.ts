import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsEmail, IsInt, IsISO8601, IsOptional, IsString, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';
import { IsUscc } from '../../../tenants/dto/is-uscc.validator.js';
import { normalizeUscc } from '../../../tenants/domain/uscc.rules.js';
import { blank, trim } from '../../../common/dto-transforms.js';

const checkbox = ({ value }: { value: unknown }) => value === true || value === 'true' || value === 'on' || value === '1';
const uscc = ({ value }: { value: unknown }) => (typeof value === 'string' ? normalizeUscc(value) : value);
export const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** An accredited institution as an admin keeps it. */
export class InstitutionDto {
  @ApiProperty({ maxLength: 200 }) @Transform(trim) @IsString() @MinLength(1) @MaxLength(200)
  name: string;

  @ApiProperty({ example: '914403001922038216' }) @Transform(uscc) @IsString() @IsUscc()
  uscc: string;

  @ApiProperty({ maxLength: 100 }) @Transform(trim) @IsString() @MinLength(1) @MaxLength(100)
  accreditationNo: string;

  @ApiProperty({ example: '2026-01-01' }) @Matches(DATE, { message: 'date' }) @IsISO8601({ strict: true }, { message: 'date' })
  validFrom: string;

  @ApiProperty({ example: '2028-12-31' }) @Matches(DATE, { message: 'date' }) @IsISO8601({ strict: true }, { message: 'date' })
  validTo: string;

  @ApiPropertyOptional() @IsOptional() @Transform(checkbox) @IsBoolean()
  active?: boolean;
}

/** An engagement: the tenant by USCC or exact name (the page's picker), and its period. */
export class EngagementDto {
  @ApiProperty({ description: 'the tenant’s USCC, or its exact registered name' }) @Transform(trim) @IsString() @MinLength(1) @MaxLength(200)
  tenant: string;

  @ApiProperty() @Matches(DATE, { message: 'date' }) @IsISO8601({ strict: true }, { message: 'date' })
  periodFrom: string;

  @ApiProperty() @Matches(DATE, { message: 'date' }) @IsISO8601({ strict: true }, { message: 'date' })
  periodTo: string;

  @ApiPropertyOptional({ maxLength: 500 }) @IsOptional() @Transform(blank) @IsString() @MaxLength(500)
  note?: string;
}

export class BindEvaluatorDto {
  @ApiProperty() @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim().toLowerCase() : value)) @IsEmail() @MaxLength(190)
  email: string;
}

/** A scoring dimension: the code is its key in `scores` and cannot change once created. */
export class DimensionDto {
  @ApiProperty({ example: 'work_safety' }) @Transform(trim) @IsString() @Matches(/^[a-z][a-z0-9_]{1,39}$/, { message: 'format' })
  code: string;

  @ApiProperty() @Transform(trim) @IsString() @MinLength(1) @MaxLength(100)
  labelZh: string;

  @ApiProperty() @Transform(trim) @IsString() @MinLength(1) @MaxLength(100)
  labelEn: string;

  @ApiProperty() @Type(() => Number) @IsInt() @Min(0) @Max(9999)
  sortOrder: number;

  @ApiPropertyOptional() @IsOptional() @Transform(checkbox) @IsBoolean()
  active?: boolean;
}

/** Editing a dimension: labels, order, active; the code stays. */
export class DimensionUpdateDto {
  @ApiProperty() @Transform(trim) @IsString() @MinLength(1) @MaxLength(100)
  labelZh: string;

  @ApiProperty() @Transform(trim) @IsString() @MinLength(1) @MaxLength(100)
  labelEn: string;

  @ApiProperty() @Type(() => Number) @IsInt() @Min(0) @Max(9999)
  sortOrder: number;

  @ApiPropertyOptional() @IsOptional() @Transform(checkbox) @IsBoolean()
  active?: boolean;
}
