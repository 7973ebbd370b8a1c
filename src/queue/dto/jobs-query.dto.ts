import { IsIn, IsOptional } from 'class-validator';
import { PageQueryDto } from '../../common/pagination.js';
import { JOB_STATES, type JobState } from '../queue.port.js';

export class JobsQueryDto extends PageQueryDto {
  @IsOptional() @IsIn(JOB_STATES)
  state?: JobState;
}
