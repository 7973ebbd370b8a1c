import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { PageQueryDto } from '../../../common/pagination.js';
import { MultilineText } from '../../../common/validation.js';
import { RECTIFICATION_DECISIONS, type RectificationDecision } from '../../domain/rectification.rules.js';
import { blank, trim } from '../../../common/dto-transforms.js';

export const STATEMENT_MAX = 5000;
export const REASON_MAX = 2000;
/** Evidence files per submission. */
export const MAX_EVIDENCE_FILES = 10;

/** The tenant officer's rectification statement (multipart form; evidence, at least one file, in the field `files`). */
export class SubmitRectificationDto {
  @ApiProperty({ maxLength: STATEMENT_MAX, description: 'what the tenant did to put it right' })
  @Transform(trim) @IsString() @MinLength(1) @MaxLength(STATEMENT_MAX) @MultilineText()
  statement: string;
}

/** The verifier's decision on the evidence awaiting verification: verify (closes the rectification) or return it (a reason is required). */
export class DecideRectificationDto {
  @ApiProperty({ enum: RECTIFICATION_DECISIONS }) @IsIn(RECTIFICATION_DECISIONS)
  decision: RectificationDecision;

  @ApiPropertyOptional({ maxLength: REASON_MAX, description: 'required to return the evidence; an optional note when verifying' })
  @IsOptional() @Transform(trim) @IsString() @MaxLength(REASON_MAX) @MultilineText()
  reason?: string;
}

/** Which part of the work queue: evidence awaiting verification, overdue, or open (not yet due). */
export const QUEUE_STATES = ['awaiting', 'overdue', 'open'] as const;
export type QueueState = (typeof QUEUE_STATES)[number];

export class RectificationQueueQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: QUEUE_STATES, description: 'default: awaiting verification and overdue together (for an officer: everything still to do)' })
  @IsOptional() @Transform(blank) @IsIn(QUEUE_STATES)
  state?: QueueState;
}
