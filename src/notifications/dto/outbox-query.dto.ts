import { IsIn, IsOptional } from 'class-validator';
import { PageQueryDto } from '../../common/pagination.js';
import { OUTBOX_STATUSES, type OutboxStatus } from '../domain/outbox.rules.js';

export class OutboxQueryDto extends PageQueryDto {
  @IsOptional() @IsIn(OUTBOX_STATUSES)
  status?: OutboxStatus;
}
