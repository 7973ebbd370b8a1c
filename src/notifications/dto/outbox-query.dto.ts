import { IsIn, IsOptional } from 'class-validator';
import { PageQueryDto } from '../../common/pagination.js';
import { LOCALES } from '../../i18n/messages/index.js';
import { OUTBOX_STATUSES, type OutboxStatus } from '../domain/outbox.rules.js';

export class OutboxQueryDto extends PageQueryDto {
  @IsOptional() @IsIn(OUTBOX_STATUSES)
  status?: OutboxStatus;

  @IsOptional() @IsIn(LOCALES)
  lang?: string;
}
