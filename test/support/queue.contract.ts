import { nextOccurrence } from '../../src/queue/domain/cron.rules.js';
import { PermanentJobError, type JobContext, type JobHandlerFn, type QueuePort, type ScheduleDefinition } from '../../src/queue/queue.port.js';

/*
 * The behaviour every QueuePort adapter must have, run against each of them:
 * src/queue/adapters/in-process-queue.adapter.spec.ts and test/e2e/bull-queue.e2e-suite.ts.
 * Job names here are not in JOBS, so a job gets one try unless the test says otherwise.
 */

/** Polls until `check` holds; fails with `what` after `timeoutMs`. */
export async function waitFor(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 2_500): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await sleep(10);
  }
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

interface Call {
  data: Record<string, unknown>;
  ctx: JobContext;
  at: number;
}

/** A handler that records its calls and then does `body`. */
function recorder(body: (call: Call) => Promise<unknown> = async () => undefined): { fn: JobHandlerFn; calls: Call[] } {
  const calls: Call[] = [];
  return {
    calls,
    fn: async (data, ctx) => {
      const call = { data, ctx, at: Date.now() };
      calls.push(call);
      await body(call);
    },
  };
}

const handlersOf = (entries: Record<string, JobHandlerFn>): ReadonlyMap<string, JobHandlerFn> => new Map(Object.entries(entries));

// Timers can fire up to a millisecond early by the wall clock.
const CLOCK_SLACK_MS = 5;

export function queueContract(name: string, make: () => Promise<QueuePort>): void {
  describe(`QueuePort contract: ${name}`, () => {
    let queue: QueuePort;

    beforeEach(async () => {
      queue = await make();
    });

    afterEach(async () => {
      await queue.close(500);
    });

    it('delivers the data to the handler of the job name, also for jobs enqueued before processing started', async () => {
      const echo = recorder();
      const other = recorder();
      const id = await queue.enqueue('test.echo', { tenantId: 42, note: 'ünïcode', flag: true, nothing: null });
      await queue.startProcessing(handlersOf({ 'test.echo': echo.fn, 'test.other': other.fn }), 1);
      await waitFor('the echo job', () => echo.calls.length === 1);
      expect(echo.calls[0].data).toEqual({ tenantId: 42, note: 'ünïcode', flag: true, nothing: null });
      expect(echo.calls[0].ctx).toEqual({ id, name: 'test.echo', attempt: 1, maxAttempts: 1 });
      expect(other.calls).toHaveLength(0);
      await waitFor('completion', async () => (await queue.job(id))?.state === 'completed');
      expect(await queue.job(id)).toMatchObject({ id, name: 'test.echo', state: 'completed', attemptsMade: 1, failedReason: null });
    });

    it('runs at most `concurrency` jobs at the same time', async () => {
      let running = 0;
      let peak = 0;
      const slow = recorder(async () => {
        running++;
        peak = Math.max(peak, running);
        await sleep(100);
        running--;
      });
      await queue.startProcessing(handlersOf({ 'test.slow': slow.fn }), 2);
      for (let i = 0; i < 6; i++) await queue.enqueue('test.slow', { i });
      await waitFor('six slow jobs', async () => (await queue.counts()).completed === 6, 2_800);
      expect(slow.calls).toHaveLength(6);
      expect(peak).toBe(2);
    });

    it('retries a failing job with exponential backoff until it succeeds', async () => {
      const flaky = recorder(async ({ ctx }) => {
        if (ctx.attempt < 3) throw new Error(`try ${ctx.attempt} failed`);
      });
      await queue.startProcessing(handlersOf({ 'test.flaky': flaky.fn }), 1);
      const id = await queue.enqueue('test.flaky', {}, { attempts: 3, backoffMs: 100 });
      await waitFor('success on the third try', async () => (await queue.job(id))?.state === 'completed');
      expect(flaky.calls.map((c) => c.ctx.attempt)).toEqual([1, 2, 3]);
      expect(flaky.calls.every((c) => c.ctx.maxAttempts === 3)).toBe(true);
      expect(flaky.calls[1].at - flaky.calls[0].at).toBeGreaterThanOrEqual(100 - CLOCK_SLACK_MS);
      expect(flaky.calls[2].at - flaky.calls[1].at).toBeGreaterThanOrEqual(200 - CLOCK_SLACK_MS);
      expect(await queue.job(id)).toMatchObject({ state: 'completed', attemptsMade: 3, maxAttempts: 3 });
    });

    it('keeps a job that failed its last try as failed, with reason and tries made', async () => {
      const broken = recorder(async () => {
        throw new Error('smtp refused');
      });
      await queue.startProcessing(handlersOf({ 'test.broken': broken.fn }), 1);
      const id = await queue.enqueue('test.broken', { x: 1 }, { attempts: 2, backoffMs: 0 });
      await waitFor('failure', async () => (await queue.job(id))?.state === 'failed');
      expect(broken.calls).toHaveLength(2);
      expect(await queue.job(id)).toMatchObject({ id, state: 'failed', failedReason: 'smtp refused', attemptsMade: 2, maxAttempts: 2, data: { x: 1 } });
      expect((await queue.job(id))?.finishedAt).toBeInstanceOf(Date);
      expect((await queue.counts()).failed).toBe(1);
    });

    it('fails a job at once on PermanentJobError, and a job whose name has no handler', async () => {
      const hopeless = recorder(async () => {
        throw new PermanentJobError('tenant deleted');
      });
      await queue.startProcessing(handlersOf({ 'test.hopeless': hopeless.fn }), 1);
      const id = await queue.enqueue('test.hopeless', {}, { attempts: 5, backoffMs: 10 });
      const orphan = await queue.enqueue('test.no-handler', {}, { attempts: 5, backoffMs: 10 });
      await waitFor('both failures', async () => (await queue.counts()).failed === 2);
      expect(hopeless.calls).toHaveLength(1);
      expect(await queue.job(id)).toMatchObject({ state: 'failed', failedReason: 'tenant deleted', attemptsMade: 1, maxAttempts: 5 });
      expect(await queue.job(orphan)).toMatchObject({ state: 'failed', attemptsMade: 1 });
      expect((await queue.job(orphan))?.failedReason).toMatch(/no handler/);
    });

    it('does not run a delayed job before its delay', async () => {
      const later = recorder();
      await queue.startProcessing(handlersOf({ 'test.later': later.fn }), 1);
      const enqueuedAt = Date.now();
      const id = await queue.enqueue('test.later', {}, { delayMs: 300 });
      expect((await queue.job(id))?.state).toBe('delayed');
      expect((await queue.counts()).delayed).toBe(1);
      await waitFor('the delayed job', () => later.calls.length === 1);
      expect(later.calls[0].at - enqueuedAt).toBeGreaterThanOrEqual(300 - CLOCK_SLACK_MS);
    });

    it('deduplicates by jobId while the job is known', async () => {
      const once = recorder();
      const marker = recorder();
      const first = await queue.enqueue('test.once', { v: 1 }, { jobId: 'once-1' });
      const second = await queue.enqueue('test.once', { v: 2 }, { jobId: 'once-1' });
      expect(first).toBe('once-1');
      expect(second).toBe('once-1');
      expect((await queue.counts()).waiting).toBe(1);
      await queue.startProcessing(handlersOf({ 'test.once': once.fn, 'test.marker': marker.fn }), 1);
      await waitFor('the deduplicated job', async () => (await queue.job('once-1'))?.state === 'completed');
      // Still kept as completed: a third enqueue is a no-op too. The marker runs after it would have.
      expect(await queue.enqueue('test.once', { v: 3 }, { jobId: 'once-1' })).toBe('once-1');
      const markerId = await queue.enqueue('test.marker', {});
      await waitFor('the marker job', async () => (await queue.job(markerId))?.state === 'completed');
      expect(once.calls.map((c) => c.data)).toEqual([{ v: 1 }]);
    });

    it('counts, lists newest first, retries failed jobs with attempts reset, and discards jobs not running', async () => {
      let healthy = false;
      const gate = deferred();
      const ok = recorder();
      const fragile = recorder(async () => {
        if (!healthy) throw new Error('not yet');
      });
      const blocking = recorder(() => gate.promise);
      await queue.startProcessing(handlersOf({ 'test.ok': ok.fn, 'test.fragile': fragile.fn, 'test.blocking': blocking.fn }), 1);

      const a = await queue.enqueue('test.ok', { n: 'a' });
      await waitFor('a', async () => (await queue.job(a))?.state === 'completed');
      const b = await queue.enqueue('test.ok', { n: 'b' });
      await waitFor('b', async () => (await queue.job(b))?.state === 'completed');
      const broken = await queue.enqueue('test.fragile', {}, { attempts: 1 });
      await waitFor('the failure', async () => (await queue.job(broken))?.state === 'failed');
      const parked = await queue.enqueue('test.ok', { n: 'parked' }, { delayMs: 60_000 });

      expect(await queue.counts()).toEqual({ waiting: 0, active: 0, delayed: 1, failed: 1, completed: 2 });
      expect((await queue.jobs('completed', 0, 10)).map((j) => j.id)).toEqual([b, a]);
      expect((await queue.jobs('completed', 1, 10)).map((j) => j.id)).toEqual([a]);
      expect((await queue.jobs('completed', 0, 1)).map((j) => j.id)).toEqual([b]);
      expect(await queue.jobs('failed', 0, 10)).toEqual([expect.objectContaining({ id: broken, state: 'failed', failedReason: 'not yet' })]);
      expect(await queue.jobs('delayed', 0, 10)).toEqual([expect.objectContaining({ id: parked, state: 'delayed', data: { n: 'parked' } })]);
      expect(await queue.job('no-such-job')).toBeNull();

      healthy = true;
      expect(await queue.retry(a)).toBe(false);
      expect(await queue.retry('no-such-job')).toBe(false);
      expect(await queue.retry(broken)).toBe(true);
      await waitFor('the retried job', async () => (await queue.job(broken))?.state === 'completed');
      expect(fragile.calls.map((c) => c.ctx.attempt)).toEqual([1, 1]);
      expect(await queue.job(broken)).toMatchObject({ state: 'completed', attemptsMade: 1, failedReason: null });

      expect(await queue.discard(parked)).toBe(true);
      expect(await queue.job(parked)).toBeNull();
      expect(await queue.discard(parked)).toBe(false);
      expect(await queue.discard(a)).toBe(true);
      expect((await queue.counts()).delayed).toBe(0);

      const busy = await queue.enqueue('test.blocking', {});
      await waitFor('the blocking job to start', async () => (await queue.job(busy))?.state === 'active');
      expect(await queue.discard(busy)).toBe(false);
      expect((await queue.jobs('active', 0, 10)).map((j) => j.id)).toEqual([busy]);
      gate.resolve();
      await waitFor('the blocking job to end', async () => (await queue.job(busy))?.state === 'completed');
      expect(ok.calls.map((c) => c.data)).toEqual([{ n: 'a' }, { n: 'b' }]);
    });

    it('lets a discarded jobId be enqueued again', async () => {
      const again = recorder();
      await queue.startProcessing(handlersOf({ 'test.again': again.fn }), 1);
      await queue.enqueue('test.again', { round: 1 }, { jobId: 'again-1' });
      await waitFor('round 1', async () => (await queue.job('again-1'))?.state === 'completed');
      expect(await queue.discard('again-1')).toBe(true);
      await queue.enqueue('test.again', { round: 2 }, { jobId: 'again-1' });
      await waitFor('round 2', () => again.calls.length === 2);
      expect(again.calls.map((c) => c.data)).toEqual([{ round: 1 }, { round: 2 }]);
    });

    it('applies schedules idempotently and removes the ones no longer defined', async () => {
      const zone = 'Asia/Shanghai';
      const defs: ScheduleDefinition[] = [
        { name: 'test.tick', cron: '*/5 * * * *', timeZone: zone },
        { name: 'test.monthEnd', cron: '30 23 L * *', timeZone: zone },
      ];
      const before = new Date();
      await queue.applySchedules(defs);
      await queue.applySchedules(defs);
      const listed = await queue.schedules();
      expect(listed.map((s) => s.name).sort()).toEqual(['test.monthEnd', 'test.tick']);
      for (const entry of listed) {
        const def = defs.find((d) => d.name === entry.name) as ScheduleDefinition;
        expect(entry).toMatchObject({ cron: def.cron, timeZone: zone });
        expect(entry.next).toBeInstanceOf(Date);
        expect((entry.next as Date).getTime()).toBeGreaterThan(before.getTime());
        // Computed from (about) now: at most one occurrence later than the one due next after `before`.
        const due = nextOccurrence(def.cron, zone, before) as Date;
        expect([due.getTime(), nextOccurrence(def.cron, zone, due)?.getTime()]).toContain(entry.next?.getTime());
      }

      await queue.applySchedules([{ name: 'test.tick', cron: '0 9 * * *', timeZone: zone }]);
      expect(await queue.schedules()).toEqual([expect.objectContaining({ name: 'test.tick', cron: '0 9 * * *', timeZone: zone })]);

      await expect(queue.applySchedules([{ name: 'test.bad', cron: 'every minute', timeZone: zone }])).rejects.toThrow(/cron/);
      await queue.applySchedules([]);
      expect(await queue.schedules()).toEqual([]);
    });

    it('close() waits for a running job', async () => {
      let finished = false;
      const started = deferred();
      const slow = recorder(async () => {
        started.resolve();
        await sleep(250);
        finished = true;
      });
      await queue.startProcessing(handlersOf({ 'test.slow': slow.fn }), 1);
      await queue.enqueue('test.slow', {});
      await started.promise;
      await queue.close(2_000);
      expect(finished).toBe(true);
      await expect(queue.enqueue('test.slow', {})).rejects.toThrow();
    });

    it('close() gives up on a job still running after the timeout', async () => {
      const started = deferred();
      const stuck = recorder(async () => {
        started.resolve();
        await new Promise(() => undefined);
      });
      await queue.startProcessing(handlersOf({ 'test.stuck': stuck.fn }), 1);
      await queue.enqueue('test.stuck', {});
      await started.promise;
      await queue.close(100);
      expect(stuck.calls).toHaveLength(1);
    });
  });
}
