import { jest } from '@jest/globals';
import { UserEntity } from '../../src/accounts/entities/user.entity.js';
import { MailRenderer } from '../../src/mail/mail-renderer.js';
import { NotificationEntity } from '../../src/notifications/entities/notification.entity.js';
import { OutboxMessageEntity } from '../../src/notifications/entities/outbox-message.entity.js';
import { DraftNoticesJob } from '../../src/scoring/cycle/draft-notices.job.js';
import { MonthRunService } from '../../src/scoring/cycle/month-run.service.js';
import { previousMonth } from '../../src/scoring/domain/month-cycle.rules.js';
import { ScoreMonthEntity } from '../../src/scoring/entities/score-month.entity.js';
import { ScoreSnapshotEntity } from '../../src/scoring/entities/score-snapshot.entity.js';
import type { TenantEntity } from '../../src/tenants/entities/tenant.entity.js';
import { bearer } from '../support/http-helpers.js';
import { emlFor, waitFor } from '../support/outbox-helpers.js';
import { createTenant, createTestApp, createUser, tokenFor, type TestApp } from '../support/test-app.js';

jest.setTimeout(240_000);

const parkDay = (d: Date) => d.toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' });

/**
 * Issue 12, the draft notices: when a month's run first makes it a draft, every tenant's officers
 * get a notice and an e-mail (in their language) with the draft score, grade, change, reasons and
 * the last day they may object, leading to their snapshot; a re-run, a redelivered job or a later
 * tenant's officers get nothing new.
 */
describe('scoring cycle: the draft notices', () => {
  let t: TestApp;
  let A: TenantEntity; let B: TenantEntity;
  let staffToken: string;
  let officerA: UserEntity; let officerB: UserEntity;
  const month = previousMonth(parkDay(new Date()).slice(0, 7));
  const api = (path: string) => `/api/v1/score-months/${path}`;
  const monthRow = () => t.dataSource.getRepository(ScoreMonthEntity).findOneByOrFail({ month });
  const draftNotices = () => t.dataSource.getRepository(NotificationEntity).find({ where: { template: 'score-draft' }, order: { id: 'ASC' } });
  const draftMails = () => t.dataSource.getRepository(OutboxMessageEntity).find({ where: { template: 'score-draft' }, order: { id: 'ASC' } });
  /** Runs the month through the API and waits for its draft of `tenants` snapshots (MySQL keeps whole seconds: a re-run's computedAt may equal the run's). */
  const runAndWait = async (tenants: number, body: Record<string, unknown> = {}) => {
    await t.http().post(api(`${month}/run`)).set(bearer(staffToken)).send(body).expect(202);
    return waitFor(`the run of ${month}`, async () => {
      const row = await t.dataSource.getRepository(ScoreMonthEntity).findOneBy({ month });
      return row && row.status === 'draft' && row.tenantsDone === tenants ? row : null;
    }, 60_000, 100);
  };

  beforeAll(async () => {
    t = await createTestApp({ PARK_TIMEZONE: 'Asia/Shanghai' });
    A = await createTenant(t, { name: '甲草稿通知企业有限公司', movedInAt: '2024-01-10' });
    B = await createTenant(t, { name: '乙草稿通知企业有限公司', movedInAt: '2024-01-10' });
    const staff = await createUser(t, 'park_staff');
    staffToken = await tokenFor(t, staff.id);
    officerA = await t.dataSource.getRepository(UserEntity).findOneByOrFail({ id: (await createUser(t, 'tenant_officer', { tenantId: A.id })).id });
    officerB = await t.dataSource.getRepository(UserEntity).findOneByOrFail({ id: (await createUser(t, 'tenant_officer', { tenantId: B.id })).id });
    await t.dataSource.getRepository(UserEntity).update({ id: officerA.id }, { locale: 'zh-CN' });
    await t.dataSource.getRepository(UserEntity).update({ id: officerB.id }, { locale: 'en' });
  });

  afterAll(async () => {
    await t?.close();
  });

  it('the first run of a month tells each officer its draft, the change, the reasons and the closing date', async () => {
    const row = await runAndWait(2);
    expect(row.objectionClosesOn! >= parkDay(new Date())).toBe(true);
    const notices = await waitFor('the draft notices', async () => {
      const found = await draftNotices();
      return found.length >= 2 ? found : null;
    }, 30_000);
    expect(notices.map((n) => [n.userId, n.link]).sort()).toEqual([
      [officerA.id, `/scores/${month}/tenants/${A.id}`],
      [officerB.id, `/scores/${month}/tenants/${B.id}`],
    ].sort());
    const snapA = await t.dataSource.getRepository(ScoreSnapshotEntity).findOneByOrFail({ monthId: row.id, tenantId: A.id });
    const noticeA = notices.find((n) => n.userId === officerA.id)!;
    expect(JSON.parse(noticeA.params)).toMatchObject({ month, score: snapA.score, grade: snapA.grade, change: '—', closesOn: row.objectionClosesOn });

    // The officer sees it on the bell, titled in the officer's language.
    const list = (await t.http().get('/api/v1/notifications').set(bearer(await tokenFor(t, officerA.id))).expect(200)).body;
    expect(list.items.map((i: { title: string }) => i.title)).toContain(`${month} 月度信用评分草稿：${snapA.score} 分，${snapA.grade} 级`);

    // The e-mails: queued per officer, sent, each in its recipient's language with the closing date.
    const mails = await waitFor('the draft e-mails sent', async () => {
      const found = await draftMails();
      return found.length === 2 && found.every((m) => m.status === 'sent') ? found : null;
    }, 30_000);
    for (const mail of mails) {
      const params = JSON.parse(mail.params) as Record<string, string>;
      expect(params.closesOn).toBe(row.objectionClosesOn);
      const rendered = t.get(MailRenderer).render('score-draft', mail.locale, params);
      expect(rendered.subject).toContain(month);
      expect(rendered.text).toContain(row.objectionClosesOn!);
      expect(rendered.text).toContain(params[mail.locale]);
      expect(rendered.html).toContain(`/scores/${month}/tenants/`);
      expect(emlFor(t, mail.id)).toBeTruthy();
    }
    const byLocale = Object.fromEntries(mails.map((m) => [m.locale, t.get(MailRenderer).render('score-draft', m.locale, JSON.parse(m.params)).text]));
    expect(byLocale['zh-CN']).toContain(`请于 ${row.objectionClosesOn}`);
    expect(byLocale.en).toContain(`until ${row.objectionClosesOn}`);
  });

  it('a re-run sends nothing new, nor does a redelivered job to anyone already told', async () => {
    const before = { notices: (await draftNotices()).length, mails: (await draftMails()).length };
    // A tenant (and its officer) added after the first draft: a re-run does not announce the month again.
    const C = await createTenant(t, { name: '丙草稿通知企业有限公司', movedInAt: '2024-01-10' });
    const officerC = await createUser(t, 'tenant_officer', { tenantId: C.id });
    await runAndWait(3, { restart: true });
    await t.get(MonthRunService).run(month);
    const row = await monthRow();
    expect(await t.dataSource.getRepository(ScoreSnapshotEntity).countBy({ monthId: row.id })).toBe(3);
    // Anything the re-runs queued has had its chance to run.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect((await draftNotices()).length).toBe(before.notices);
    expect((await draftMails()).length).toBe(before.mails);
    // A redelivered job: the officers already told get nothing new (only C's, never told, would).
    const redelivered = await t.get(DraftNoticesJob).run({ monthId: row.id });
    expect(redelivered.notified).toBe(1);
    expect((await draftMails()).slice(before.mails).map((m) => m.userId)).toEqual([officerC.id]);
    expect((await t.get(DraftNoticesJob).run({ monthId: row.id })).notified).toBe(0);
    expect((await draftNotices()).filter((n) => n.userId !== officerC.id)).toHaveLength(before.notices);
  });

  it('a month whose objection window has closed tells no one', async () => {
    const row = await monthRow();
    await t.dataSource.getRepository(ScoreMonthEntity).update({ id: row.id }, { objectionClosesOn: '2000-01-03' });
    await t.dataSource.getRepository(OutboxMessageEntity).delete({ template: 'score-draft' });
    expect((await t.get(DraftNoticesJob).run({ monthId: row.id })).notified).toBe(0);
    expect((await t.get(DraftNoticesJob).run({ monthId: 'x' })).notified).toBe(0);
  });
});
