import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { blank, optionalInt } from '../../../common/dto-transforms.js';
import { PageQueryDto } from '../../../common/pagination.js';
import type { TabularFormat } from '../../../common/tabular/tabular-export.js';
import { FIRST_YEAR, LAST_YEAR } from '../../domain/annual-results.rules.js';

/** The year's ranking, paginated and searchable; the page's `year` defaults to the last published month's. */
export class AnnualQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ minimum: FIRST_YEAR, maximum: LAST_YEAR, description: 'default: the year of the last published month (pages only)' })
  @IsOptional() @Transform(optionalInt) @IsInt() @Min(FIRST_YEAR) @Max(LAST_YEAR)
  year?: number;

  @ApiPropertyOptional({ description: 'any part of the tenant name, USCC or legal representative' })
  @Transform(blank) @IsOptional() @IsString() @MaxLength(200)
  q?: string;
}

export class AnnualExportQueryDto extends AnnualQueryDto {
  @ApiPropertyOptional({ enum: ['csv', 'xlsx'], default: 'csv' })
  @IsOptional() @IsIn(['csv', 'xlsx'])
  format?: TabularFormat;
}

/** `:year` of /api/v1/score-years/:year. */
export class ScoreYearParamDto {
  @ApiProperty({ minimum: FIRST_YEAR, maximum: LAST_YEAR })
  @Type(() => Number) @IsInt() @Min(FIRST_YEAR) @Max(LAST_YEAR)
  year: number;
}
