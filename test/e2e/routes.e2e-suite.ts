import { RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants.js';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import { PUBLIC_KEY, ROLES_KEY } from '../../src/accounts/auth/auth.decorators.js';
import { isRole, type Role } from '../../src/accounts/domain/roles.js';
import { MATRIX, MATRIX_ROUTES, routeKey } from '../support/route-matrix.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

interface AppRoute {
  /** `GET /tenants/:id` */
  key: string;
  /** `TenantsPagesController.hub`, for the failure message. */
  handler: string;
  isPublic: boolean;
  roles: Role[] | undefined;
}

function joinPath(prefix: string, path: string): string {
  const joined = `/${prefix}/${path}`.replace(/\/+/g, '/');
  return joined.length > 1 ? joined.replace(/\/$/, '') : joined;
}

const asList = (v: string | string[] | undefined): string[] => (v === undefined ? ['/'] : Array.isArray(v) ? v : [v]);

/** Every route of the running application, read from its controllers the way Nest's router reads them. */
function appRoutes(t: TestApp): AppRoute[] {
  const discovery = t.app.get(DiscoveryService, { strict: false });
  const scanner = t.app.get(MetadataScanner, { strict: false });
  const reflector = t.app.get(Reflector, { strict: false });
  const routes: AppRoute[] = [];
  for (const wrapper of discovery.getControllers()) {
    const cls = wrapper.metatype as (new (...args: never[]) => object) | undefined;
    if (!cls) continue;
    const prefixes = asList(Reflect.getMetadata(PATH_METADATA, cls) as string | string[] | undefined);
    for (const name of scanner.getAllMethodNames(cls.prototype)) {
      const fn = (cls.prototype as Record<string, unknown>)[name] as (...args: never[]) => unknown;
      const paths = Reflect.getMetadata(PATH_METADATA, fn) as string | string[] | undefined;
      if (paths === undefined) continue;
      const method = RequestMethod[Reflect.getMetadata(METHOD_METADATA, fn) as RequestMethod];
      const isPublic = reflector.getAllAndOverride<boolean>(PUBLIC_KEY, [fn, cls]) === true;
      const roles = reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, [fn, cls]);
      for (const prefix of prefixes) {
        for (const path of asList(paths)) routes.push({ key: routeKey(method, joinPath(prefix, path)), handler: `${cls.name}.${name}`, isPublic, roles });
      }
    }
  }
  return routes.sort((a, b) => a.key.localeCompare(b.key));
}

describe('routes of the application', () => {
  let t: TestApp;
  let routes: AppRoute[];

  beforeAll(async () => {
    t = await createTestApp();
    routes = appRoutes(t);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('are found (the enumeration reads the real controllers)', () => {
    const keys = routes.map((r) => r.key);
    expect(keys).toEqual(expect.arrayContaining(['GET /', 'GET /health', 'POST /login', 'GET /tenants/:id', 'GET /api/v1/tenants/:id', 'GET /files/:id', 'GET /api/v1/files/:id']));
    expect(routes.length).toBeGreaterThan(80);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('each carry @Public or @Roles naming at least one role (the guard refuses the rest)', () => {
    const undecorated = routes
      .filter((r) => !r.isPublic && !(Array.isArray(r.roles) && r.roles.length > 0 && r.roles.every(isRole)))
      .map((r) => `${r.key} (${r.handler})`);
    expect(undecorated).toEqual([]);
  });

  it('each have a row in the authorization matrix', () => {
    const unmatched = routes.filter((r) => !MATRIX_ROUTES.has(r.key)).map((r) => `${r.key} (${r.handler})`);
    expect(unmatched).toEqual([]);
  });

  it('are all the authorization matrix names (no row for a route that is gone)', () => {
    const existing = new Set(routes.map((r) => r.key));
    expect([...MATRIX_ROUTES].filter((key) => !existing.has(key))).toEqual([]);
  });

  it('are @Public exactly where the matrix says anyone may call them', () => {
    const publicInMatrix = new Set(MATRIX.filter((row) => row.public && !row.outsideNest).map((row) => row.route));
    const mismatched = routes.filter((r) => r.isPublic !== publicInMatrix.has(r.key)).map((r) => `${r.key} (${r.handler}): @Public ${r.isPublic ? 'set' : 'missing'}`);
    expect(mismatched).toEqual([]);
  });
});
