import { ApiPropertyOptional, ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsEmail, IsIn, IsInt, IsISO8601, IsOptional, IsString, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';
import { blank, optionalInt, trim } from '../../../common/dto-transforms.js';
import { PageQueryDto } from '../../../common/pagination.js';
import { INSPECTOR_CODE } from '../inspector-pool.rules.js';

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const upper = ({ value }: { value: unknown }) => (typeof value === 'string' ? (value.trim() === '' ? undefined : value.trim().toUpperCase()) : value);
const lower = ({ value }: { value: unknown }) => (typeof value === 'string' ? (value.trim() === '' ? undefined : value.trim().toLowerCase()) : value);
export const CONFLICT_REASON_MAX = 500;
export const ABSENCE_REASON_MAX = 200;

/** Flag a regulator as an inspector: the user by id or by e-mail, and the code (suggested `<DEPT>-<nnn>` when absent). */
export class FlagInspectorDto {
  @ApiPropertyOptional({ description: 'the regulator user (or give email)' })
  @IsOptional() @Transform(optionalInt) @IsInt() @Min(1) @Max(2_147_483_647)
  userId?: number;

  @ApiPropertyOptional({ description: "the regulator's login e-mail (or give userId)" })
  @IsOptional() @Transform(lower) @IsEmail({}, { message: 'email' }) @MaxLength(190)
  email?: string;

  @ApiPropertyOptional({ pattern: INSPECTOR_CODE.source, example: 'MARKET-007', description: 'unique in the pool; the next free <DEPT>-<nnn> when absent' })
  @IsOptional() @Transform(upper) @IsString() @Matches(INSPECTOR_CODE, { message: 'format' })
  code?: string;
}

export class InspectorPatchDto {
  @ApiProperty({ description: 'false takes the inspector out of the pool (kept on record); true puts them back' })
  @Transform(({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value)) @IsBoolean()
  active: boolean;
}

/** A declared conflict of interest: the tenant by id or USCC, and why. */
export class DeclareConflictDto {
  @ApiPropertyOptional({ description: 'the tenant (or give uscc)' })
  @IsOptional() @Transform(optionalInt) @IsInt() @Min(1) @Max(2_147_483_647)
  tenantId?: number;

  @ApiPropertyOptional({ description: 'the tenant’s unified social credit code (or give tenantId)' })
  @IsOptional() @Transform(upper) @IsString() @Matches(/^[0-9A-Z]{18}$/, { message: 'format' })
  uscc?: string;

  @ApiProperty({ maxLength: CONFLICT_REASON_MAX, example: '配偶在该企业任财务负责人' })
  @Transform(trim) @IsString() @MinLength(1) @MaxLength(CONFLICT_REASON_MAX)
  reason: string;
}

export class WithdrawConflictDto {
  @ApiProperty({ maxLength: CONFLICT_REASON_MAX, description: 'why the declaration no longer holds (kept in the audit log)' })
  @Transform(trim) @IsString() @MinLength(1) @MaxLength(CONFLICT_REASON_MAX)
  reason: string;
}

/** A period the inspector is away: park dates, both inclusive; periods may overlap. */
export class AbsenceDto {
  @ApiProperty({ example: '2026-07-01' })
  @Transform(trim) @Matches(DATE, { message: 'date' }) @IsISO8601({ strict: true }, { message: 'date' })
  fromDate: string;

  @ApiProperty({ example: '2026-07-14', description: 'on or after fromDate' })
  @Transform(trim) @Matches(DATE, { message: 'date' }) @IsISO8601({ strict: true }, { message: 'date' })
  toDate: string;

  @ApiProperty({ maxLength: ABSENCE_REASON_MAX, example: '年休假' })
  @Transform(trim) @IsString() @MinLength(1) @MaxLength(ABSENCE_REASON_MAX)
  reason: string;
}

export class InspectorsQueryDto extends PageQueryDto {
  @ApiPropertyOptional() @IsOptional() @Transform(optionalInt) @IsInt() @Min(1) @Max(2_147_483_647)
  departmentId?: number;

  @ApiPropertyOptional({ enum: ['true', 'false'], description: 'in the pool (true), taken out (false); both when absent' })
  @IsOptional() @Transform(blank) @IsIn(['true', 'false'])
  active?: 'true' | 'false';

  @ApiPropertyOptional({ maxLength: 32, description: 'any part of the code' })
  @IsOptional() @Transform(blank) @IsString() @MaxLength(32)
  q?: string;
}
