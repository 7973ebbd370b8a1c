import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsISO8601, IsOptional, Matches, Max, Min } from 'class-validator';
import { LocaleQueryDto } from '../../../common/pagination.js';

export class SessionAttendanceQueryDto extends LocaleQueryDto {
  @ApiPropertyOptional({ minimum: 1, default: 1 })
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(1_000_000)
  page?: number;
}

/** A window of park days for the park-wide rates and the records export; both default to the last 12 months. */
export class ParkAttendanceQueryDto extends LocaleQueryDto {
  @ApiPropertyOptional({ description: 'first park day (YYYY-MM-DD)' })
  @IsOptional() @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'date' }) @IsISO8601({ strict: true }, { message: 'date' })
  from?: string;

  @ApiPropertyOptional({ description: 'last park day (YYYY-MM-DD)' })
  @IsOptional() @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'date' }) @IsISO8601({ strict: true }, { message: 'date' })
  to?: string;
}
