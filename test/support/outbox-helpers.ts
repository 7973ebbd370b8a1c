import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { OutboxMessageEntity } from '../../src/notifications/entities/outbox-message.entity.js';
import type { OutboxStatus } from '../../src/notifications/domain/outbox.rules.js';
import { QueuePort } from '../../src/queue/queue.port.js';
import type { TestApp } from './test-app.js';

/** Polls `probe` until it returns something truthy; fails with `what` after `timeoutMs`. */
export async function waitFor<T>(what: string, probe: () => Promise<T | null | undefined | false>, timeoutMs = 10_000, everyMs = 50): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}

/** Waits until outbox message `id` has `status` (the in-process runner sends it in the background). */
export function waitForOutbox(t: TestApp, id: number, status: OutboxStatus, timeoutMs = 10_000): Promise<OutboxMessageEntity> {
  return waitFor(`outbox message ${id} to be ${status}`, async () => {
    const row = await t.dataSource.getRepository(OutboxMessageEntity).findOneBy({ id });
    return row?.status === status ? row : null;
  }, timeoutMs);
}

/** Waits until outbox message `id` is done with (sent or failed), whichever it becomes. */
export function waitForOutboxSettled(t: TestApp, id: number, timeoutMs = 10_000): Promise<OutboxMessageEntity> {
  return waitFor(`outbox message ${id} to be sent or failed`, async () => {
    const row = await t.dataSource.getRepository(OutboxMessageEntity).findOneBy({ id });
    return row && (row.status === 'sent' || row.status === 'failed') ? row : null;
  }, timeoutMs);
}

let seq = 0;

/**
 * Writes an outbox row directly (as a feature's transaction would) and enqueues its send job through
 * the queue port, with the job id the service uses for a first try.
 */
export async function queueOutboxRow(t: TestApp, fields: Partial<OutboxMessageEntity> & Pick<OutboxMessageEntity, 'recipient' | 'template' | 'params'>): Promise<OutboxMessageEntity> {
  const repo = t.dataSource.getRepository(OutboxMessageEntity);
  const row = await repo.save(repo.create({
    dedupeKey: `test:${Date.now()}:${++seq}:${Math.random()}`.slice(0, 190),
    userId: null, locale: 'zh-CN', status: 'queued', attempts: 0,
    lastError: null, nextAttemptAt: null, lockedUntil: null, sentAt: null, messageId: null,
    ...fields,
  }));
  await t.get(QueuePort).enqueue('outbox.send', { outboxId: row.id }, { jobId: `outbox-${row.id}-a1` });
  return row;
}

/** The .eml file the embedded transport wrote for outbox message `id`, or null. */
export function emlFor(t: TestApp, id: number): string | null {
  const dir = join(t.config.dataDir, 'mail');
  if (!existsSync(dir)) return null;
  const file = readdirSync(dir).find((f) => f.endsWith(`-outbox-${id}_parktrust.eml`));
  return file ? readFileSync(join(dir, file), 'utf8') : null;
}

/** A header of a MIME message, unfolded, with RFC 2047 encoded words decoded. */
export function mimeHeader(eml: string, name: string): string | null {
  const head = eml.split(/\r?\n\r?\n/)[0].replace(/\r?\n[ \t]+/g, ' ');
  const line = new RegExp(`^${name}:[ \\t]*(.*)$`, 'im').exec(head)?.[1];
  if (line === undefined) return null;
  return line
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(/=\?([^?]+)\?([bBqQ])\?([^?]*)\?=/g, (_, _charset: string, enc: string, text: string) =>
      enc.toUpperCase() === 'B'
        ? Buffer.from(text, 'base64').toString('utf8')
        : Buffer.from(text.replace(/_/g, ' ').replace(/=([0-9A-F]{2})/gi, (_m, h: string) => String.fromCharCode(parseInt(h, 16))), 'latin1').toString('utf8'));
}
