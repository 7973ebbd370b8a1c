import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsOptional, IsString, MaxLength } from 'class-validator';
import { LocaleQueryDto } from '../../../common/pagination.js';

/** At most this many what-if options at once (a tenant has a handful; the cap bounds the work). */
export const MAX_WHAT_IF_OPTIONS = 50;

/** `?asOf=` stays raw here: its problems (malformed, future) are the score's 422, decided by parseAsOf. */
export class ScoreQueryDto extends LocaleQueryDto {
  @ApiPropertyOptional({ description: 'park-zone date (YYYY-MM-DD), not in the future; default today' })
  @IsOptional()
  asOf?: unknown;
}

/** A form's ticked boxes: none (absent), one (a string) or several (an array). */
const list = ({ value }: { value: unknown }) => (value === undefined || value === null || value === '' ? [] : typeof value === 'string' ? [value] : value);

export class WhatIfDto {
  @ApiProperty({ type: [String], description: 'keys of the what-if options (GET …/score/what-if lists them); nothing is saved' })
  @Transform(list) @IsArray() @ArrayMaxSize(MAX_WHAT_IF_OPTIONS, { message: `tooManyItems {"limit":${MAX_WHAT_IF_OPTIONS}}` })
  @IsString({ each: true }) @MaxLength(200, { each: true })
  options: string[];

  @ApiPropertyOptional({ description: 'park-zone date (YYYY-MM-DD), not in the future; default today' })
  @IsOptional()
  asOf?: unknown;
}
