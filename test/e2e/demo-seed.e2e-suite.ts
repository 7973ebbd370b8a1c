import { readFileSync } from 'node:fs';
import { In } from 'typeorm';
import { join } from 'node:path';
import { ROLES } from '../../src/accounts/domain/roles.js';
import { PROJECT_ROOT } from '../../src/common/project-root.js';
import { DepartmentEntity } from '../../src/accounts/entities/department.entity.js';
import { UserEntity } from '../../src/accounts/entities/user.entity.js';
import { AuditService } from '../../src/audit/audit.service.js';
import { AuditEntryEntity } from '../../src/audit/entities/audit-entry.entity.js';
import { DEMO_ACCOUNTS, DEMO_BUILDINGS, DEMO_TENANTS, demoUscc } from '../../src/demo/demo-data.js';
import { BuildingsService } from '../../src/tenants/buildings.service.js';
import { industryDivision } from '../../src/tenants/domain/industry-classification.js';
import { DemoSeedService } from '../../src/demo/demo-seed.service.js';
import { DEMO_INSPECTORS } from '../../src/demo/demo-sampling.js';
import { DEMO_CONVENTIONS } from '../../src/demo/demo-conventions.js';
import { DEMO_TRAININGS } from '../../src/demo/demo-trainings.js';
import { TrainingAttendanceEntity } from '../../src/trainings/entities/training-attendance.entity.js';
import { TrainingSessionEntity } from '../../src/trainings/entities/training-session.entity.js';
import { ConventionVersionEntity } from '../../src/conventions/entities/convention-version.entity.js';
import { SigningObligationEntity } from '../../src/conventions/entities/signing-obligation.entity.js';
import { checkUscc } from '../../src/tenants/domain/uscc.rules.js';
import { TenantEntity } from '../../src/tenants/entities/tenant.entity.js';
import { TenantsService } from '../../src/tenants/tenants.service.js';
import { createTestApp, login, TEST_ACTOR, type TestApp } from '../support/test-app.js';
import { createTestContext, type TestContext } from '../support/test-context.js';

describe('demo data', () => {
  it('has about 30 tenants with valid, distinct codes and names', () => {
    expect(DEMO_TENANTS.length).toBeGreaterThanOrEqual(25);
    for (const tenant of DEMO_TENANTS) expect([tenant.uscc, checkUscc(tenant.uscc)]).toEqual([tenant.uscc, { ok: true, uscc: tenant.uscc }]);
    expect(new Set(DEMO_TENANTS.map((d) => d.uscc)).size).toBe(DEMO_TENANTS.length);
    expect(new Set(DEMO_TENANTS.map((d) => d.name)).size).toBe(DEMO_TENANTS.length);
    for (const tenant of DEMO_TENANTS) expect(tenant.movedInAt).toMatch(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/);
  });

  it('demoUscc gives valid codes beyond the demo list too', () => {
    for (const i of [0, 31, 999, 9999]) expect(checkUscc(demoUscc(i)).ok).toBe(true);
  });

  it('has one account per role, with passwords the login form accepts', () => {
    expect(DEMO_ACCOUNTS.map((a) => a.role).sort()).toEqual([...ROLES].sort());
    for (const a of DEMO_ACCOUNTS) expect(a.password.length).toBeGreaterThanOrEqual(10);
    expect(new Set(DEMO_ACCOUNTS.map((a) => a.email)).size).toBe(DEMO_ACCOUNTS.length);
    for (const a of DEMO_ACCOUNTS) expect(a.email).toBe(a.email.toLowerCase());
  });
});

describe('the README', () => {
  const readme = readFileSync(join(PROJECT_ROOT, 'README.md'), 'utf8');

  it.each(DEMO_ACCOUNTS.map((a) => [a.role, a] as const))('documents the demo %s with its e-mail and password', (role, account) => {
    const row = readme.split('\n').find((line) => line.startsWith(`| ${role} `));
    expect(row).toBeDefined();
    expect(row).toContain(`\`${account.email}\``);
    expect(row).toContain(`\`${account.password}\``);
    if (account.tenant !== undefined) expect(row).toContain(DEMO_TENANTS[account.tenant].name);
  });

  it('describes the demo park as seeded', () => {
    const m = /(\d+) tenants in (\d+) industries and (\d+) buildings/.exec(readme);
    expect(m).not.toBeNull();
    expect(Number(m![1])).toBe(DEMO_TENANTS.length);
    expect(Number(m![2])).toBe(new Set(DEMO_TENANTS.map((d) => d.industry)).size);
    expect(Number(m![3])).toBe(new Set(DEMO_TENANTS.map((d) => d.building)).size);
  });
});

describe('demo seed', () => {
  let t: TestApp;
  let first: Awaited<ReturnType<DemoSeedService['seed']>>;
  let second: Awaited<ReturnType<DemoSeedService['seed']>>;

  beforeAll(async () => {
    t = await createTestApp();
    first = await t.get(DemoSeedService).seed();
    second = await t.get(DemoSeedService).seed();
  });
  afterAll(async () => {
    await t?.close();
  });

  const users = () => t.dataSource.getRepository(UserEntity);

  it('creates the tenants and accounts the first time, and nothing the second time', async () => {
    expect(first).toEqual({ created: true, tenants: DEMO_TENANTS.length, users: DEMO_ACCOUNTS.length });
    expect(second).toEqual({ created: false, tenants: 0, users: 0 });
    expect(await t.dataSource.getRepository(TenantEntity).count()).toBe(DEMO_TENANTS.length);
    // The role accounts, and the regulators the sampling demo adds as inspectors.
    expect(await users().count()).toBe(DEMO_ACCOUNTS.length + DEMO_INSPECTORS.length);
  });

  it('stores every demo tenant as listed, active', async () => {
    for (const d of DEMO_TENANTS) {
      const tenant = await t.get(TenantsService).findByUscc(d.uscc);
      expect(tenant).toMatchObject({ ...d, building: { name: d.building, retired: false }, status: 'active', usccOverrideReason: null });
      expect(industryDivision(tenant!.industry)).toBeDefined();
    }
    // The demo park keeps its buildings in the list staff maintain.
    const kept = (await t.get(BuildingsService).all()).map((x) => x.name);
    for (const name of DEMO_BUILDINGS) expect(kept).toContain(name);
  });

  it('creates exactly one account per role (besides the sampling demo\'s inspectors)', async () => {
    const all = await users().find({ where: { email: In(DEMO_ACCOUNTS.map((a) => a.email)) } });
    expect((await users().findBy({ email: In(DEMO_INSPECTORS.map((a) => a.email)) })).every((u) => u.role === 'regulator')).toBe(true);
    expect(all.map((u) => u.role).sort()).toEqual([...ROLES].sort());
    expect(all.every((u) => u.active && !u.mustChangePassword)).toBe(true);
  });

  it('binds the officer to a demo tenant and the regulator to the market department', async () => {
    const officerAccount = DEMO_ACCOUNTS.find((a) => a.role === 'tenant_officer')!;
    const officer = await users().findOneByOrFail({ email: officerAccount.email });
    const tenant = await t.get(TenantsService).get(officer.tenantId!);
    expect(tenant.uscc).toBe(DEMO_TENANTS[officerAccount.tenant!].uscc);

    const regulator = await users().findOneByOrFail({ email: DEMO_ACCOUNTS.find((a) => a.role === 'regulator')!.email });
    const department = await t.dataSource.getRepository(DepartmentEntity).findOneByOrFail({ id: regulator.departmentId! });
    expect(department.code).toBe('market');

    for (const role of ['admin', 'park_staff', 'evaluator'] as const) {
      expect(await users().findOneByOrFail({ role })).toMatchObject({ tenantId: null, departmentId: null });
    }
  });

  it('publishes the demo convention and commitment once, asking every demo tenant to sign both', async () => {
    const versions = await t.dataSource.getRepository(ConventionVersionEntity).find({ where: { status: 'published' } });
    expect(versions.map((v) => v.title).sort()).toEqual(DEMO_CONVENTIONS.map((c) => c.title).sort());
    const obligations = await t.dataSource.getRepository(SigningObligationEntity).count();
    expect(obligations).toBe(DEMO_TENANTS.length * DEMO_CONVENTIONS.length);
  });

  it('schedules the demo trainings once: a held lecture with every tenant’s roll-call mark, and two to come', async () => {
    const sessions = await t.dataSource.getRepository(TrainingSessionEntity).find({ order: { startsAt: 'ASC' } });
    expect(sessions.map((s) => s.title)).toEqual([...DEMO_TRAININGS].sort((a, b) => a.inDays - b.inDays).map((d) => d.title));
    const held = sessions[0];
    expect(held.endsAt.getTime()).toBeLessThan(Date.now());
    const marks = await t.dataSource.getRepository(TrainingAttendanceEntity).findBy({ sessionId: held.id });
    expect(marks).toHaveLength(DEMO_TENANTS.length);
    expect(new Set(marks.map((m) => m.mark))).toEqual(new Set(['present', 'late', 'excused', 'absent']));
    expect(sessions[1].speakerTenantId).not.toBeNull();
  });

  it.each(DEMO_ACCOUNTS.map((a) => [a.role, a] as const))('lets the demo %s log in with the documented password', async (_role, account) => {
    const b = await login(t, account.email, account.password);
    const home = await b.agent.get('/');
    if (account.role === 'tenant_officer') {
      const officer = await users().findOneByOrFail({ email: account.email });
      expect(home.status).toBe(303);
      expect(home.headers.location).toBe(`/tenants/${officer.tenantId}`);
    } else {
      expect(home.status).toBe(200);
      expect(home.text).toContain(account.name);
    }
  });

  it('records the seeding in an intact audit log, as demo-seed', async () => {
    const entries = await t.dataSource.getRepository(AuditEntryEntity).find();
    const seeded = entries.filter((e) => e.actorLabel === 'demo-seed');
    expect(seeded.filter((e) => e.action === 'tenant.create')).toHaveLength(DEMO_TENANTS.length);
    expect(seeded.filter((e) => e.action === 'user.create')).toHaveLength(DEMO_ACCOUNTS.length + DEMO_INSPECTORS.length);
    expect(await t.get(AuditService).verify()).toMatchObject({ ok: true });
  });
});

describe('demo seed on a database that already has some of it', () => {
  let t: TestContext;
  beforeAll(async () => {
    t = await createTestContext();
  });
  afterAll(async () => {
    await t?.close();
  });

  it('leaves an existing tenant alone and fills in the rest', async () => {
    const existing = await t.get(TenantsService).create({ ...DEMO_TENANTS[0], name: '已登记的同代码企业' }, TEST_ACTOR);
    const result = await t.get(DemoSeedService).seed();
    expect(result).toEqual({ created: true, tenants: DEMO_TENANTS.length - 1, users: DEMO_ACCOUNTS.length });
    expect((await t.get(TenantsService).get(existing.id)).name).toBe('已登记的同代码企业');
    // The officer is bound to the tenant that holds the demo code.
    const officer = await t.dataSource.getRepository(UserEntity).findOneByOrFail({ role: 'tenant_officer' });
    expect(officer.tenantId).toBe(existing.id);
  });
});

describe('demo seed at boot (DEMO_SEED=true)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ DEMO_SEED: 'true' });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('seeds while starting, so the demo accounts work at once', async () => {
    expect(await t.dataSource.getRepository(TenantEntity).count()).toBe(DEMO_TENANTS.length);
    const staff = DEMO_ACCOUNTS.find((a) => a.role === 'park_staff')!;
    const b = await login(t, staff.email, staff.password);
    const list = await b.agent.get('/tenants').query({ pageSize: 100 }).expect(200);
    for (const d of DEMO_TENANTS) expect(list.text).toContain(d.name);
  });
});
