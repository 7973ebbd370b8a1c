import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { optionalInt } from '../../../common/dto-transforms.js';

/** The review's options: the visits per inspector and month above which the workload is flagged. */
export class PlanReviewQueryDto {
  @ApiPropertyOptional({ minimum: 1, maximum: 1000, default: 20 }) @IsOptional() @Transform(optionalInt) @IsInt() @Min(1) @Max(1000)
  maxVisits?: number;
}
