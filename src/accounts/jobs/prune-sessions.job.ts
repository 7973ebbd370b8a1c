import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, LessThan } from 'typeorm';
import { JobHandler } from '../../queue/job-handler.decorator.js';
import { SessionEntity } from '../entities/session.entity.js';

/** Deletes expired sessions every hour: logins past their idle lifetime, anonymous ones past ANONYMOUS_SESSION_MS. */
@Injectable()
export class PruneSessionsJob {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  @JobHandler('maintenance.sessions')
  async run(): Promise<{ deleted: number }> {
    const result = await this.dataSource.getRepository(SessionEntity).delete({ expiresAt: LessThan(String(Date.now())) });
    return { deleted: result.affected ?? 0 };
  }
}
