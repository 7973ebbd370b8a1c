import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsInt, IsISO8601, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { PageQueryDto } from '../../../common/pagination.js';
import { blank, optionalInt } from '../../../common/dto-transforms.js';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** A tenant's annual report on a year, filed on a date (page form or `POST /api/v1/annual-reports`, idempotent on tenant and year). */
export class RecordAnnualReportDto {
  @ApiPropertyOptional({ description: 'the tenant, by id (or give `uscc`)' })
  @IsOptional() @Transform(optionalInt) @IsInt() @Min(1)
  tenantId?: number;

  @ApiPropertyOptional({ description: 'the tenant, by unified social credit code (or give `tenantId`)' })
  @IsOptional() @Transform(blank) @IsString() @MaxLength(40)
  uscc?: string;

  @ApiProperty({ example: 2025, description: 'the business year reported on' })
  @Transform(optionalInt) @IsInt() @Min(2000) @Max(2999)
  year: number;

  @ApiProperty({ example: '2026-05-20', description: 'park-zone date it was filed: after the year ended, not in the future' })
  @Transform(blank) @Matches(DATE, { message: 'date' }) @IsISO8601({ strict: true }, { message: 'date' })
  filedOn: string;
}

export class AnnualReportQueryDto extends PageQueryDto {
  /** Any part of the tenant's name or USCC. */
  @ApiPropertyOptional() @IsOptional() @Transform(blank) @IsString() @MaxLength(200)
  q?: string;

  @ApiPropertyOptional() @IsOptional() @Transform(optionalInt) @IsInt() @Min(2000) @Max(2999)
  year?: number;

  @ApiPropertyOptional() @IsOptional() @Transform(optionalInt) @IsInt() @Min(1)
  tenantId?: number;
}
