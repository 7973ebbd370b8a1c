import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsInt, IsISO8601, IsOptional, IsString, Matches, MaxLength, Min, MinLength, ValidateNested } from 'class-validator';
import { blank, trim } from '../../../common/dto-transforms.js';
import { PageQueryDto } from '../../../common/pagination.js';
import { normalizeUscc } from '../../../tenants/domain/uscc.rules.js';
import { IsUscc } from '../../../tenants/dto/is-uscc.validator.js';

export const REQUESTER_MAX = 200;
export const NOTE_MAX = 1000;
export const PURPOSE_CODE_MAX = 32;
export const PURPOSE_NAME_MAX = 100;

const uscc = ({ value }: { value: unknown }) => (typeof value === 'string' ? normalizeUscc(value) : value);
const bool = ({ value }: { value: unknown }) => (value === 'true' || value === '1' || value === 'on' ? true : value === 'false' || value === '0' ? false : value);

/** A joint check (逢办必查): which tenant, for what, asked by which system or office. */
export class JointCheckDto {
  @ApiProperty({ description: 'unified social credit code (normalised: spaces dropped, full-width to half-width, upper case)', example: '91310000MA1FL0XX1X' })
  @Transform(uscc) @IsString() @IsUscc()
  uscc: string;

  @ApiProperty({ description: 'an active check purpose code (GET /api/v1/joint-checks/purposes)', maxLength: PURPOSE_CODE_MAX })
  @Transform(trim) @IsString() @MinLength(1) @MaxLength(PURPOSE_CODE_MAX)
  purpose: string;

  @ApiProperty({ description: 'the calling system or office, as it names itself', maxLength: REQUESTER_MAX })
  @Transform(trim) @IsString() @MinLength(1) @MaxLength(REQUESTER_MAX)
  requester: string;
}

/** The "check a tenant now" form: the requester is the signed-in user. */
export class CheckNowDto {
  @Transform(uscc) @IsString() @IsUscc()
  uscc: string;

  @Transform(trim) @IsString() @MinLength(1) @MaxLength(PURPOSE_CODE_MAX)
  purpose: string;
}

export class AppliedMeasureDto {
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(32)
  code: string;

  @ApiProperty() @IsBoolean()
  applied: boolean;

  @ApiPropertyOptional({ maxLength: NOTE_MAX }) @IsOptional() @Transform(blank) @IsString() @MaxLength(NOTE_MAX)
  note?: string;
}

/** What the caller applied of the measures a check returned. */
export class JointCheckFeedbackDto {
  @ApiProperty({ type: [AppliedMeasureDto] })
  @IsArray() @ArrayMaxSize(50) @ValidateNested({ each: true }) @Type(() => AppliedMeasureDto)
  applied: AppliedMeasureDto[];

  @ApiPropertyOptional({ maxLength: NOTE_MAX }) @IsOptional() @Transform(blank) @IsString() @MaxLength(NOTE_MAX)
  note?: string;
}

/** Filters of the log. `from`/`to` are park days (inclusive). */
export class JointCheckQueryDto extends PageQueryDto {
  @ApiPropertyOptional() @IsOptional() @Transform(({ value }) => (value === '' ? undefined : value)) @Type(() => Number) @IsInt() @Min(1)
  tenant?: number;

  @ApiPropertyOptional() @IsOptional() @Transform(({ value }) => (value === '' ? undefined : uscc({ value }))) @IsString() @MaxLength(18)
  uscc?: string;

  @ApiPropertyOptional() @IsOptional() @Transform(blank) @IsString() @MaxLength(PURPOSE_CODE_MAX)
  purpose?: string;

  @ApiPropertyOptional({ description: 'the start of the requester\'s name' }) @IsOptional() @Transform(blank) @IsString() @MaxLength(REQUESTER_MAX)
  requester?: string;

  @ApiPropertyOptional({ format: 'date' }) @IsOptional() @Transform(blank) @IsISO8601({ strict: true }) @Matches(/^\d{4}-\d{2}-\d{2}$/)
  from?: string;

  @ApiPropertyOptional({ format: 'date' }) @IsOptional() @Transform(blank) @IsISO8601({ strict: true }) @Matches(/^\d{4}-\d{2}-\d{2}$/)
  to?: string;

  @ApiPropertyOptional({ enum: ['yes', 'no'] }) @IsOptional() @Transform(blank) @IsIn(['yes', 'no'])
  feedback?: 'yes' | 'no';
}

/** A new check purpose (admin). */
export class NewPurposeDto {
  @Transform(trim) @IsString() @Matches(/^[a-z][a-z0-9_]{1,31}$/)
  code: string;

  @Transform(trim) @IsString() @MinLength(1) @MaxLength(PURPOSE_NAME_MAX)
  nameZh: string;

  @Transform(trim) @IsString() @MinLength(1) @MaxLength(PURPOSE_NAME_MAX)
  nameEn: string;

  @IsOptional() @Transform(({ value }) => (value === '' ? undefined : value)) @Type(() => Number) @IsInt() @Min(0)
  sortOrder?: number;
}

/** Rename, reorder, (de)activate a purpose (admin). */
export class EditPurposeDto {
  @Transform(trim) @IsString() @MinLength(1) @MaxLength(PURPOSE_NAME_MAX)
  nameZh: string;

  @Transform(trim) @IsString() @MinLength(1) @MaxLength(PURPOSE_NAME_MAX)
  nameEn: string;

  @IsOptional() @Transform(({ value }) => (value === '' ? undefined : value)) @Type(() => Number) @IsInt() @Min(0)
  sortOrder?: number;

  @IsOptional() @Transform(bool) @IsBoolean()
  active?: boolean;
}
