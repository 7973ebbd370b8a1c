import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import { blank } from '../../../common/dto-transforms.js';
import { PageQueryDto } from '../../../common/pagination.js';

export const PUBLIC_SEARCH_MAX = 100;

/** A public list's page: a search by name or USCC, page and page size; nothing else is accepted. */
export class PublicListQueryDto extends PageQueryDto {
  /** Any part of the tenant's name or USCC. */
  @ApiPropertyOptional({ maxLength: PUBLIC_SEARCH_MAX, description: 'any part of the name or USCC' })
  @IsOptional() @Transform(blank) @IsString() @MaxLength(PUBLIC_SEARCH_MAX)
  q?: string;
}
