import type { Role } from '../../src/accounts/domain/roles.js';
import { createTenant, createTestApp, createUser, login, testUscc, tokenFor, type Browser, type TestApp } from '../support/test-app.js';
import { anonymousBrowser, bearer } from '../support/http-helpers.js';

/**
 * Who may reach what, derived from the @Public / @Roles / @TenantScoped decorators:
 * pages are requested by logged-in browsers (session cookie + CSRF token), the API with Bearer tokens.
 */
type Who = 'anonymous' | Role;
const WHO: readonly Who[] = ['anonymous', 'admin', 'park_staff', 'tenant_officer', 'evaluator', 'regulator'];

interface Ctx {
  own: { id: number; name: string; uscc: string };
  other: { id: number; name: string; uscc: string };
  /** A tenant per caller for status changes, so every allowed call is a valid transition. */
  statusTarget: Record<Who, number>;
}

interface Route {
  name: string;
  kind: 'page' | 'api';
  method: 'GET' | 'POST' | 'PATCH';
  path: (c: Ctx, who: Who) => string;
  body?: (c: Ctx, who: Who) => Record<string, unknown>;
  expected: Record<Who, number>;
}

/** Expected statuses in WHO order: anonymous, admin, park_staff, tenant_officer, evaluator, regulator. */
function cells(anonymous: number, admin: number, parkStaff: number, tenantOfficer: number, evaluator: number, regulator: number): Record<Who, number> {
  return { anonymous, admin, park_staff: parkStaff, tenant_officer: tenantOfficer, evaluator, regulator };
}

const LOGIN = 303; // anonymous page → redirect to /login?next=…
const adminOnlyPage = cells(LOGIN, 200, 403, 403, 403, 403);

const ROUTES: Route[] = [
  // Pages. `/` has no @Roles; a tenant officer is sent on to their own tenant's hub.
  { name: 'GET /', kind: 'page', method: 'GET', path: () => '/', expected: cells(LOGIN, 200, 200, 303, 200, 200) },
  // @Roles('park_staff', 'regulator')
  { name: 'GET /tenants', kind: 'page', method: 'GET', path: () => '/tenants', expected: cells(LOGIN, 200, 200, 403, 403, 200) },
  // @Roles('park_staff')
  { name: 'GET /tenants/new', kind: 'page', method: 'GET', path: () => '/tenants/new', expected: cells(LOGIN, 200, 200, 403, 403, 403) },
  // @Roles('park_staff', 'regulator', 'tenant_officer') @TenantScoped('id')
  { name: 'GET /tenants/:own', kind: 'page', method: 'GET', path: (c) => `/tenants/${c.own.id}`, expected: cells(LOGIN, 200, 200, 200, 403, 200) },
  { name: 'GET /tenants/:other', kind: 'page', method: 'GET', path: (c) => `/tenants/${c.other.id}`, expected: cells(LOGIN, 200, 200, 404, 403, 200) },
  // @Roles('park_staff'): not even an officer's own tenant
  { name: 'GET /tenants/:own/edit', kind: 'page', method: 'GET', path: (c) => `/tenants/${c.own.id}/edit`, expected: cells(LOGIN, 200, 200, 403, 403, 403) },
  // @Roles('admin') on the controllers
  { name: 'GET /admin/users', kind: 'page', method: 'GET', path: () => '/admin/users', expected: adminOnlyPage },
  { name: 'GET /admin/users/new', kind: 'page', method: 'GET', path: () => '/admin/users/new', expected: adminOnlyPage },
  { name: 'GET /admin/departments', kind: 'page', method: 'GET', path: () => '/admin/departments', expected: adminOnlyPage },
  { name: 'GET /admin/audit', kind: 'page', method: 'GET', path: () => '/admin/audit', expected: adminOnlyPage },
  { name: 'GET /admin/jobs', kind: 'page', method: 'GET', path: () => '/admin/jobs', expected: adminOnlyPage },
  { name: 'GET /admin/schedule', kind: 'page', method: 'GET', path: () => '/admin/schedule', expected: adminOnlyPage },
  { name: 'GET /admin/outbox', kind: 'page', method: 'GET', path: () => '/admin/outbox', expected: adminOnlyPage },
  // Anyone logged in: their own notices.
  { name: 'GET /notifications', kind: 'page', method: 'GET', path: () => '/notifications', expected: cells(LOGIN, 200, 200, 200, 200, 200) },
  // @Roles('park_staff'): import and export pages.
  { name: 'GET /tenants/import', kind: 'page', method: 'GET', path: () => '/tenants/import', expected: cells(LOGIN, 200, 200, 403, 403, 403) },
  { name: 'GET /tenants/export.csv', kind: 'page', method: 'GET', path: () => '/tenants/export.csv', expected: cells(LOGIN, 200, 200, 403, 403, 200) },
  // A POST answered with a rendered page: 200.
  { name: 'POST /admin/audit/verify', kind: 'page', method: 'POST', path: () => '/admin/audit/verify', expected: cells(LOGIN, 200, 403, 403, 403, 403) },

  // API. No @Roles: anyone logged in.
  { name: 'GET /api/v1/me', kind: 'api', method: 'GET', path: () => '/api/v1/me', expected: cells(401, 200, 200, 200, 200, 200) },
  { name: 'GET /api/v1/notifications', kind: 'api', method: 'GET', path: () => '/api/v1/notifications', expected: cells(401, 200, 200, 200, 200, 200) },
  { name: 'GET /api/v1/tenants/export', kind: 'api', method: 'GET', path: () => '/api/v1/tenants/export?format=csv', expected: cells(401, 200, 200, 403, 403, 200) },
  // @Roles('park_staff', 'regulator', 'tenant_officer'); an officer's list holds only their tenant.
  { name: 'GET /api/v1/tenants', kind: 'api', method: 'GET', path: () => '/api/v1/tenants', expected: cells(401, 200, 200, 200, 403, 200) },
  // @Roles('park_staff')
  {
    name: 'POST /api/v1/tenants', kind: 'api', method: 'POST', path: () => '/api/v1/tenants',
    body: (_c, who) => ({ uscc: testUscc(), name: `矩阵${who}有限公司`, legalRepresentative: '王五', industry: '电子信息', building: 'C3', movedInAt: '2024-06-01' }),
    expected: cells(401, 201, 201, 403, 403, 403),
  },
  // @Roles('park_staff', 'regulator', 'tenant_officer') @TenantScoped('id')
  { name: 'GET /api/v1/tenants/:own', kind: 'api', method: 'GET', path: (c) => `/api/v1/tenants/${c.own.id}`, expected: cells(401, 200, 200, 200, 403, 200) },
  { name: 'GET /api/v1/tenants/:other', kind: 'api', method: 'GET', path: (c) => `/api/v1/tenants/${c.other.id}`, expected: cells(401, 200, 200, 404, 403, 200) },
  // @Roles('park_staff')
  {
    name: 'PATCH /api/v1/tenants/:id', kind: 'api', method: 'PATCH', path: (c) => `/api/v1/tenants/${c.own.id}`,
    body: (_c, who) => ({ contactPhone: `0755-${who.length}000` }),
    expected: cells(401, 200, 200, 403, 403, 403),
  },
  {
    name: 'POST /api/v1/tenants/:id/status', kind: 'api', method: 'POST', path: (c, who) => `/api/v1/tenants/${c.statusTarget[who]}/status`,
    body: () => ({ status: 'suspended', reason: '授权矩阵测试' }),
    expected: cells(401, 201, 201, 403, 403, 403),
  },
  // @Public
  { name: 'GET /health', kind: 'api', method: 'GET', path: () => '/health', expected: cells(200, 200, 200, 200, 200, 200) },
  { name: 'GET /health/ready', kind: 'api', method: 'GET', path: () => '/health/ready', expected: cells(200, 200, 200, 200, 200, 200) },
  // Served by Swagger outside the Nest router: public, like /api/docs.
  { name: 'GET /api/docs-json', kind: 'api', method: 'GET', path: () => '/api/docs-json', expected: cells(200, 200, 200, 200, 200, 200) },
];

const CELLS = ROUTES.flatMap((route) => WHO.map((who) => ({ route: route.name, who, expected: route.expected[who], spec: route })));

describe('authorization matrix', () => {
  let t: TestApp;
  let ctx: Ctx;
  const browsers = {} as Record<Who, Browser>;
  const tokens = {} as Record<Exclude<Who, 'anonymous'>, string>;

  beforeAll(async () => {
    t = await createTestApp({ LOGIN_RATE_PER_MINUTE: '1000' });
    const own = await createTenant(t, { name: '矩阵本企业有限公司' });
    const other = await createTenant(t, { name: '矩阵他企业有限公司' });
    const statusTarget = {} as Record<Who, number>;
    for (const who of WHO) statusTarget[who] = (await createTenant(t, { name: `矩阵状态${who}有限公司` })).id;
    ctx = {
      own: { id: own.id, name: own.name, uscc: own.uscc },
      other: { id: other.id, name: other.name, uscc: other.uscc },
      statusTarget,
    };
    browsers.anonymous = await anonymousBrowser(t);
    for (const role of WHO.filter((w): w is Role => w !== 'anonymous')) {
      const user = await createUser(t, role, role === 'tenant_officer' ? { tenantId: own.id } : {});
      browsers[role] = await login(t, user.email);
      tokens[role] = await tokenFor(t, user.id);
    }
  });
  afterAll(async () => {
    await t?.close();
  });

  async function call(route: Route, who: Who) {
    const path = route.path(ctx, who);
    const body = route.body?.(ctx, who);
    if (route.kind === 'page') {
      const b = browsers[who];
      if (route.method === 'GET') return b.agent.get(path);
      const req = route.method === 'POST' ? b.agent.post(path) : b.agent.patch(path);
      return req.type('form').send({ _csrf: b.csrf, ...(body ?? {}) });
    }
    const http = t.http();
    let req = route.method === 'GET' ? http.get(path) : route.method === 'POST' ? http.post(path) : http.patch(path);
    if (who !== 'anonymous') req = req.set(bearer(tokens[who]));
    return body ? req.send(body) : req;
  }

  it.each(CELLS)('$route as $who → $expected', async ({ spec, who, expected }) => {
    const res = await call(spec, who);
    expect(res.status).not.toBe(500);
    expect(res.status).toBe(expected);

    if (res.status === 303) {
      const location = String(res.headers.location);
      if (who === 'anonymous') expect(location).toBe(`/login?next=${encodeURIComponent(spec.path(ctx, who))}`);
      else expect(location).toBe(`/tenants/${ctx.own.id}`);
    }
    if (spec.kind === 'api' && res.status >= 400) {
      expect(res.headers['content-type']).toMatch(/application\/json/);
      expect(res.body.statusCode).toBe(res.status);
    }
    if (spec.kind === 'page' && res.status === 200 && !/\.(csv|xlsx)$/.test(spec.path(ctx, who))) expect(res.headers['content-type']).toMatch(/text\/html/);
    // A refusal never carries another tenant's data.
    if (res.status >= 400) {
      expect(res.text).not.toContain(ctx.other.name);
      expect(res.text).not.toContain(ctx.other.uscc);
    }
  });

  it("lists only the officer's own tenant on GET /api/v1/tenants, whatever the filters", async () => {
    for (const query of ['', '?pageSize=100', `?q=${encodeURIComponent(ctx.other.name)}`, '?page=2', '?status=suspended']) {
      const res = await t.http().get(`/api/v1/tenants${query}`).set(bearer(tokens.tenant_officer)).expect(200);
      const ids = res.body.items.map((i: { id: number }) => i.id);
      expect(ids).not.toContain(ctx.other.id);
      expect(ids.every((id: number) => id === ctx.own.id)).toBe(true);
    }
    const staff = await t.http().get('/api/v1/tenants?pageSize=100').set(bearer(tokens.park_staff)).expect(200);
    expect(staff.body.items.map((i: { id: number }) => i.id)).toEqual(expect.arrayContaining([ctx.own.id, ctx.other.id]));
  });

  it('answers the officer for an unknown tenant id exactly as for another tenant (404)', async () => {
    const other = await t.http().get(`/api/v1/tenants/${ctx.other.id}`).set(bearer(tokens.tenant_officer)).expect(404);
    const missing = await t.http().get('/api/v1/tenants/99999999').set(bearer(tokens.tenant_officer)).expect(404);
    expect(other.body).toEqual(missing.body);
  });

  // Every cell above already asserts "not 500"; this sweeps ids and queries no route expects.
  it('never answers 500 for odd ids and queries', async () => {
    const statuses: string[] = [];
    const odd = ['/tenants/abc', '/tenants/0', '/tenants/-1', '/tenants/99999999999999999999', '/tenants/1.5', '/tenants/%00',
      '/api/v1/tenants/abc', '/api/v1/tenants/0', '/api/v1/tenants/99999999999999999999', '/api/v1/tenants/1e3', '/admin/users/abc',
      '/admin/users/99999999999999999999', '/admin/departments/abc', '/api/v1/tenants?page=0', '/api/v1/tenants?pageSize=abc',
      '/api/v1/tenants?sort=password', '/tenants?sort=uscc;drop'];
    for (const who of WHO) {
      for (const path of odd) {
        const res = path.startsWith('/api/')
          ? await (who === 'anonymous' ? t.http().get(path) : t.http().get(path).set(bearer(tokens[who])))
          : await browsers[who].agent.get(path);
        statuses.push(`${res.status} GET ${path} as ${who}`);
      }
    }
    expect(statuses.length).toBe(WHO.length * odd.length);
    expect(statuses.filter((s) => Number(s.slice(0, 3)) >= 500)).toEqual([]);
  });
});
