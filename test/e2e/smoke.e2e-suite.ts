import { createTenant, createTestApp, createUser, login, tokenFor, type TestApp } from '../support/test-app.js';

async function login_(t: TestApp) {
  return login(t, (await createUser(t, 'park_staff')).email);
}

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

  it('links receipt verification and the API docs from the footer of every page, not from the menu', async () => {
    const login = await t.http().get('/login').expect(200);
    const footer = /<footer[\s\S]*<\/footer>/.exec(login.text)?.[0] ?? '';
    expect(footer).toContain('href="/verify"');
    expect(footer).toContain('href="/api/docs"');
    const staff = await login_(t);
    const home = await staff.agent.get('/').expect(200);
    const menu = /<nav class="mainnav"[\s\S]*?<\/nav>/.exec(home.text)?.[0] ?? /<header[\s\S]*<\/header>/.exec(home.text)?.[0] ?? '';
    expect(menu).not.toContain('/api/docs');
    expect(menu).toContain('href="/conventions/breaches"');
    expect(/<footer[\s\S]*<\/footer>/.exec(home.text)?.[0]).toContain('href="/api/docs"');
  });

  it('tells a regulator what they can do on the home page: read, not register or import', async () => {
    const regulator = await login(t, (await createUser(t, 'regulator')).email);
    const home = await regulator.agent.get('/').expect(200);
    expect(home.text).toContain('查找和查看入驻企业，导出名录。');
    expect(home.text).not.toContain('登记、导入');
    expect(home.text).toContain('<a class="tile" href="/conventions">');
    const staff = await login_(t);
    expect((await staff.agent.get('/').expect(200)).text).toContain('查找、登记、导入和导出入驻企业。');
  });

  it('serves the API to a bearer token', async () => {
    const staff = await createUser(t, 'park_staff');
    const token = await tokenFor(t, staff.id);
    const res = await t.http().get('/api/v1/tenants').set('Authorization', `Bearer ${token}`).expect(200);
    expect(res.body).toEqual(expect.objectContaining({ page: 1, pageSize: 20 }));
  });
});
