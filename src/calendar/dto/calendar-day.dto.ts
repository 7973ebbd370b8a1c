import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsISO8601, IsOptional, IsString, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';
import { optionalInt, trim } from '../../common/dto-transforms.js';
import { CALENDAR_DAY_KINDS, CALENDAR_NAME_MAX, CALENDAR_YEAR_MAX, CALENDAR_YEAR_MIN, type CalendarKind } from '../domain/calendar-days.rules.js';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** What a listed day is and what it is called (editing a day on file: the day itself stays). */
export class CalendarDayEditDto {
  @ApiProperty({ enum: CALENDAR_DAY_KINDS, description: 'holiday: a day off (法定节假日); workday: a Saturday or Sunday worked (调休上班)' })
  @IsIn(CALENDAR_DAY_KINDS)
  kind: CalendarKind;

  @ApiProperty({ maxLength: CALENDAR_NAME_MAX, example: '春节' })
  @Transform(trim) @IsString() @MinLength(1) @MaxLength(CALENDAR_NAME_MAX)
  name: string;
}

/** A day to list. */
export class CalendarDayDto extends CalendarDayEditDto {
  @ApiProperty({ format: 'date', example: '2027-10-01' })
  @Transform(trim) @Matches(DATE, { message: 'date' }) @IsISO8601({ strict: true }, { message: 'date' })
  day: string;
}

/** Every day from `from` to `to` (inclusive, at most 31) listed at once with the same kind and name. */
export class CalendarRangeDto extends CalendarDayEditDto {
  @ApiProperty({ format: 'date', example: '2027-02-06' })
  @Transform(trim) @Matches(DATE, { message: 'date' }) @IsISO8601({ strict: true }, { message: 'date' })
  from: string;

  @ApiProperty({ format: 'date', example: '2027-02-12' })
  @Transform(trim) @Matches(DATE, { message: 'date' }) @IsISO8601({ strict: true }, { message: 'date' })
  to: string;
}

export class CalendarYearQueryDto {
  @ApiPropertyOptional({ minimum: CALENDAR_YEAR_MIN, maximum: CALENDAR_YEAR_MAX, description: 'default: this year (park time)' })
  @IsOptional() @Transform(optionalInt) @IsInt() @Min(CALENDAR_YEAR_MIN) @Max(CALENDAR_YEAR_MAX)
  year?: number;
}
