import { readdirSync } from 'node:fs';
import { Like } from 'typeorm';
import { AuditCheckpoints } from '../../src/audit/audit-checkpoints.service.js';
import { AuditCheckpointJob } from '../../src/audit/jobs/audit-checkpoint.job.js';
import { AuditEntryEntity } from '../../src/audit/entities/audit-entry.entity.js';
import { OutboxMessageEntity } from '../../src/notifications/entities/outbox-message.entity.js';
import { createTenant, createTestApp, createUser, login, type Browser, type TestApp } from '../support/test-app.js';

describe('audit checkpoints', () => {
  let t: TestApp;
  let admin: Browser;
  let adminId: number;

  beforeAll(async () => {
    t = await createTestApp();
    const user = await createUser(t, 'admin');
    adminId = user.id;
    admin = await login(t, user.email);
    await createTenant(t);
  });
  afterAll(async () => {
    await t?.close();
  });

  const verifyPage = async () => (await admin.agent.post('/admin/audit/verify').type('form').send({ _csrf: admin.csrf }).expect(200)).text;

  it('the daily job signs the head into a file outside the database and e-mails the line to every admin, once', async () => {
    expect(await verifyPage()).toContain('尚无签名检查点');
    const first = await t.get(AuditCheckpointJob).run();
    const [last] = await t.dataSource.getRepository(AuditEntryEntity).find({ order: { id: 'DESC' }, take: 1 });
    expect(first).toEqual({ entryId: last.id, notified: 1 });
    expect(readdirSync(t.config.auditCheckpointDir)).toEqual([`checkpoint-${String(last.id).padStart(12, '0')}.json`]);
    const mails = await t.dataSource.getRepository(OutboxMessageEntity).findBy({ dedupeKey: Like(`audit-checkpoint:${last.id}:%`) });
    expect(mails.map((m) => [m.userId, m.template])).toEqual([[adminId, 'audit-checkpoint']]);
    expect(JSON.parse(mails[0].params).line).toBe(`${last.id}:${last.hash}`);
    // No new entries: no new checkpoint, nothing sent again.
    expect(await t.get(AuditCheckpointJob).run()).toEqual({ entryId: null, notified: 0 });
    expect(await verifyPage()).toContain(`已与第 ${last.id} 条处的签名检查点核对一致`);
  });

  it('the page reports a rewound log against the checkpoint', async () => {
    await createTenant(t);
    const checkpoint = await t.get(AuditCheckpoints).take();
    const entries = t.dataSource.getRepository(AuditEntryEntity);
    const [last, previous] = await entries.find({ order: { id: 'DESC' }, take: 2 });
    expect(checkpoint?.entryId).toBe(last.id);
    await entries.delete({ id: last.id });
    await t.dataSource.query('UPDATE audit_head SET lastEntryId = ?, lastHash = ? WHERE id = 1', [previous.id, previous.hash]);
    try {
      expect(await verifyPage()).toContain(`第 ${last.id} 条记录处断链（签名检查点之后的记录被删除（日志被回滚））`);
    } finally {
      await entries.insert(last);
      await t.dataSource.query('UPDATE audit_head SET lastEntryId = ?, lastHash = ? WHERE id = 1', [last.id, last.hash]);
    }
  });
});
