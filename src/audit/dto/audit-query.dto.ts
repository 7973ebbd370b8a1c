import { IsISO8601, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { PageQueryDto } from '../../common/pagination.js';

export class AuditQueryDto extends PageQueryDto {
  /** E-mail prefix or user id of the actor. */
  @IsOptional() @IsString() @MaxLength(190)
  actor?: string;

  @IsOptional() @IsString() @MaxLength(64)
  entityType?: string;

  @IsOptional() @IsString() @MaxLength(64)
  entityId?: string;

  @IsOptional() @IsString() @MaxLength(64)
  action?: string;

  /** UTC instant (ISO-8601), inclusive. Pages convert the park-zone date to it. */
  @IsOptional() @IsISO8601()
  from?: string;

  /** UTC instant (ISO-8601), exclusive. */
  @IsOptional() @IsISO8601()
  to?: string;
}

/** The page form filters by calendar dates in the park's time zone. */
export class AuditPageQueryDto extends AuditQueryDto {
  @IsOptional() @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'date' })
  fromDate?: string;

  @IsOptional() @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'date' })
  toDate?: string;
}
