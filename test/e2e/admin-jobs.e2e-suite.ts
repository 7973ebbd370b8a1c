import { jest } from '@jest/globals';
import type { Role } from '../../src/accounts/domain/roles.js';
import type { UserEntity } from '../../src/accounts/entities/user.entity.js';
import { I18nService } from '../../src/i18n/i18n.service.js';
import { NotificationEntity } from '../../src/notifications/entities/notification.entity.js';
import { OutboxMessageEntity } from '../../src/notifications/entities/outbox-message.entity.js';
import { OutboxService } from '../../src/notifications/outbox.service.js';
import { JobRunner } from '../../src/queue/job-runner.service.js';
import { QueuePort, type JobState, type QueuedJob } from '../../src/queue/queue.port.js';
import { createTenant, createTestApp, login, type Browser, type TestApp } from '../support/test-app.js';
import { anonymousBrowser, auditEntries, loginAs, postForm } from '../support/http-helpers.js';
import { emlFor, mimeHeader, queueOutboxRow, waitFor, waitForOutbox, waitForOutboxSettled } from '../support/outbox-helpers.js';

jest.setTimeout(30_000);

function decode(s: string): string {
  return s.replace(/&#x([0-9a-f]+);/gi, (_, h: string) => String.fromCodePoint(parseInt(h, 16)))
    .replace(/&#(\d+);/g, (_, d: string) => String.fromCodePoint(Number(d)))
    .replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

/** The flash messages of a page, by kind. */
function flashes(html: string): { kind: string; text: string }[] {
  return [...html.matchAll(/<div class="flash flash-(\w+)" role="status">([\s\S]*?)<\/div>/g)].map((m) => ({ kind: m[1], text: decode(m[2]).trim() }));
}

/** The number on each state/status tile of a system page, keyed by its class suffix. */
function tiles(html: string, prefix: 'state' | 'status'): Record<string, number> {
  return Object.fromEntries([...html.matchAll(new RegExp(`<a class="stat ${prefix}-([\\w-]+)[^"]*"[^>]*>\\s*<span class="num">([\\d,]+)</span>`, 'g'))]
    .map((m) => [m[1], Number(m[2].replace(/,/g, ''))]));
}

describe('system pages: jobs, schedules, outbox (admin)', () => {
  let t: TestApp;
  let admin: UserEntity;
  let browser: Browser;

  beforeAll(async () => {
    t = await createTestApp({ LOGIN_RATE_PER_MINUTE: '1000' });
    ({ user: admin, browser } = await loginAs(t, 'admin'));
  });
  afterAll(async () => {
    await t?.close();
  });

  const queue = () => t.get(QueuePort);
  const outboxRows = () => t.dataSource.getRepository(OutboxMessageEntity);

  function waitForJob(id: string, state: JobState): Promise<QueuedJob> {
    return waitFor(`job ${id} to be ${state}`, async () => {
      const job = await queue().job(id);
      return job?.state === state ? job : null;
    });
  }

  /** A job that fails at once: outbox.send without a usable outboxId is a PermanentJobError. */
  async function failedJob(jobId: string): Promise<QueuedJob> {
    await queue().enqueue('outbox.send', { outboxId: 'x' }, { jobId });
    return waitForJob(jobId, 'failed');
  }

  describe('access', () => {
    const ROUTES: { method: 'GET' | 'POST'; path: string }[] = [
      { method: 'GET', path: '/admin/jobs' },
      { method: 'GET', path: '/admin/jobs?state=failed' },
      { method: 'GET', path: '/admin/schedule' },
      { method: 'GET', path: '/admin/outbox' },
      { method: 'POST', path: '/admin/jobs/some%3Ajob/retry' },
      { method: 'POST', path: '/admin/jobs/some%3Ajob/discard' },
      { method: 'POST', path: '/admin/outbox/1/resend' },
      { method: 'POST', path: '/admin/outbox/test' },
    ];
    const ROLES: Role[] = ['park_staff', 'tenant_officer', 'evaluator', 'regulator'];

    it.each(ROLES)('a %s gets 403 on every system page and action, and sends nothing', async (role) => {
      const tenant = role === 'tenant_officer' ? await createTenant(t) : undefined;
      const { user, browser: other } = await loginAs(t, role, { tenantId: tenant?.id });
      const statuses = [];
      for (const r of ROUTES) {
        const res = r.method === 'GET' ? await other.agent.get(r.path) : await postForm(other, r.path);
        statuses.push(`${r.method} ${r.path} ${res.status}`);
      }
      expect(statuses).toEqual(ROUTES.map((r) => `${r.method} ${r.path} 403`));
      expect(await outboxRows().countBy({ userId: user.id, template: 'test-message' })).toBe(0);
    });

    it('anonymous visitors are sent to the login page', async () => {
      const anon = await anonymousBrowser(t);
      for (const r of ROUTES) {
        const res = r.method === 'GET' ? await anon.agent.get(r.path) : await postForm(anon, r.path);
        expect([r.path, res.status, res.headers.location]).toEqual([r.path, 303, `/login?next=${encodeURIComponent(r.path)}`]);
      }
    });

    it('the admin navigation and the home tiles link the three pages; others see none of them', async () => {
      const home = await browser.agent.get('/').expect(200);
      for (const path of ['/admin/jobs', '/admin/schedule', '/admin/outbox']) {
        expect(home.text).toContain(`<a class="tile" href="${path}">`);
        expect(home.text).toMatch(new RegExp(`<details class="navgroup">[\\s\\S]*href="${path}"[\\s\\S]*</details>`));
      }
      const { browser: staff } = await loginAs(t, 'park_staff');
      const staffHome = await staff.agent.get('/').expect(200);
      for (const path of ['/admin/jobs', '/admin/schedule', '/admin/outbox']) expect(staffHome.text).not.toContain(path);
    });
  });

  describe('jobs', () => {
    it('shows the mode, the counts per state and a failed job with its error and attempts', async () => {
      const id = `test:shown@${Date.now()}-1`;
      await failedJob(id);
      const res = await browser.agent.get('/admin/jobs?state=failed').expect(200);
      const html = res.text;
      // Scheduled jobs may complete meanwhile; failed ones change only by this test's doing.
      const counts = await queue().counts();
      const shown = tiles(html, 'state');
      expect(Object.keys(shown).sort()).toEqual(['active', 'completed', 'delayed', 'failed', 'waiting']);
      expect(shown.failed).toBe(counts.failed);
      expect(counts.failed).toBeGreaterThanOrEqual(1);
      expect(html).toContain(queue().kind === 'in-process' ? '运行方式：进程内运行' : '运行方式：Bull');
      expect(html).toContain('本进程处理任务。');

      const row = html.split('<tr>').find((r) => r.includes(`<code class="jobid">${id}</code>`));
      expect(row).toBeDefined();
      expect(row).toContain('发送邮件');
      expect(row).toContain('<code class="muted">outbox.send</code>');
      expect(decode(row!)).toContain('{"outboxId":"x"}');
      expect(decode(row!)).toContain('outbox.send needs an outboxId, got "x"');
      expect(row).toContain('1 / 8');
      const encoded = encodeURIComponent(id);
      expect(encoded).toMatch(/%3A.*%40/);
      expect(row).toContain(`action="/admin/jobs/${encoded}/retry"`);
      expect(row).toContain(`action="/admin/jobs/${encoded}/discard"`);
    });

    it('lists other states on their tab, paginated; an unknown state is a 400', async () => {
      // The admin's own account-created e-mail was sent by a job that completed.
      await waitFor('a completed job', async () => (await queue().counts()).completed > 0);
      const res = await browser.agent.get('/admin/jobs?state=completed&pageSize=1').expect(200);
      expect(res.text).toContain('class="stat state-completed current"');
      expect(res.text.match(/<code class="jobid">/g)).toHaveLength(1);
      expect(res.text).not.toContain('/retry"');
      const completed = (await queue().counts()).completed;
      // One page needs no pager; more get one with a next link.
      if (completed > 1) expect(res.text).toContain('rel="next"');
      else expect(res.text).not.toContain('class="pager"');
      await browser.agent.get('/admin/jobs?state=waiting').expect(200);
      await browser.agent.get('/admin/jobs?state=bogus').expect(400);
    });

    it('retry puts a failed job back and it runs again; audited; a job that has not failed is refused', async () => {
      // A message to a bad address fails its job for good; an admin fixes the address, then retries the job.
      const message = await queueOutboxRow(t, { recipient: 'not-an-address', template: 'test-message', params: JSON.stringify({ adminName: 'A', recipientName: 'B', link: '' }) });
      const jobId = `outbox-${message.id}-a1`;
      await waitForOutbox(t, message.id, 'failed');
      const failed = await waitForJob(jobId, 'failed');
      expect(failed.failedReason).toContain('invalid recipient address');
      await outboxRows().update({ id: message.id }, { recipient: 'fixed@test.parktrust.cn', status: 'queued', attempts: 0, lastError: null });

      const res = await postForm(browser, `/admin/jobs/${encodeURIComponent(jobId)}/retry`, { state: 'failed' });
      expect(res.status).toBe(303);
      expect(res.headers.location).toBe('/admin/jobs?state=failed');
      await waitForJob(jobId, 'completed');
      await waitForOutbox(t, message.id, 'sent');
      const page = await browser.agent.get('/admin/jobs?state=failed').expect(200);
      expect(flashes(page.text)).toEqual([{ kind: 'success', text: `任务 ${jobId} 已重新排队。` }]);

      const entries = await auditEntries(t, { action: 'job.retry', entityId: jobId });
      expect(entries).toHaveLength(1);
      expect(entries[0].actorId).toBe(admin.id);
      expect(entries[0].entityType).toBe('job');
      expect(JSON.parse(entries[0].before as string)).toMatchObject({ id: jobId, name: 'outbox.send', state: 'failed' });

      // The job is completed now: retrying it is refused with a message and leaves no audit entry.
      const again = await postForm(browser, `/admin/jobs/${encodeURIComponent(jobId)}/retry`, { state: 'completed' });
      expect(again.status).toBe(303);
      expect(again.headers.location).toBe('/admin/jobs?state=completed');
      const refused = await browser.agent.get('/admin/jobs?state=completed').expect(200);
      expect(flashes(refused.text)).toEqual([{ kind: 'error', text: `任务 ${jobId} 不处于失败状态，无法重试。` }]);
      expect(await auditEntries(t, { action: 'job.retry', entityId: jobId })).toHaveLength(1);
    });

    it('discard removes a failed job (ids with ":" "@" "-" URL-encoded); audited; unknown ids are 404', async () => {
      const id = `test:discard@${new Date().toISOString()}-x`;
      await failedJob(id);
      const before = (await queue().counts()).failed;
      const res = await postForm(browser, `/admin/jobs/${encodeURIComponent(id)}/discard`, { state: 'failed' });
      expect(res.status).toBe(303);
      expect(await queue().job(id)).toBeNull();
      expect((await queue().counts()).failed).toBe(before - 1);
      const page = await browser.agent.get('/admin/jobs?state=failed').expect(200);
      expect(flashes(page.text)).toEqual([{ kind: 'success', text: `任务 ${id} 已丢弃。` }]);
      expect(page.text).not.toContain(`<code class="jobid">${id}</code>`);
      const entries = await auditEntries(t, { action: 'job.discard' });
      expect(entries.map((e) => JSON.parse(e.before as string).id)).toContain(id);

      await postForm(browser, `/admin/jobs/${encodeURIComponent(id)}/discard`).expect(404);
      await postForm(browser, `/admin/jobs/${encodeURIComponent(id)}/retry`).expect(404);
      await postForm(browser, `/admin/jobs/${'x'.repeat(300)}/retry`).expect(404);
      // Without the CSRF token nothing happens.
      const kept = `test:csrf@${Date.now()}`;
      await failedJob(kept);
      await browser.agent.post(`/admin/jobs/${encodeURIComponent(kept)}/discard`).type('form').send({}).expect(403);
      expect((await queue().job(kept))?.state).toBe('failed');
    });
  });

  describe('schedule', () => {
    it('explains each recurring job in words, with its zone and next run in park time', async () => {
      const res = await browser.agent.get('/admin/schedule').expect(200);
      const html = decode(res.text);
      for (const words of ['每月最后一天 23:30', '每天 09:00', '每分钟', '每 5 分钟', '每小时第 15 分', '每天 02:30']) expect(html).toContain(words);
      expect(html).toContain('月末评分');
      expect(html).toContain('<code>30 23 L * *</code>');
      expect(html).toContain('Asia/Shanghai');
      expect(html).not.toContain('本进程不运行定时任务');

      const entries = await queue().schedules();
      expect(entries.map((e) => e.name).sort()).toEqual(['audit.checkpoint', 'cycle.monthEnd', 'lists.daily', 'maintenance.sessions', 'outbox.relay', 'reminders.daily', 'sampling.daily', 'sampling.drawExecutions', 'trainings.mark-absent']);
      const monthEnd = entries.find((e) => e.name === 'cycle.monthEnd')!;
      const row = html.split('<tr>').find((r) => r.includes('<code class="muted">cycle.monthEnd</code>'))!;
      expect(row).toContain(t.get(I18nService).formatDateTime(monthEnd.next, 'zh-CN'));
      expect(row).toMatch(/\d{4}-\d\d-(28|29|30|31) 23:30/);

      const en = await browser.agent.get('/admin/schedule?lang=en').expect(200);
      expect(en.text).toContain('on the last day of every month at 23:30');
      expect(en.text).toContain('every 5 minutes');
      expect(en.text).toContain('Month-end scoring');
      await browser.agent.get('/admin/schedule?lang=zh-CN').expect(200);
    });

    it('says so when this process does not run jobs (a web process in Bull mode: the worker does)', async () => {
      const runsJobs = jest.spyOn(t.get(JobRunner), 'runsJobs', 'get').mockReturnValue(false);
      try {
        const schedule = decode((await browser.agent.get('/admin/schedule').expect(200)).text);
        expect(schedule).toContain('本进程不运行定时任务：使用 Redis 队列时，由 worker 进程（dist/worker.js）注册并触发定时任务。');
        const jobs = decode((await browser.agent.get('/admin/jobs').expect(200)).text);
        expect(jobs).toContain('本进程只负责入队，任务由 worker 进程处理。');
        expect(jobs).not.toContain('本进程处理任务。');
      } finally {
        runsJobs.mockRestore();
      }
      expect(decode((await browser.agent.get('/admin/schedule').expect(200)).text)).not.toContain('本进程不运行定时任务');
    });

    it('says so when this instance does not run schedules', async () => {
      const off = await createTestApp({ LOGIN_RATE_PER_MINUTE: '1000', SCHEDULES_ENABLED: 'false' });
      try {
        const { browser: offAdmin } = await loginAs(off, 'admin');
        const res = await offAdmin.agent.get('/admin/schedule').expect(200);
        expect(decode(res.text)).toContain('本实例已关闭定时任务（SCHEDULES_ENABLED=false）');
        expect(res.text.match(/<span class="badge badge-muted">未注册<\/span>/g)).toHaveLength(9);
        expect(res.text).toContain('每月最后一天 23:30');
      } finally {
        await off.close();
      }
    });
  });

  describe('outbox', () => {
    it('counts messages per status and filters the list by status', async () => {
      const bad = await queueOutboxRow(t, { recipient: 'not-an-address', template: 'test-message', params: JSON.stringify({ adminName: 'A', recipientName: 'B', link: '' }) });
      await waitForOutbox(t, bad.id, 'failed');
      const res = await browser.agent.get('/admin/outbox').expect(200);
      const counts = await t.get(OutboxService).counts();
      expect(tiles(res.text, 'status')).toEqual({ all: counts.queued + counts.sending + counts.sent + counts.failed, ...counts });
      expect(res.text).toContain('未配置 SMTP：邮件写入文件');

      const failed = await browser.agent.get('/admin/outbox?status=failed').expect(200);
      const row = decode(failed.text).split('<tr>').find((r) => r.includes(`<td>${bad.id}</td>`));
      expect(row).toBeDefined();
      expect(row).toContain('not-an-address');
      expect(row).toContain('测试邮件');
      expect(row).toContain('invalid recipient address "not-an-address"');
      expect(row).toContain(`action="/admin/outbox/${bad.id}/resend"`);
      expect(row).toContain('1 / 10');

      const sent = await browser.agent.get('/admin/outbox?status=sent').expect(200);
      expect(sent.text).not.toContain(`<td>${bad.id}</td>`);
      expect(sent.text).not.toContain('/resend"');
      await browser.agent.get('/admin/outbox?status=lost').expect(400);
    });

    it('resend queues a failed message again (audited); once the address is fixed it is sent', async () => {
      const message = await queueOutboxRow(t, { recipient: 'not-an-address', template: 'test-message', params: JSON.stringify({ adminName: 'A', recipientName: 'B', link: '' }) });
      const failed = await waitForOutbox(t, message.id, 'failed');
      expect(failed.lastError).toBe('invalid recipient address "not-an-address"');
      expect(failed.attempts).toBe(1);
      // A failed message stays failed: nothing retries it on its own.
      await outboxRows().update({ id: message.id }, { recipient: 'fixed.address@test.parktrust.cn' });

      const res = await postForm(browser, `/admin/outbox/${message.id}/resend`, { status: 'failed' });
      expect(res.status).toBe(303);
      expect(res.headers.location).toBe('/admin/outbox?status=failed');
      const entries = await auditEntries(t, { action: 'outbox.resend', entityId: String(message.id) });
      expect(entries).toHaveLength(1);
      expect(JSON.parse(entries[0].after as string)).toEqual({ status: 'queued' });
      const sent = await waitForOutbox(t, message.id, 'sent');
      expect(sent.attempts).toBe(1);
      expect(sent.lastError).toBeNull();
      expect(emlFor(t, message.id)).toContain('fixed.address@test.parktrust.cn');
      const page = await browser.agent.get('/admin/outbox?status=failed').expect(200);
      expect(flashes(page.text)).toEqual([{ kind: 'success', text: `邮件 #${message.id} 已重新排队。` }]);

      // Only failed messages can be resent.
      await postForm(browser, `/admin/outbox/${message.id}/resend`).expect(303);
      const refused = await browser.agent.get('/admin/outbox').expect(200);
      expect(flashes(refused.text)).toEqual([{ kind: 'error', text: '只有发送失败的邮件才能重发。' }]);
      expect(await auditEntries(t, { action: 'outbox.resend', entityId: String(message.id) })).toHaveLength(1);
      await postForm(browser, '/admin/outbox/99999999/resend').expect(404);
      await postForm(browser, '/admin/outbox/abc/resend').expect(400);
    });

    it('a template with a missing variable fails the message, naming the template and the variable', async () => {
      const message = await queueOutboxRow(t, { recipient: 'someone@test.parktrust.cn', template: 'account-created', params: '{}' });
      const failed = await waitForOutboxSettled(t, message.id);
      expect(failed.status).toBe('failed');
      expect(failed.lastError).toContain('"account-created"');
      expect(failed.lastError).toMatch(/variable "(recipientName|role|email)" is missing/);
      expect(failed.sentAt).toBeNull();
      expect(emlFor(t, message.id)).toBeNull();
      const page = decode((await browser.agent.get('/admin/outbox?status=failed').expect(200)).text);
      expect(page).toContain(failed.lastError!);
    });

    it('"send a test e-mail to me" sends the admin a test message and a notice', async () => {
      const res = await postForm(browser, '/admin/outbox/test');
      expect(res.status).toBe(303);
      expect(res.headers.location).toBe('/admin/outbox');
      const page = await browser.agent.get('/admin/outbox').expect(200);
      expect(flashes(page.text)).toEqual([{ kind: 'success', text: `测试邮件已排队，将发送到 ${admin.email}。` }]);

      const message = await outboxRows().findOneOrFail({ where: { userId: admin.id, template: 'test-message' }, order: { id: 'DESC' } });
      expect(message.recipient).toBe(admin.email);
      expect(JSON.parse(message.params)).toMatchObject({ adminName: admin.name });
      await waitForOutbox(t, message.id, 'sent');
      const eml = await waitFor('the test message file', async () => emlFor(t, message.id));
      expect(mimeHeader(eml, 'Subject')).toBe('测试邮件');
      expect(eml).toMatch(/^Content-Type: text\/plain/im);
      expect(eml).toMatch(/^Content-Type: text\/html/im);
      expect(await t.dataSource.getRepository(NotificationEntity).countBy({ userId: admin.id, template: 'test-message' })).toBeGreaterThanOrEqual(1);

      // A second click is a second message (the dedupe key carries the time).
      await new Promise((resolve) => setTimeout(resolve, 5));
      await postForm(browser, '/admin/outbox/test').expect(303);
      expect(await outboxRows().countBy({ userId: admin.id, template: 'test-message' })).toBeGreaterThanOrEqual(2);
    });

    it('the admin pages answer a browser in English too', async () => {
      const en = await login(t, admin.email);
      await en.agent.get('/locale/en?next=/admin/outbox').expect(303);
      const outbox = await en.agent.get('/admin/outbox').expect(200);
      expect(outbox.text).toContain('E-mail outbox');
      expect(outbox.text).toContain('Send me a test message');
      const jobs = await en.agent.get('/admin/jobs').expect(200);
      expect(jobs.text).toContain('Job queue');
      expect(jobs.text).toContain('Failed');
    });
  });
});
