import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, LessThan } from 'typeorm';
import { JobHandler } from '../../queue/job-handler.decorator.js';
import { SessionEntity } from '../entities/session.entity.js';
import { LoginThrottleService } from '../login-throttle.service.js';
import { PasswordResetService } from '../password-reset.service.js';

/**
 * Every hour: deletes expired sessions (logins past their idle lifetime, anonymous ones past ANONYMOUS_SESSION_MS)
 * login-throttle counters that no longer block or count, and expired "forgot password" links.
 */
@Injectable()
export class PruneSessionsJob {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly throttle: LoginThrottleService,
    private readonly resets: PasswordResetService,
  ) {}

  @JobHandler('maintenance.sessions')
  async run(): Promise<{ deleted: number; throttles: number; resetLinks: number }> {
    const result = await this.dataSource.getRepository(SessionEntity).delete({ expiresAt: LessThan(String(Date.now())) });
    return { deleted: result.affected ?? 0, throttles: await this.throttle.prune(), resetLinks: await this.resets.prune() };
  }
}
