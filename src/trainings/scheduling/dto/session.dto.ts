import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';
import { PageQueryDto } from '../../../common/pagination.js';
import { MultilineText } from '../../../common/validation.js';
import { INDUSTRY_CODES } from '../../../tenants/domain/industry-classification.js';
import { AUDIENCE_FILTER_MAX, AUDIENCES, type Audience } from '../../domain/audience.rules.js';
import { RECURRENCES, type Recurrence } from '../../domain/series.rules.js';
import { SESSION_STATUSES, TRAINING_KINDS, type SessionStatus, type TrainingKind } from '../../domain/session.rules.js';
import { trim } from '../../../common/dto-transforms.js';

/** Forms send empty inputs; they mean "not given". */
const blank = ({ value }: { value: unknown }) => (value === '' || value === null ? undefined : typeof value === 'string' ? value.trim() : value);
/** Empty means no limit (null); digits become a number, anything else stays and is refused. */
const optionalInt = ({ value }: { value: unknown }) => {
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value === 'string' && /^-?\d{1,9}$/.test(value.trim())) return Number(value.trim());
  return value;
};
/** One value or several (a form's repeated field, a JSON list, or ids separated by commas, spaces or lines). */
const list = (numeric: boolean) => ({ value }: { value: unknown }) => {
  if (value === undefined || value === null || value === '') return undefined;
  const items = (Array.isArray(value) ? value : [value]).flatMap((v) => (typeof v === 'string' ? v.split(/[\s,，]+/).filter(Boolean) : [v]));
  return numeric ? items.map((v) => (typeof v === 'string' && /^\d{1,9}$/.test(v) ? Number(v) : v)) : items;
};
/** A time in the park's zone as a form sends it (2026-03-05T09:30), or an ISO 8601 instant with its offset (API). */
const TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,3})?(?:Z|[+-]\d{2}:\d{2}))?$/;

export const TRAINING_TITLE_MAX = 200;
export const TRAINING_REASON_MAX = 2000;

/** A session as staff schedule or edit it; times in the park's zone; a repeat makes a series that must end. */
export class SessionFormDto {
  @ApiProperty({ maxLength: TRAINING_TITLE_MAX }) @Transform(trim) @IsString() @MinLength(1) @MaxLength(TRAINING_TITLE_MAX)
  title: string;

  @ApiProperty({ enum: TRAINING_KINDS }) @IsIn(TRAINING_KINDS)
  kind: TrainingKind;

  @ApiPropertyOptional({ description: 'an accounts department (GET /api/v1/departments)' })
  @IsOptional() @Transform(optionalInt) @IsInt() @Min(1)
  hostDepartmentId?: number;

  @ApiPropertyOptional({ maxLength: 100 }) @IsOptional() @Transform(blank) @IsString() @MaxLength(100)
  speaker?: string;

  @ApiPropertyOptional({ description: 'a tenant hosting the session (earns P08)' })
  @IsOptional() @Transform(optionalInt) @IsInt() @Min(1)
  hostTenantId?: number;

  @ApiPropertyOptional({ description: 'the tenant the speaker comes from (earns P08)' })
  @IsOptional() @Transform(optionalInt) @IsInt() @Min(1)
  speakerTenantId?: number;

  @ApiProperty({ example: '2026-03-05T09:30', description: 'park time (Asia/Shanghai) YYYY-MM-DDTHH:mm, or an ISO 8601 instant with offset' })
  @Transform(trim) @IsString() @Matches(TIME, { message: 'dateTime' })
  startsAt: string;

  @ApiProperty({ example: '2026-03-05T11:30' }) @Transform(trim) @IsString() @Matches(TIME, { message: 'dateTime' })
  endsAt: string;

  @ApiProperty({ maxLength: 200 }) @Transform(trim) @IsString() @MinLength(1) @MaxLength(200)
  location: string;

  @ApiPropertyOptional({ minimum: 1, description: 'seats; empty or absent = no limit' })
  @IsOptional() @Transform(optionalInt) @IsInt() @Min(1) @Max(1_000_000)
  capacity?: number;

  @ApiProperty({ enum: AUDIENCES, description: 'who must attend' }) @IsIn(AUDIENCES)
  audience: Audience;

  @ApiPropertyOptional({ type: [String], description: 'GB/T 4754 division codes (audience=industries)' })
  @IsOptional() @Transform(list(false)) @IsArray() @ArrayMaxSize(AUDIENCE_FILTER_MAX, { message: `tooManyItems {"limit":${AUDIENCE_FILTER_MAX}}` }) @IsIn(INDUSTRY_CODES, { each: true })
  industries?: string[];

  @ApiPropertyOptional({ type: [Number], description: 'building ids (audience=buildings)' })
  @IsOptional() @Transform(list(true)) @IsArray() @ArrayMaxSize(AUDIENCE_FILTER_MAX, { message: `tooManyItems {"limit":${AUDIENCE_FILTER_MAX}}` }) @IsInt({ each: true }) @Min(1, { each: true })
  buildingIds?: number[];

  @ApiPropertyOptional({ type: [Number], description: 'tenant ids (audience=tenants)' })
  @IsOptional() @Transform(list(true)) @IsArray() @ArrayMaxSize(AUDIENCE_FILTER_MAX, { message: `tooManyItems {"limit":${AUDIENCE_FILTER_MAX}}` }) @IsInt({ each: true }) @Min(1, { each: true })
  tenantIds?: number[];
}

export class ScheduleSessionDto extends SessionFormDto {
  @ApiPropertyOptional({ enum: RECURRENCES, description: 'repeat as a series (one session per occurrence) until untilDate' })
  @IsOptional() @Transform(blank) @IsIn(RECURRENCES)
  repeat?: Recurrence;

  @ApiPropertyOptional({ example: '2026-06-30', description: 'park-zone date, required with repeat' })
  @IsOptional() @Transform(blank) @IsString() @MaxLength(10)
  untilDate?: string;
}

export const EDIT_SCOPES = ['one', 'following'] as const;
export type EditScope = (typeof EDIT_SCOPES)[number];

export class EditSessionDto extends SessionFormDto {
  @ApiPropertyOptional({ enum: EDIT_SCOPES, default: 'one', description: 'in a series: this session only, or this one and the later ones' })
  @IsOptional() @Transform(blank) @IsIn(EDIT_SCOPES)
  scope?: EditScope;
}

export class CancelSessionDto {
  @ApiProperty({ maxLength: TRAINING_REASON_MAX }) @Transform(trim) @IsString() @MinLength(1) @MaxLength(TRAINING_REASON_MAX) @MultilineText()
  reason: string;
}

export const SESSION_WHEN = ['upcoming', 'past'] as const;

export class SessionQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: SESSION_WHEN, default: 'upcoming' }) @IsOptional() @Transform(blank) @IsIn(SESSION_WHEN)
  when?: (typeof SESSION_WHEN)[number];

  @ApiPropertyOptional({ enum: TRAINING_KINDS }) @IsOptional() @Transform(blank) @IsIn(TRAINING_KINDS)
  kind?: TrainingKind;

  @ApiPropertyOptional({ enum: SESSION_STATUSES }) @IsOptional() @Transform(blank) @IsIn(SESSION_STATUSES)
  status?: SessionStatus;

  @ApiPropertyOptional({ example: '2026-03', description: 'park-zone month' })
  @IsOptional() @Transform(blank) @Matches(/^\d{4}-(0[1-9]|1[0-2])$/, { message: 'format' })
  month?: string;
}

export class SessionIdDto {
  @ApiProperty() @Type(() => Number) @IsInt() @Min(1)
  id: number;
}
