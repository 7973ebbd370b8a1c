import { AuditService } from '../../src/audit/audit.service.js';
import { auditHash, GENESIS_HASH } from '../../src/audit/domain/audit-chain.rules.js';
import { AuditEntryEntity } from '../../src/audit/entities/audit-entry.entity.js';
import { AuditHeadEntity } from '../../src/audit/entities/audit-head.entity.js';
import { TenantsService } from '../../src/tenants/tenants.service.js';
import { auditPageRows, selectOptions } from '../support/audit-page.js';
import { createTenant, createTestApp, createUser, login, testUscc, tokenFor, type Browser, type TestApp } from '../support/test-app.js';

const API = '/api/v1/tenants';

function tenantBody(name: string, uscc = testUscc()) {
  return { uscc, name, legalRepresentative: '周杰', industry: '现代物流', building: 'D1', movedInAt: '2024-06-01' };
}

/** Rows of the audit page: id, shown time, actor, action code (the label's tooltip), record as read. */
function auditRows(html: string): { id: number; at: string; actor: string; action: string; entity: string; entityLink: string | null }[] {
  return auditPageRows(html).map((r) => ({ id: r.id, at: r.at, actor: r.actor, action: r.actionCode, entity: r.entity, entityLink: r.entityLink }));
}

describe('audit log', () => {
  let t: TestApp;
  let staffId: number;
  let staffEmail: string;
  let staffToken: string;
  let admin: Browser;

  const entries = () => t.dataSource.getRepository(AuditEntryEntity);
  const all = () => entries().find({ order: { id: 'ASC' } });
  const of = (entityId: number | string, entityType = 'tenant') => entries().find({ where: { entityType, entityId: String(entityId) }, order: { id: 'ASC' } });
  const verify = () => t.get(AuditService).verify();
  const post = (payload: object) => t.http().post(API).set('Authorization', `Bearer ${staffToken}`).send(payload);

  /** Rewrites every hash from the genesis on, as if the entries had been written as they now are. */
  async function reseal(): Promise<void> {
    let prev = GENESIS_HASH;
    let lastId = 0;
    for (const e of await all()) {
      const hash = auditHash(prev, e);
      await entries().update({ id: e.id }, { prevHash: prev, hash });
      prev = hash;
      lastId = e.id;
    }
    await t.dataSource.getRepository(AuditHeadEntity).update({ id: 1 }, { lastHash: prev, lastEntryId: lastId });
  }

  beforeAll(async () => {
    t = await createTestApp();
    const staff = await createUser(t, 'park_staff');
    staffId = staff.id;
    staffEmail = staff.email;
    staffToken = await tokenFor(t, staff.id);
    admin = await login(t, (await createUser(t, 'admin')).email);
    for (let i = 1; i <= 5; i++) await createTenant(t, { name: `审计基线企业${i}` });
  });
  afterAll(async () => {
    await t?.close();
  });

  describe('entries', () => {
    it('records a creation through the API with actor, IP, no before and the full after', async () => {
      const last = (await all()).at(-1)!;
      const payload = tenantBody('审计创建有限公司');
      const res = await post(payload).expect(201);
      const [entry] = await of(res.body.id);
      expect(entry).toMatchObject({
        action: 'tenant.create', entityType: 'tenant', entityId: String(res.body.id),
        actorId: staffId, actorLabel: staffEmail, before: null, prevHash: last.hash,
      });
      expect(entry.ip).toMatch(/127\.0\.0\.1|::1/);
      expect(entry.occurredAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
      expect(Math.abs(Date.parse(entry.occurredAt) - Date.now())).toBeLessThan(60_000);
      expect(entry.hash).toMatch(/^[0-9a-f]{64}$/);
      expect(JSON.parse(entry.after as string)).toEqual(res.body);
      expect(await t.dataSource.getRepository(AuditHeadEntity).findOneBy({ id: 1 })).toMatchObject({ lastEntryId: entry.id, lastHash: entry.hash });
    });

    it('records an update with before and after', async () => {
      const created = await post(tenantBody('审计改名前有限公司')).expect(201);
      await t.http().patch(`${API}/${created.body.id}`).set('Authorization', `Bearer ${staffToken}`).send({ name: '审计改名后有限公司' }).expect(200);
      const [, update] = await of(created.body.id);
      expect(update).toMatchObject({ action: 'tenant.update', actorId: staffId, actorLabel: staffEmail });
      expect(JSON.parse(update.before as string)).toMatchObject({ name: '审计改名前有限公司' });
      expect(JSON.parse(update.after as string)).toMatchObject({ name: '审计改名后有限公司' });
    });

    it('records status changes with before and after', async () => {
      const created = await post(tenantBody('审计状态有限公司')).expect(201);
      await t.http().post(`${API}/${created.body.id}/status`).set('Authorization', `Bearer ${staffToken}`).send({ status: 'suspended', reason: '审计测试暂停' }).expect(201);
      const [, change] = await of(created.body.id);
      expect(change.action).toBe('tenant.status.suspended');
      expect(JSON.parse(change.before as string)).toMatchObject({ status: 'active', statusReason: null });
      expect(JSON.parse(change.after as string)).toMatchObject({ status: 'suspended', statusReason: '审计测试暂停' });
    });

    it('records a change made through a page with the logged-in user and IP', async () => {
      const staff = await login(t, staffEmail);
      const uscc = testUscc();
      await staff.agent.post('/tenants').type('form').send({ _csrf: staff.csrf, ...tenantBody('审计页面有限公司', uscc) }).expect(303);
      const tenant = await t.get(TenantsService).findByUscc(uscc);
      const [entry] = await of(tenant!.id);
      expect(entry).toMatchObject({ action: 'tenant.create', actorId: staffId, actorLabel: staffEmail });
      expect(entry.ip).toMatch(/127\.0\.0\.1|::1/);
    });

    it('records nothing for a refused change', async () => {
      const existing = await createTenant(t);
      const before = await entries().count();
      await post(tenantBody('', 'bad')).expect(400);
      await post(tenantBody('重复代码有限公司', existing.uscc)).expect(409);
      await t.http().post(`${API}/${existing.id}/status`).set('Authorization', `Bearer ${staffToken}`).send({ status: 'active', reason: '无变化' }).expect(409);
      expect(await entries().count()).toBe(before);
    });

    it('never keeps secrets: no password hash for users, no token for API tokens', async () => {
      const user = await createUser(t, 'evaluator');
      const [created] = await of(user.id, 'user');
      expect(created.action).toBe('user.create');
      expect(created.after).not.toMatch(/passwordHash|argon2|Correct-Horse/);
      const token = await tokenFor(t, user.id);
      const issued = (await entries().find({ where: { action: 'token.issue' }, order: { id: 'DESC' }, take: 1 }))[0];
      expect(issued.after).not.toContain(token);
      expect(JSON.parse(issued.after as string)).toMatchObject({ userId: user.id, prefix: token.slice(0, 10) });
    });

    it('links every entry to the one before it', async () => {
      const rows = await all();
      expect(rows.length).toBeGreaterThan(5);
      expect(rows[0].prevHash).toBe(GENESIS_HASH);
      for (let i = 1; i < rows.length; i++) expect([rows[i].id, rows[i].prevHash]).toEqual([rows[i].id, rows[i - 1].hash]);
    });
  });

  describe('the admin page', () => {
    it('lists entries newest first, with before and after', async () => {
      const created = await post(tenantBody('审计列表有限公司')).expect(201);
      const res = await admin.agent.get('/admin/audit').expect(200);
      expect(res.text).toContain('<title>审计日志 · 园区诚信自律平台</title>');
      const rows = auditRows(res.text);
      const ids = rows.map((r) => r.id);
      expect(ids).toEqual([...ids].sort((a, b) => b - a));
      const [entry] = await of(created.body.id);
      expect(rows.find((r) => r.id === entry.id)).toMatchObject({ actor: staffEmail, action: 'tenant.create', entity: '企业 审计列表有限公司', entityLink: `/tenants/${created.body.id}` });
      expect(res.text).toContain('审计列表有限公司');
      expect(res.text).toContain('时间以园区时区（Asia/Shanghai）显示。');
    });

    it('filters by actor (e-mail prefix or user id)', async () => {
      const byEmail = auditRows((await admin.agent.get('/admin/audit').query({ actor: staffEmail.slice(0, 12) }).expect(200)).text);
      expect(byEmail.length).toBeGreaterThan(0);
      expect(new Set(byEmail.map((r) => r.actor))).toEqual(new Set([staffEmail]));
      const byId = auditRows((await admin.agent.get('/admin/audit').query({ actor: String(staffId) }).expect(200)).text);
      expect(byId.map((r) => r.id)).toEqual(byEmail.map((r) => r.id));
      const nobody = auditRows((await admin.agent.get('/admin/audit').query({ actor: 'nobody%' }).expect(200)).text);
      expect(nobody).toEqual([]);
    });

    it('filters by record type and id', async () => {
      const created = await post(tenantBody('审计对象有限公司')).expect(201);
      await t.http().patch(`${API}/${created.body.id}`).set('Authorization', `Bearer ${staffToken}`).send({ unit: '0909' }).expect(200);
      const res = await admin.agent.get('/admin/audit').query({ entityType: 'tenant', entityId: String(created.body.id) }).expect(200);
      expect(auditRows(res.text).map((r) => r.action)).toEqual(['tenant.update', 'tenant.create']);
      expect(selectOptions(res.text, 'entityType')).toContainEqual({ value: 'tenant', label: '企业', selected: true });
      const users = auditRows((await admin.agent.get('/admin/audit').query({ entityType: 'user' }).expect(200)).text);
      expect(users.length).toBeGreaterThan(0);
      expect(users.every((r) => r.entity.startsWith('账户 ') && r.entityLink?.startsWith('/admin/users/'))).toBe(true);
    });

    it("filters by a date range in the park's time zone and shows park-zone times", async () => {
      const ids: number[] = [];
      for (let i = 0; i < 4; i++) ids.push((await of((await createTenant(t, { name: `审计日期企业${i}` })).id))[0].id);
      // Around midnight 2026-03-10 in Shanghai (UTC+8).
      const times = ['2026-03-09T15:59:59.999Z', '2026-03-09T16:00:00.000Z', '2026-03-10T15:59:59.999Z', '2026-03-10T16:00:00.000Z'];
      for (let i = 0; i < 4; i++) await entries().update({ id: ids[i] }, { occurredAt: times[i] });
      await reseal();
      expect(await verify()).toMatchObject({ ok: true });

      const day = auditRows((await admin.agent.get('/admin/audit').query({ fromDate: '2026-03-10', toDate: '2026-03-10' }).expect(200)).text);
      expect(day.map((r) => r.id)).toEqual([ids[2], ids[1]]);
      expect(day.map((r) => r.at)).toEqual(['2026-03-10 23:59', '2026-03-10 00:00']);

      const from = auditRows((await admin.agent.get('/admin/audit').query({ fromDate: '2026-03-10', entityType: 'tenant' }).expect(200)).text).map((r) => r.id);
      expect(from).toEqual(expect.arrayContaining([ids[1], ids[2], ids[3]]));
      expect(from).not.toContain(ids[0]);

      const until = auditRows((await admin.agent.get('/admin/audit').query({ toDate: '2026-03-09' }).expect(200)).text).map((r) => r.id);
      expect(until).toEqual([ids[0]]);
    });

    it('refuses a malformed date with 400', async () => {
      await admin.agent.get('/admin/audit').query({ fromDate: 'yesterday' }).expect(400);
      await admin.agent.get('/admin/audit').query({ from: 'not-an-instant' }).expect(400);
    });

    it('is for admins only', async () => {
      const staff = await login(t, staffEmail);
      await staff.agent.get('/admin/audit').expect(403);
      await staff.agent.post('/admin/audit/verify').type('form').send({ _csrf: staff.csrf }).expect(403);
      const regulator = await login(t, (await createUser(t, 'regulator')).email);
      await regulator.agent.get('/admin/audit').expect(403);
      expect((await t.http().get('/admin/audit').expect(303)).headers.location).toMatch(/^\/login/);
      await t.http().get('/admin/audit').set('Authorization', `Bearer ${staffToken}`).expect(403);
    });
  });

  describe('verification', () => {
    const verifyPage = async () => (await admin.agent.post('/admin/audit/verify').type('form').send({ _csrf: admin.csrf }).expect(200)).text;

    it('reports an intact chain, in the service and on the page', async () => {
      const count = await entries().count();
      expect(await verify()).toEqual({ ok: true, checked: count, anchoredAt: null });
      expect(await verifyPage()).toContain(`审计日志完整：已校验 ${count} 条记录。`);
    });

    it('needs the CSRF token', async () => {
      await admin.agent.post('/admin/audit/verify').type('form').send({}).expect(403);
    });

    it('finds an edited entry', async () => {
      const rows = await all();
      const victim = rows[Math.floor(rows.length / 2)];
      const index = rows.findIndex((r) => r.id === victim.id);
      await entries().update({ id: victim.id }, { after: JSON.stringify({ name: '伪造的企业名称' }) });
      try {
        expect(await verify()).toEqual({ ok: false, checked: index, brokenAt: victim.id, reason: 'hash' });
        expect(await verifyPage()).toContain(`审计日志已被篡改：第 ${victim.id} 条记录处断链（内容与哈希不符），之前 ${index} 条完整。`);
      } finally {
        await entries().update({ id: victim.id }, { after: victim.after });
      }
      expect(await verify()).toMatchObject({ ok: true });
    });

    it('finds an edited entry whose own hash was recomputed', async () => {
      const rows = await all();
      const victim = rows[2];
      const forged = { ...victim, actorLabel: 'someone-else@example.com' };
      await entries().update({ id: victim.id }, { actorLabel: forged.actorLabel, hash: auditHash(victim.prevHash, forged) });
      try {
        expect(await verify()).toEqual({ ok: false, checked: 3, brokenAt: rows[3].id, reason: 'link' });
      } finally {
        await entries().update({ id: victim.id }, { actorLabel: victim.actorLabel, hash: victim.hash });
      }
      expect(await verify()).toMatchObject({ ok: true });
    });

    it('finds a deleted entry in the middle', async () => {
      const rows = await all();
      const index = Math.floor(rows.length / 2);
      const victim = rows[index];
      await entries().delete({ id: victim.id });
      try {
        expect(await verify()).toEqual({ ok: false, checked: index, brokenAt: rows[index + 1].id, reason: 'link' });
        expect(await verifyPage()).toContain(`第 ${rows[index + 1].id} 条记录处断链（前序哈希不符）`);
      } finally {
        await t.dataSource.createQueryBuilder().insert().into(AuditEntryEntity).values(victim).execute();
      }
      expect(await verify()).toMatchObject({ ok: true });
    });

    it('finds a deleted last entry, naming the missing entry', async () => {
      const rows = await all();
      const victim = rows.at(-1)!;
      await entries().delete({ id: victim.id });
      try {
        // The entries before the missing one are intact; the chain breaks where the head says the last entry was.
        expect(await verify()).toEqual({ ok: false, checked: rows.length - 1, brokenAt: victim.id, reason: 'head' });
        expect(await verifyPage()).toContain(`第 ${victim.id} 条记录处断链（链尾与记录不符），之前 ${rows.length - 1} 条完整。`);
      } finally {
        await t.dataSource.createQueryBuilder().insert().into(AuditEntryEntity).values(victim).execute();
      }
      expect(await verify()).toMatchObject({ ok: true });
    });

    it('finds a rewritten chain head', async () => {
      const head = (await t.dataSource.getRepository(AuditHeadEntity).findOneBy({ id: 1 }))!;
      await t.dataSource.getRepository(AuditHeadEntity).update({ id: 1 }, { lastHash: 'f'.repeat(64) });
      try {
        expect(await verify()).toMatchObject({ ok: false, reason: 'head', brokenAt: head.lastEntryId });
      } finally {
        await t.dataSource.getRepository(AuditHeadEntity).update({ id: 1 }, { lastHash: head.lastHash });
      }
      expect(await verify()).toMatchObject({ ok: true });
    });

    it('checks chains longer than one read batch', async () => {
      // Extend the chain past 2,000 entries directly, in bulk, exactly as record() would hash them.
      const head = (await t.dataSource.getRepository(AuditHeadEntity).findOneBy({ id: 1 }))!;
      const missing = 2100 - (await entries().count());
      let prev = head.lastHash;
      const bulk: Partial<AuditEntryEntity>[] = [];
      for (let i = 0; i < missing; i++) {
        const fields = {
          occurredAt: new Date().toISOString(), actorId: null, actorLabel: 'test', action: 'test.bulk', entityType: 'test',
          entityId: String(i), ip: null, before: null, after: JSON.stringify({ i }),
        };
        const hash = auditHash(prev, fields);
        bulk.push({ id: head.lastEntryId + i + 1, ...fields, prevHash: prev, hash });
        prev = hash;
      }
      for (let i = 0; i < bulk.length; i += 250) {
        await t.dataSource.createQueryBuilder().insert().into(AuditEntryEntity).values(bulk.slice(i, i + 250)).execute();
      }
      await t.dataSource.getRepository(AuditHeadEntity).update({ id: 1 }, { lastEntryId: bulk.at(-1)!.id, lastHash: prev });

      const count = await entries().count();
      expect(count).toBe(2100);
      expect(await verify()).toEqual({ ok: true, checked: count, anchoredAt: null });
      // A break in the second batch is found, and counted from the start.
      const late = bulk[bulk.length - 50];
      await entries().update({ id: late.id }, { after: '{"i":-1}' });
      try {
        expect(await verify()).toEqual({ ok: false, brokenAt: late.id, reason: 'hash', checked: count - 50 });
      } finally {
        await entries().update({ id: late.id }, { after: late.after });
      }
      expect(await verify()).toEqual({ ok: true, checked: count, anchoredAt: null });
      // New entries continue the chain after the bulk.
      await createTenant(t, { name: '批量之后的企业' });
      expect(await verify()).toEqual({ ok: true, checked: count + 1, anchoredAt: null });
    }, 30_000);
  });

  describe('concurrent writers', () => {
    it('keeps the chain intact when 20 tenants are created at once through the API', async () => {
      const before = await entries().count();
      const responses = await Promise.all(Array.from({ length: 20 }, (_, i) => post(tenantBody(`并发企业${String(i).padStart(2, '0')}`))));
      expect(responses.map((r) => r.status)).toEqual(Array(20).fill(201));
      const ids = new Set(responses.map((r) => r.body.id));
      expect(ids.size).toBe(20);
      const created = (await all()).slice(before).filter((e) => e.action === 'tenant.create');
      expect(created).toHaveLength(20);
      expect(new Set(created.map((e) => Number(e.entityId)))).toEqual(ids);
      expect(await verify()).toEqual({ ok: true, checked: await entries().count(), anchoredAt: null });
    });
  });
});
