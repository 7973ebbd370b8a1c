import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsInt, IsISO8601, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { PageQueryDto } from '../../../common/pagination.js';

const blank = ({ value }: { value: unknown }) => (value === '' ? undefined : typeof value === 'string' ? value.trim() : value);
const int = ({ value }: { value: unknown }) => (value === '' || value === null ? undefined
  : typeof value === 'string' && /^\s*\d{1,10}\s*$/.test(value) ? Number(value) : value);
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** A tenant's annual report on a year, filed on a date (page form or `POST /api/v1/annual-reports`, idempotent on tenant and year). */
export class RecordAnnualReportDto {
  @ApiPropertyOptional({ description: 'the tenant, by id (or give `uscc`)' })
  @IsOptional() @Transform(int) @IsInt() @Min(1)
  tenantId?: number;

  @ApiPropertyOptional({ description: 'the tenant, by unified social credit code (or give `tenantId`)' })
  @IsOptional() @Transform(blank) @IsString() @MaxLength(40)
  uscc?: string;

  @ApiProperty({ example: 2025, description: 'the business year reported on' })
  @Transform(int) @IsInt() @Min(2000) @Max(2999)
  year: number;

  @ApiProperty({ example: '2026-05-20', description: 'park-zone date it was filed: after the year ended, not in the future' })
  @Transform(blank) @Matches(DATE, { message: 'date' }) @IsISO8601({ strict: true }, { message: 'date' })
  filedOn: string;
}

export class AnnualReportQueryDto extends PageQueryDto {
  /** Any part of the tenant's name or USCC. */
  @ApiPropertyOptional() @IsOptional() @Transform(blank) @IsString() @MaxLength(200)
  q?: string;

  @ApiPropertyOptional() @IsOptional() @Transform(int) @IsInt() @Min(2000) @Max(2999)
  year?: number;

  @ApiPropertyOptional() @IsOptional() @Transform(int) @IsInt() @Min(1)
  tenantId?: number;
}
