import { queueContract, waitFor } from '../../../test/support/queue.contract.js';
import type { JobContext, JobHandlerFn } from '../queue.port.js';
import {
  InProcessQueueAdapter,
  MAX_TIMER_MS,
  setTimerAt,
  systemClock,
  type QueueClock,
  type TimerHandle,
} from './in-process-queue.adapter.js';
import { retryPolicyFor } from '../retry-policy.js';

queueContract('in-process', async () => new InProcessQueueAdapter());

/** A clock whose time and timers the test moves by hand. */
class ManualClock implements QueueClock {
  time: number;
  readonly timers: { due: number; ms: number; fn: () => void; cleared: boolean }[] = [];

  constructor(start: Date) {
    this.time = start.getTime();
  }

  now(): number {
    return this.time;
  }

  setTimeout(fn: () => void, ms: number): TimerHandle {
    const timer = { due: this.time + ms, ms, fn, cleared: false };
    this.timers.push(timer);
    return { clear: () => (timer.cleared = true) };
  }

  pending() {
    return this.timers.filter((t) => !t.cleared);
  }

  /** Moves time to the earliest pending timer and fires it. */
  fireNext(): void {
    const next = this.pending().sort((a, b) => a.due - b.due)[0];
    if (!next) throw new Error('no pending timer');
    next.cleared = true;
    this.time = Math.max(this.time, next.due);
    next.fn();
  }
}

const handlers = (entries: Record<string, JobHandlerFn>) => new Map(Object.entries(entries));

describe('retryPolicyFor', () => {
  it.each([
    ['outbox.send', {}, { attempts: 8, backoffMs: 5_000 }],
    ['cycle.monthEnd', {}, { attempts: 3, backoffMs: 60_000 }],
    ['outbox.send', { attempts: 2 }, { attempts: 2, backoffMs: 5_000 }],
    ['outbox.send', { backoffMs: 0 }, { attempts: 8, backoffMs: 0 }],
    ['not.a.job', {}, { attempts: 1, backoffMs: 0 }],
    ['not.a.job', { attempts: 0, backoffMs: -5 }, { attempts: 1, backoffMs: 0 }],
    ['not.a.job', { attempts: 4, backoffMs: 250 }, { attempts: 4, backoffMs: 250 }],
  ])('%s with %j → %j', (name, options, expected) => {
    expect(retryPolicyFor(name, options)).toEqual(expected);
  });
});

describe('setTimerAt', () => {
  it('chains timers for waits longer than setTimeout allows', () => {
    const clock = new ManualClock(new Date('2026-01-01T00:00:00Z'));
    let fired = 0;
    setTimerAt(clock, clock.now() + MAX_TIMER_MS + 5_000, () => fired++);
    expect(clock.pending().map((t) => t.ms)).toEqual([MAX_TIMER_MS]);
    clock.fireNext();
    expect(fired).toBe(0);
    expect(clock.pending().map((t) => t.ms)).toEqual([5_000]);
    clock.fireNext();
    expect(fired).toBe(1);
    expect(clock.pending()).toHaveLength(0);
  });

  it('never fires once cleared', () => {
    const clock = new ManualClock(new Date('2026-01-01T00:00:00Z'));
    let fired = 0;
    const handle = setTimerAt(clock, clock.now() + MAX_TIMER_MS + 1, () => fired++);
    clock.fireNext();
    handle.clear();
    expect(clock.pending()).toHaveLength(0);
    expect(fired).toBe(0);
  });

  it('does not keep the process alive (system clock timers are unref-ed)', () => {
    const before = process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
    const handle = systemClock.setTimeout(() => undefined, 60_000);
    // An unref-ed timer is not an active resource.
    expect(process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length).toBe(before);
    handle.clear();
  });
});

describe('InProcessQueueAdapter', () => {
  let queue: InProcessQueueAdapter | undefined;

  afterEach(async () => {
    await queue?.close(500);
    queue = undefined;
  });

  it('takes the retry rule of a known job from JOBS', async () => {
    queue = new InProcessQueueAdapter();
    const id = await queue.enqueue('outbox.send', { outboxId: 1 });
    expect(await queue.job(id)).toMatchObject({ name: 'outbox.send', maxAttempts: 8, state: 'waiting' });
  });

  it('delays a job longer than 2^31-1 ms with chained timers', async () => {
    const clock = new ManualClock(new Date('2026-01-01T00:00:00Z'));
    queue = new InProcessQueueAdapter({ clock });
    const id = await queue.enqueue('test.far', {}, { delayMs: MAX_TIMER_MS + 1_000 });
    clock.fireNext();
    expect((await queue.job(id))?.state).toBe('delayed');
    clock.fireNext();
    expect((await queue.job(id))?.state).toBe('waiting');
  });

  it('fires a schedule at its occurrence with the jobId name@occurrence, then re-arms for the next one', async () => {
    // A clock 60 ms before a minute boundary, running at real speed.
    const boundary = Math.ceil((Date.now() + 1_000) / 60_000) * 60_000;
    const offset = boundary - 60 - Date.now();
    const clock: QueueClock = { now: () => Date.now() + offset, setTimeout: systemClock.setTimeout };
    queue = new InProcessQueueAdapter({ clock });
    const seen: JobContext[] = [];
    await queue.startProcessing(handlers({ 'test.minutely': async (_data, ctx) => void seen.push(ctx) }), 1);
    await queue.applySchedules([{ name: 'test.minutely', cron: '* * * * *', timeZone: 'Asia/Shanghai' }]);
    expect((await queue.schedules())[0].next?.getTime()).toBe(boundary);

    await waitFor('the scheduled run', () => seen.length === 1, 1_500);
    const occurrenceId = `test.minutely@${new Date(boundary).toISOString()}`;
    expect(seen[0]).toMatchObject({ id: occurrenceId, name: 'test.minutely', attempt: 1 });
    expect((await queue.schedules())[0].next?.getTime()).toBe(boundary + 60_000);

    // The occurrence id deduplicates: the same occurrence enqueued again does not run again.
    expect(await queue.enqueue('test.minutely', {}, { jobId: occurrenceId })).toBe(occurrenceId);
    const marker = await queue.enqueue('test.minutely', {});
    await waitFor('the marker', async () => (await queue?.job(marker))?.state === 'completed');
    expect(seen.map((c) => c.id)).toEqual([occurrenceId, marker]);
  });

  it('replaces schedules: old timers are cleared, close() clears the rest', async () => {
    const clock = new ManualClock(new Date('2026-11-27T00:30:00Z'));
    queue = new InProcessQueueAdapter({ clock });
    await queue.applySchedules([
      { name: 'a', cron: '0 9 * * *', timeZone: 'Asia/Shanghai' },
      { name: 'b', cron: '30 23 L * *', timeZone: 'Asia/Shanghai' },
    ]);
    expect(clock.pending()).toHaveLength(2);
    await queue.applySchedules([{ name: 'a', cron: '0 9 * * *', timeZone: 'Asia/Shanghai' }]);
    expect(clock.pending()).toHaveLength(1);
    expect(await queue.schedules()).toEqual([
      { name: 'a', cron: '0 9 * * *', timeZone: 'Asia/Shanghai', next: new Date('2026-11-27T01:00:00Z') },
    ]);
    clock.fireNext();
    expect(await queue.job('a@2026-11-27T01:00:00.000Z')).toMatchObject({ state: 'waiting', name: 'a' });
    expect((await queue.schedules())[0].next).toEqual(new Date('2026-11-28T01:00:00Z'));
    await queue.close(100);
    expect(clock.pending()).toHaveLength(0);
  });

  it('refuses a schedule list naming one job twice', async () => {
    queue = new InProcessQueueAdapter();
    const def = { name: 'a', cron: '0 9 * * *', timeZone: 'Asia/Shanghai' };
    await expect(queue.applySchedules([def, def])).rejects.toThrow(/twice/);
  });

  it('keeps only the newest finished jobs', async () => {
    queue = new InProcessQueueAdapter({ keepFinished: 3 });
    await queue.startProcessing(handlers({ 'test.n': async () => undefined }), 1);
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push(await queue.enqueue('test.n', { i }, { jobId: `n-${i}` }));
    await waitFor('five jobs', async () => (await queue?.job('n-4'))?.state === 'completed');
    expect((await queue.counts()).completed).toBe(3);
    expect((await queue.jobs('completed', 0, 10)).map((j) => j.id)).toEqual(['n-4', 'n-3', 'n-2']);
    expect(await queue.job('n-0')).toBeNull();
  });
});
