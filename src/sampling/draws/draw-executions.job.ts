import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { datetimeParam } from '../../database/raw-sql.js';
import { JobHandler } from '../../queue/job-handler.decorator.js';
import { DRAW_JOB_ACTOR, DrawsService } from './draws.service.js';

/**
 * Announces and runs the draws that are due (every 5 minutes): finds them in two set-based reads
 * (approved programmes; announced draws of superseded ones too), then announces / draws each. Idempotent: every step is a conditional
 * claim in a transaction, so a redelivered job or a second worker finds nothing left to do. A draw
 * that fails is logged and retried by the next run; the others still go ahead.
 */
@Injectable()
export class DrawExecutionsJob {
  private readonly logger = new Logger('Draws');

  constructor(@InjectDataSource() private readonly dataSource: DataSource, private readonly draws: DrawsService) {}

  @JobHandler('sampling.drawExecutions')
  async run(): Promise<{ announced: number; drawn: number; failed: number }> {
    const now = new Date();
    let announced = 0;
    let drawn = 0;
    let failed = 0;
    for (const id of await this.due('planned', 'announceAt', now)) {
      try {
        const before = await this.draws.get(id);
        const after = await this.draws.announce(id, DRAW_JOB_ACTOR, now);
        if (before.status === 'planned' && after.status === 'announced') announced++;
      } catch (err) {
        failed++;
        this.logger.warn(`draw ${id}: announcement failed: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
    for (const id of await this.due('announced', 'drawAt', now)) {
      try {
        if ((await this.draws.execute(id, DRAW_JOB_ACTOR, now)).ranNow) drawn++;
      } catch (err) {
        failed++;
        this.logger.warn(`draw ${id}: draw failed: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
    if (announced || drawn || failed) this.logger.log(`draws: ${announced} announced, ${drawn} drawn, ${failed} failed`);
    return { announced, drawn, failed };
  }

  /**
   * Draws in `status` whose `column` time has come, oldest first: planned ones of approved programmes;
   * announced ones of approved or superseded programmes (an announced draw's commitment is public, so
   * it runs even when an amendment superseded its programme afterwards).
   */
  private async due(status: 'planned' | 'announced', column: 'announceAt' | 'drawAt', now: Date): Promise<number[]> {
    const rows = (await this.dataSource.query(
      `SELECT d.id AS id FROM draws d INNER JOIN sampling_programmes p ON p.id = d.programmeId
       WHERE d.status = ? AND d.${column} <= ? AND p.status IN (${status === 'planned' ? "'approved'" : "'approved', 'superseded'"}) ORDER BY d.${column}, d.id`,
      [status, datetimeParam(now)],
    )) as { id: number }[];
    return rows.map((r) => Number(r.id));
  }
}
