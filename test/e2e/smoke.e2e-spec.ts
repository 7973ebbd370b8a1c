import { createTenant, createTestApp, createUser, login, tokenFor, type TestApp } from '../support/test-app.js';

describe('smoke: the app boots, migrates and serves', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => {
    await t?.close();
  });

  it('answers the probes', async () => {
    await t.http().get('/health').expect(200, { status: 'ok' });
    const ready = await t.http().get('/health/ready').expect(200);
    expect(ready.body.info.database.status).toBe('up');
  });

  it('has an icon: the pages link the SVG, and /favicon.ico leads to it', async () => {
    const login = await t.http().get('/login').expect(200);
    expect(login.text).toContain('<link rel="icon" href="/assets/favicon.svg" type="image/svg+xml">');
    await t.http().get('/favicon.ico').expect(301).expect('Location', '/assets/favicon.svg');
    const svg = await t.http().get('/assets/favicon.svg').expect(200);
    expect(svg.headers['content-type']).toMatch(/^image\/svg\+xml/);
  });

  it('lets staff log in and see a tenant hub', async () => {
    const tenant = await createTenant(t, { name: '冒烟测试有限公司' });
    const staff = await createUser(t, 'park_staff');
    const b = await login(t, staff.email);
    const hub = await b.agent.get(`/tenants/${tenant.id}`).expect(200);
    expect(hub.text).toContain('冒烟测试有限公司');
  });

  it('serves the API to a bearer token', async () => {
    const staff = await createUser(t, 'park_staff');
    const token = await tokenFor(t, staff.id);
    const res = await t.http().get('/api/v1/tenants').set('Authorization', `Bearer ${token}`).expect(200);
    expect(res.body).toEqual(expect.objectContaining({ page: 1, pageSize: 20 }));
  });
});
