import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { isEmail } from 'class-validator';
import { Brackets, DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import { AppConfig } from '../config/app-config.js';
import { ConflictError, NotFoundError } from '../common/errors/domain-error.js';
import { pageWindow, type Page, type PageQueryDto } from '../common/pagination.js';
import type { Actor } from '../common/principal.js';
import { MailRenderer, MailTemplateError } from '../mail/mail-renderer.js';
import { MailTransport, type MailAttachment } from '../mail/mail-transport.js';
import { JobHandler } from '../queue/job-handler.decorator.js';
import { PermanentJobError, type JobContext } from '../queue/queue.port.js';
import { QueueService } from '../queue/queue.service.js';
import { afterAttempt, classifySendError, type OutboxStatus, type SendOutcome } from './domain/outbox.rules.js';
import { OutboxMessageEntity } from './entities/outbox-message.entity.js';
import { datetimeParam, execute } from '../database/raw-sql.js';

const RELAY_BATCH = 500;

/** Sends outbox messages (one job per message) and sweeps up messages whose job was lost. */
@Injectable()
export class OutboxService {
  private readonly logger = new Logger('Outbox');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly renderer: MailRenderer,
    private readonly transport: MailTransport,
    private readonly queue: QueueService,
    private readonly audit: AuditService,
    private readonly config: AppConfig,
  ) {}

  private get repo() {
    return this.dataSource.getRepository(OutboxMessageEntity);
  }

  /**
   * Takes the message for this worker: only a queued message that is due, or one whose previous
   * claim expired (its worker died). A second delivery of the same job finds nothing to claim.
   * The three statements of a send are raw SQL: this is the relay's hot loop, and TypeORM's query
   * building cost more per message than the statements themselves.
   */
  private async claim(id: number, now: Date): Promise<boolean> {
    const claimed = await execute(this.dataSource,
      `UPDATE outbox_messages SET status = 'sending', attempts = attempts + 1, lockedUntil = ?, updatedAt = CURRENT_TIMESTAMP
       WHERE id = ? AND ((status = 'queued' AND (nextAttemptAt IS NULL OR nextAttemptAt <= ?)) OR (status = 'sending' AND lockedUntil < ?))`,
      [datetimeParam(new Date(now.getTime() + this.config.OUTBOX_CLAIM_MS)), id, datetimeParam(new Date(now.getTime() + 1_000)), datetimeParam(now)],
    );
    return claimed > 0;
  }

  @JobHandler('outbox.send')
  async send(data: Record<string, unknown>, ctx: JobContext): Promise<{ outcome: string }> {
    const id = Number(data.outboxId);
    if (!Number.isInteger(id)) throw new PermanentJobError(`outbox.send needs an outboxId, got ${JSON.stringify(data.outboxId)}`);
    const now = new Date();
    if (!(await this.claim(id, now))) return { outcome: 'nothing to send (already sent, not due, or being sent)' };
    const [row] = (await this.dataSource.query(
      'SELECT id, recipient, locale, template, params, attachments, attempts FROM outbox_messages WHERE id = ?', [id],
    )) as (Pick<OutboxMessageEntity, 'recipient' | 'locale' | 'template' | 'params' | 'attachments'> & { id: number | string; attempts: number | string })[];
    const message = { ...row, id: Number(row.id), attempts: Number(row.attempts) };
    const outcome = await this.deliver(message);
    const next = afterAttempt(outcome, message.attempts, new Date(), this.config.OUTBOX_BACKOFF_MS);
    const sent = outcome.kind === 'sent';
    await execute(this.dataSource,
      `UPDATE outbox_messages SET status = ?, nextAttemptAt = ?, lastError = ?, lockedUntil = NULL, updatedAt = CURRENT_TIMESTAMP${sent ? ', sentAt = ?, messageId = ?' : ''} WHERE id = ?`,
      [next.status, datetimeParam(next.nextAttemptAt), next.lastError?.slice(0, 2000) ?? null, ...(sent ? [datetimeParam(new Date()), outcome.messageId] : []), id],
    );
    if (sent) return { outcome: 'sent' };
    this.logger.warn(`message ${id} (${message.template} to ${message.recipient}) try ${message.attempts} failed: ${outcome.error}`);
    if (next.status === 'failed') throw new PermanentJobError(outcome.error);
    // Temporary: fail the job so the queue retries it with backoff; the row is due again at nextAttemptAt.
    throw new Error(`${outcome.error} (try ${message.attempts}, job try ${ctx.attempt}/${ctx.maxAttempts})`);
  }

  private async deliver(message: Pick<OutboxMessageEntity, 'id' | 'recipient' | 'locale' | 'template' | 'params' | 'attachments'>): Promise<SendOutcome> {
    if (!isEmail(message.recipient)) return { kind: 'permanent', error: `invalid recipient address "${message.recipient}"` };
    let rendered;
    try {
      rendered = this.renderer.render(message.template, message.locale, JSON.parse(message.params) as Record<string, unknown>);
    } catch (err) {
      if (err instanceof MailTemplateError) return { kind: 'permanent', error: err.message };
      throw err;
    }
    try {
      const attachments = message.attachments ? (JSON.parse(message.attachments) as MailAttachment[]) : undefined;
      const info = await this.transport.send({ to: message.recipient, ...rendered, messageId: `<outbox-${message.id}@parktrust>`, attachments });
      return { kind: 'sent', messageId: info.messageId };
    } catch (err) {
      const e = err as { code?: string; responseCode?: number; message?: string };
      return { kind: classifySendError(e), error: e.message ?? String(err) };
    }
  }

  /** Enqueues a send job for every message that is due and has no live job (lost on a Redis outage or a crash). */
  @JobHandler('outbox.relay')
  async relay(): Promise<{ enqueued: number }> {
    const now = new Date();
    const due = await this.repo.createQueryBuilder('o')
      .select(['o.id', 'o.attempts'])
      .where(new Brackets((w) => {
        w.where("o.status = 'queued' AND (o.nextAttemptAt IS NULL OR o.nextAttemptAt <= :now)", { now })
          .orWhere("o.status = 'sending' AND o.lockedUntil < :now", { now });
      }))
      .orderBy('o.id', 'ASC')
      .take(RELAY_BATCH)
      .getMany();
    // The job id names the try, so this never duplicates the job that is already waiting for it.
    // Sent together, as the after-commit hook does: one at a time was 500 Redis round trips in a row.
    await Promise.all(due.map((m) => this.queue.enqueue('outbox.send', { outboxId: m.id }, { jobId: `outbox-${m.id}-a${m.attempts + 1}` })));
    return { enqueued: due.length };
  }

  async list(query: PageQueryDto & { status?: OutboxStatus }): Promise<Page<OutboxMessageEntity>> {
    const { page, pageSize, skip } = pageWindow(query);
    const [items, total] = await this.repo.findAndCount({
      where: query.status ? { status: query.status } : {}, order: { id: 'DESC' }, skip, take: pageSize,
    });
    return { items, total, page, pageSize };
  }

  async counts(): Promise<Record<OutboxStatus, number>> {
    const rows = await this.repo.createQueryBuilder('o').select('o.status', 'status').addSelect('COUNT(*)', 'n').groupBy('o.status').getRawMany<{ status: OutboxStatus; n: string }>();
    const out: Record<OutboxStatus, number> = { queued: 0, sending: 0, sent: 0, failed: 0 };
    for (const r of rows) out[r.status] = Number(r.n);
    return out;
  }

  /** An admin sends a failed message again, from a fresh start. */
  async resend(id: number, actor: Actor): Promise<void> {
    await this.dataSource.transaction(async (m) => {
      const message = await m.getRepository(OutboxMessageEntity).findOneBy({ id });
      if (!message) throw new NotFoundError();
      if (message.status !== 'failed') throw new ConflictError('outbox.notFailed');
      await m.getRepository(OutboxMessageEntity).update({ id }, { status: 'queued', attempts: 0, nextAttemptAt: null, lastError: null, lockedUntil: null });
      await this.audit.record(m, actor, { action: 'outbox.resend', entityType: 'outbox_message', entityId: id, before: { status: 'failed', lastError: message.lastError }, after: { status: 'queued' } });
    });
    await this.queue.enqueue('outbox.send', { outboxId: id }, { jobId: `outbox-${id}-r${Date.now()}` }).catch(() => undefined);
  }
}
