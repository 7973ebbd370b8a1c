import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsInt, IsOptional, IsString, Matches, MaxLength, Min, MinLength } from 'class-validator';
import { blank, optionalInt, trim } from '../../../common/dto-transforms.js';
import { ValidationFailedError } from '../../../common/errors/domain-error.js';
import { LocaleQueryDto, PageQueryDto } from '../../../common/pagination.js';
import { MultilineText } from '../../../common/validation.js';
import { REPAIR_STATUSES, REPAIR_SUBJECT_TYPES, type RepairStatus, type RepairSubjectType } from '../../domain/list-kinds.js';

export const STATEMENT_MAX = 5000;
export const NOTE_MAX = 2000;
/** Rectification evidence files per application, all uploads together. */
export const MAX_REPAIR_FILES = 10;
/** Training certificates one application may attach. */
export const MAX_TRAININGS = 10;

/** `finding:<id>` or `list_entry:<id>`. */
export const SUBJECT = /^(finding|list_entry):([1-9]\d{0,9})$/;

export function parseSubject(value: string): { type: RepairSubjectType; id: number } | null {
  const m = SUBJECT.exec(value);
  return m ? { type: m[1] as RepairSubjectType, id: Number(m[2]) } : null;
}

/** A form sends one value or several under the same name; JSON an array. Numbers as given, others left to fail validation. */
const intList = ({ value }: { value: unknown }) => {
  if (value === undefined || value === null || value === '') return [];
  const list = Array.isArray(value) ? value : [value];
  return list.filter((v) => v !== '').map((v) => (typeof v === 'string' && /^\d{1,10}$/.test(v) ? Number(v) : v));
};

/** A tenant officer's application (page: multipart with the evidence in `files`; API: JSON, or multipart). */
export class SubmitRepairDto {
  @ApiProperty({ example: 'finding:12', description: '`finding:<id>` or `list_entry:<id>` (a black or watch entry)' })
  @Transform(trim) @IsString() @Matches(SUBJECT, { message: 'format' })
  subject: string;

  @ApiProperty({ maxLength: STATEMENT_MAX, description: 'what the tenant did to put it right' })
  @Transform(trim) @IsString() @MinLength(1) @MaxLength(STATEMENT_MAX) @MultilineText()
  statement: string;

  @ApiProperty({ description: 'a credit commitment letter the tenant signed in ParkTrust (its signature id: GET /api/v1/repairs/eligibility lists them)' })
  @Transform(optionalInt) @IsInt() @Min(1)
  commitmentSignatureId: number;

  @ApiPropertyOptional({ type: [Number], description: 'training sessions the tenant attended (present or late) whose certificates are attached; required where the rule asks' })
  @IsOptional() @Transform(intList) @IsArray() @ArrayMaxSize(MAX_TRAININGS) @IsInt({ each: true }) @Min(1, { each: true })
  trainingSessionIds?: number[];
}

/** The reviewer's reply (受理): what happens next, or what more is needed. */
export class ReplyRepairDto {
  @ApiProperty({ maxLength: NOTE_MAX })
  @Transform(trim) @IsString() @MinLength(1) @MaxLength(NOTE_MAX) @MultilineText()
  note: string;
}

export const REPAIR_DECISIONS = ['approve', 'reject'] as const;

/** A regulator's decision, always with its reason. */
export class DecideRepairDto {
  @ApiProperty({ enum: REPAIR_DECISIONS }) @IsIn(REPAIR_DECISIONS)
  decision: (typeof REPAIR_DECISIONS)[number];

  @ApiProperty({ maxLength: NOTE_MAX })
  @Transform(trim) @IsString() @MinLength(1) @MaxLength(NOTE_MAX) @MultilineText()
  reason: string;
}

export const DUE_FILTERS = ['overdue', 'soon'] as const;

export class RepairQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: REPAIR_STATUSES }) @IsOptional() @Transform(blank) @IsIn(REPAIR_STATUSES)
  status?: RepairStatus;

  @ApiPropertyOptional({ enum: REPAIR_SUBJECT_TYPES }) @IsOptional() @Transform(blank) @IsIn(REPAIR_SUBJECT_TYPES)
  subjectType?: RepairSubjectType;

  @ApiPropertyOptional({ enum: DUE_FILTERS, description: 'open applications past their deadline, or due within 2 working days (or past)' })
  @IsOptional() @Transform(blank) @IsIn(DUE_FILTERS)
  due?: (typeof DUE_FILTERS)[number];

  @ApiPropertyOptional() @IsOptional() @Transform(optionalInt) @IsInt() @Min(1)
  tenantId?: number;

  /** Any part of the tenant's name or USCC. */
  @ApiPropertyOptional() @IsOptional() @Transform(blank) @IsString() @MaxLength(200)
  q?: string;
}

export class EligibilityQueryDto extends LocaleQueryDto {
  @ApiProperty({ example: 'list_entry:3', description: '`finding:<id>` or `list_entry:<id>`' })
  @Transform(trim) @IsString() @Matches(SUBJECT, { message: 'format' })
  subject: string;
}

/** More evidence takes the files in `files` and no other field: any other is refused by name (`ignore`: fields a browser form carries, such as `_csrf`). */
export function refuseOtherFields(body: Record<string, unknown> | undefined, ignore: readonly string[] = []): void {
  const unknown = Object.keys(body ?? {}).filter((k) => !ignore.includes(k)).slice(0, 20);
  if (unknown.length) throw new ValidationFailedError(Object.fromEntries(unknown.map((k) => [k.slice(0, 100), [{ code: 'unknownField' }]])));
}
