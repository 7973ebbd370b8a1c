import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, MaxLength, Min } from 'class-validator';
import { LocaleQueryDto, PageQueryDto } from '../../../common/pagination.js';
import { trim } from '../../../common/dto-transforms.js';

export class CheckinDto {
  @ApiProperty({ description: 'the 6-digit code shown in the room (the current one or the one before)', example: '123456' })
  @Transform(trim) @IsString() @MaxLength(16)
  code: string;
}

/** The phone page's form: the session chosen and the code. */
export class CheckinFormDto extends CheckinDto {
  @ApiProperty() @Type(() => Number) @IsInt() @Min(1)
  session: number;
}

export class CheckinPageQueryDto extends LocaleQueryDto {
  @ApiPropertyOptional() @IsOptional() @Type(() => Number) @IsInt() @Min(1)
  session?: number;

  @ApiPropertyOptional({ description: 'the code, when the page is opened from the display\'s QR code' })
  @IsOptional() @Transform(trim) @IsString() @MaxLength(16)
  code?: string;
}

export class RollCallQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ description: 'any part of a tenant\'s name, USCC or legal representative' })
  @IsOptional() @Transform(trim) @IsString() @MaxLength(200)
  q?: string;
}

export class CheckinResponse {
  @ApiProperty() sessionId: number;
  @ApiProperty() tenantId: number;
  @ApiProperty({ enum: ['present', 'late'] }) mark: 'present' | 'late';
  @ApiProperty({ description: 'already checked in before (the first mark is kept)' }) already: boolean;
}
