import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsISO8601, IsOptional, IsString, Matches, MaxLength, Min, MinLength } from 'class-validator';
import { blank, optionalInt, trim } from '../../../common/dto-transforms.js';
import { ValidationFailedError } from '../../../common/errors/domain-error.js';
import { PageQueryDto } from '../../../common/pagination.js';
import { MultilineText } from '../../../common/validation.js';
import {
  SELF_REPORT_DECISIONS, SELF_REPORT_KINDS, SELF_REPORT_STATUSES, type SelfReportDecision, type SelfReportKind, type SelfReportStatus,
} from '../../domain/self-report.rules.js';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export const TITLE_MAX = 200;
export const DESCRIPTION_MAX = 5000;
export const ISSUER_MAX = 200;
export const REASON_MAX = 2000;
/** Evidence files per claim, all uploads together. */
export const MAX_EVIDENCE_FILES = 10;

/** A tenant officer's claim (page: multipart with evidence in `files`; API: JSON or multipart). */
export class SubmitSelfReportDto {
  @ApiProperty({ enum: SELF_REPORT_KINDS, description: 'honour → P09; public_welfare and neighbour_help → P10; suggestion → P11' })
  @IsIn(SELF_REPORT_KINDS)
  kind: SelfReportKind;

  @ApiProperty({ maxLength: TITLE_MAX, example: '2026 年度区级安全生产先进单位' })
  @Transform(trim) @IsString() @MinLength(1) @MaxLength(TITLE_MAX)
  title: string;

  @ApiProperty({ maxLength: DESCRIPTION_MAX })
  @Transform(trim) @IsString() @MinLength(1) @MaxLength(DESCRIPTION_MAX) @MultilineText()
  description: string;

  @ApiPropertyOptional({ maxLength: ISSUER_MAX, description: 'who awarded the honour, ran the activity or adopted the suggestion' })
  @IsOptional() @Transform(blank) @IsString() @MaxLength(ISSUER_MAX)
  issuer?: string;

  @ApiProperty({ example: '2026-10-15', description: 'park-zone date; today or earlier, within the last 12 months' })
  @Matches(DATE, { message: 'date' }) @IsISO8601({ strict: true }, { message: 'date' })
  occurredOn: string;
}

/**
 * More evidence takes the files in `files` and no other field: any other is refused by name, as a
 * DTO would (`ignore`: fields a browser form carries, such as `_csrf`).
 */
export function refuseOtherFields(body: Record<string, unknown> | undefined, ignore: readonly string[] = []): void {
  const unknown = Object.keys(body ?? {}).filter((k) => !ignore.includes(k)).slice(0, 20);
  if (unknown.length) throw new ValidationFailedError(Object.fromEntries(unknown.map((k) => [k.slice(0, 100), [{ code: 'unknownField' }]])));
}

/** Park staff's decision on a pending claim: approve (a note is optional) or reject (a reason is required). */
export class DecideSelfReportDto {
  @ApiProperty({ enum: SELF_REPORT_DECISIONS }) @IsIn(SELF_REPORT_DECISIONS)
  decision: SelfReportDecision;

  @ApiPropertyOptional({ maxLength: REASON_MAX, description: 'required to reject' })
  @IsOptional() @Transform(trim) @IsString() @MaxLength(REASON_MAX) @MultilineText()
  reason?: string;
}

export class SelfReportQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: SELF_REPORT_STATUSES }) @IsOptional() @Transform(blank) @IsIn(SELF_REPORT_STATUSES)
  status?: SelfReportStatus;

  @ApiPropertyOptional({ enum: SELF_REPORT_KINDS }) @IsOptional() @Transform(blank) @IsIn(SELF_REPORT_KINDS)
  kind?: SelfReportKind;

  /** One tenant's claims (the hub's link); an officer sees only their own tenant's anyway. */
  @ApiPropertyOptional() @IsOptional() @Transform(optionalInt) @IsInt() @Min(1)
  tenantId?: number;

  /** Any part of the tenant's name or USCC (the registry's search). */
  @ApiPropertyOptional() @IsOptional() @Transform(blank) @IsString() @MaxLength(200)
  q?: string;
}
