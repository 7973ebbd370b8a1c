import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, MaxLength, Min, MinLength } from 'class-validator';
import { PageQueryDto } from '../../../common/pagination.js';
import { MultilineText } from '../../../common/validation.js';
import { EXCUSE_REASON_MAX, EXCUSE_STATUSES, type ExcuseStatus } from '../../domain/excuse.rules.js';
import { trim } from '../../../common/dto-transforms.js';

export const EXCUSE_DECISIONS = ['approved', 'rejected'] as const;
export const DECISION_NOTE_MAX = 2000;

export class ExcuseRequestDto {
  @ApiProperty({ description: 'why the tenant cannot attend', maxLength: EXCUSE_REASON_MAX })
  @Transform(trim) @IsString() @MinLength(1) @MaxLength(EXCUSE_REASON_MAX) @MultilineText()
  reason: string;
}

export class ExcuseDecisionDto {
  @ApiProperty({ enum: EXCUSE_DECISIONS })
  @IsIn(EXCUSE_DECISIONS)
  decision: (typeof EXCUSE_DECISIONS)[number];

  @ApiPropertyOptional({ description: 'the decision\'s note to the tenant; required to reject', maxLength: DECISION_NOTE_MAX })
  @IsOptional() @Transform(trim) @IsString() @MaxLength(DECISION_NOTE_MAX) @MultilineText()
  note?: string;
}

export class ExcuseQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ description: 'one session\'s requests' })
  @IsOptional() @Type(() => Number) @IsInt() @Min(1)
  session?: number;

  @ApiPropertyOptional({ enum: EXCUSE_STATUSES })
  @IsOptional() @IsIn(EXCUSE_STATUSES)
  status?: ExcuseStatus;
}

export class RegistrationResponse {
  @ApiProperty() registrationId: number;
  @ApiProperty({ enum: ['registered', 'waitlisted'] }) status: 'registered' | 'waitlisted';
  @ApiProperty({ nullable: true, type: Number, description: 'place on the waiting list, from 1' }) position: number | null;
}

export class ExcuseResponse {
  @ApiProperty() id: number;
  @ApiProperty() sessionId: number;
  @ApiProperty() tenantId: number;
  @ApiProperty() reason: string;
  @ApiProperty({ enum: EXCUSE_STATUSES }) status: ExcuseStatus;
  @ApiProperty({ nullable: true, type: String }) decisionNote: string | null;
}
