import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsISO8601, IsOptional, Matches } from 'class-validator';
import { LocaleQueryDto } from '../../common/pagination.js';

export class FactsQueryDto extends LocaleQueryDto {
  @ApiPropertyOptional({ description: 'park-zone date (YYYY-MM-DD); default today' })
  @IsOptional() @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'date' }) @IsISO8601({ strict: true }, { message: 'date' })
  asOf?: string;
}
