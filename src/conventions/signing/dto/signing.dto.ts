import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsISO8601, IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { PageQueryDto } from '../../../common/pagination.js';
import { MultilineText } from '../../../common/validation.js';
import type { ObligationState } from '../../domain/convention.rules.js';
import { trim } from '../../../common/dto-transforms.js';

/** A checkbox sends "on" (or "1"/"true"); JSON sends true. Anything else is no consent. */
const checkbox = ({ value }: { value: unknown }) =>
  value === true || value === 'true' || value === 'on' || value === '1' ? true : value === undefined ? undefined : false;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

export class SignDto {
  @ApiProperty({ description: 'the signer\'s full name, as typed', example: '张三' })
  @Transform(trim) @IsString() @MinLength(2) @MaxLength(100)
  signerName: string;

  @ApiProperty({ description: 'the signer\'s title in the company', example: '合规负责人' })
  @Transform(trim) @IsString() @MinLength(1) @MaxLength(100)
  signerTitle: string;

  @ApiProperty({ description: 'explicit consent to the text shown; must be true' })
  @Transform(checkbox) @IsBoolean()
  consent: boolean;
}

export class PaperSignatureDto {
  @ApiProperty() @Transform(trim) @IsString() @MinLength(2) @MaxLength(100)
  signerName: string;

  @ApiProperty() @Transform(trim) @IsString() @MinLength(1) @MaxLength(100)
  signerTitle: string;

  @ApiProperty({ example: '2026-03-01', description: 'date on the paper, YYYY-MM-DD' })
  @Matches(DATE, { message: 'date' }) @IsISO8601({ strict: true }, { message: 'date' })
  signedOn: string;

  @ApiProperty({ description: 'why the tenant signed on paper' })
  @Transform(trim) @IsString() @MinLength(2) @MaxLength(500) @MultilineText()
  reason: string;
}

export const PROGRESS_STATES = ['signed', 'pending', 'overdue'] as const;
export const OBLIGATION_STATES: readonly ObligationState[] = [...PROGRESS_STATES, 'paused', 'cancelled', 'superseded'];
export type ProgressState = (typeof PROGRESS_STATES)[number];

export class ProgressQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: PROGRESS_STATES }) @IsOptional() @IsIn(PROGRESS_STATES)
  state?: ProgressState;

  @ApiPropertyOptional({ description: 'tenant name prefix' }) @IsOptional() @Transform(trim) @IsString() @MaxLength(200)
  q?: string;

  @ApiPropertyOptional() @IsOptional() @Transform(trim) @IsString() @MaxLength(64)
  building?: string;

  @ApiPropertyOptional() @IsOptional() @Transform(trim) @IsString() @MaxLength(64)
  industry?: string;
}

export class ObligationResponse {
  @ApiProperty() id: number;
  @ApiProperty() versionId: number;
  @ApiProperty() versionNo: number;
  @ApiProperty() title: string;
  @ApiPropertyOptional({ nullable: true, type: String }) titleEn: string | null;
  @ApiProperty({ enum: ['management', 'commitment'] }) kind: string;
  @ApiProperty({ enum: ['draft', 'published', 'superseded'] }) versionStatus: string;
  @ApiProperty({ example: '2026-03-01' }) deadline: string;
  @ApiProperty({ enum: OBLIGATION_STATES, description: 'paused while the tenant is suspended, cancelled once it moved out, superseded by a newer version' }) state: ObligationState;
  @ApiPropertyOptional({ nullable: true, type: Number }) signatureId: number | null;
}

export class SignatureResponse {
  @ApiProperty() id: number;
  @ApiProperty() obligationId: number;
  @ApiProperty() versionId: number;
  @ApiProperty() tenantId: number;
  @ApiProperty({ enum: ['online', 'paper'] }) method: string;
  @ApiProperty() signerName: string;
  @ApiProperty() signerTitle: string;
  @ApiProperty() signedAt: string;
  @ApiPropertyOptional({ nullable: true, type: String }) ip: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) userAgent: string | null;
  @ApiProperty({ description: 'SHA-256 of the exact text signed' }) textSha256: string;
  @ApiProperty() verificationCode: string;
  @ApiPropertyOptional({ nullable: true, type: String }) paperReason: string | null;
}

/** What the public verification page and API reveal: never the IP address or user agent. */
export class VerificationResponse {
  @ApiProperty() genuine: boolean;
  @ApiProperty() tenantName: string;
  @ApiProperty() uscc: string;
  @ApiProperty() versionTitle: string;
  @ApiProperty() versionNo: number;
  @ApiProperty({ example: '2026-03-01', description: 'park-zone date of the signature' }) signedOn: string;
  @ApiProperty({ enum: ['online', 'paper'] }) method: string;
  @ApiProperty() textSha256: string;
}
