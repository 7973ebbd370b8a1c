import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { optionalInt, trim } from '../../../common/dto-transforms.js';
import { PageQueryDto } from '../../../common/pagination.js';
import { DRAW_STATUSES, type DrawStatus } from '../../domain/sampling-kinds.js';
import { ENTROPY_MAX } from '../draws.rules.js';

const blankToUndefined = ({ value }: { value: unknown }) => (value === '' ? undefined : value);
const bool = ({ value }: { value: unknown }) => (value === '' ? undefined : value === 'true' || value === '1' || value === 'on' ? true : value === 'false' || value === '0' ? false : value);

/** The draws list: by programme, status and year. */
export class DrawListQueryDto extends PageQueryDto {
  @ApiPropertyOptional() @IsOptional() @Transform(optionalInt) @IsInt() @Min(1) @Max(2_147_483_647)
  programmeId?: number;

  @ApiPropertyOptional({ enum: DRAW_STATUSES }) @IsOptional() @Transform(blankToUndefined) @IsIn(DRAW_STATUSES)
  status?: DrawStatus;

  @ApiPropertyOptional() @IsOptional() @Transform(optionalInt) @IsInt() @Min(2000) @Max(2100)
  year?: number;
}

/** A draw's tasks: all, or only those flagged for a manual assignment. */
export class DrawTasksQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ description: 'only tasks that need a manual assignment' }) @IsOptional() @Transform(bool) @IsBoolean()
  flagged?: boolean;
}

/** The public draws list. */
export class PublicDrawListQueryDto extends PageQueryDto {
  @ApiPropertyOptional() @IsOptional() @Transform(optionalInt) @IsInt() @Min(2000) @Max(2100)
  year?: number;
}

/** A public entropy value (e.g. an official lottery result), entered by a regulator before the draw. */
export class EntropyDto {
  @ApiProperty({ maxLength: ENTROPY_MAX, description: 'any text (may be empty); it is hashed with the seed into the draw key as UTF-8' })
  @Transform(trim) @IsString() @MaxLength(ENTROPY_MAX)
  value: string;
}
