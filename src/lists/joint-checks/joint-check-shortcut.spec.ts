import express, { type NextFunction, type Request, type Response } from 'express';
import type { AddressInfo } from 'node:net';
import type { Principal } from '../../common/principal.js';
import { usccCheckCharacter } from '../../tenants/domain/uscc.rules.js';
import { jointCheckShortcut, type JointCheckShortcutDeps } from './joint-check-shortcut.js';

const body17 = '91320500000000100';
const USCC = body17 + usccCheckCharacter(body17);
const principal = (role: Principal['role']): Principal => ({
  userId: 7, email: 'x@example.org', name: 'X', role, tenantId: null, departmentId: null, institutionId: null, locale: null, via: 'token', mustChangePassword: false,
});
const ANSWER = { checkId: 'c0ffee00-0000-4000-8000-000000000000', uscc: USCC, name: '某公司', lists: [], grade: 'A', score: 90, asOf: '2026-10-31', measures: [] };

/** An app like the real stack around the route: JSON body parsing and a locale, the shortcut, then "the route". */
async function serve(deps: Partial<JointCheckShortcutDeps>) {
  const calls = { route: 0, check: [] as unknown[][], failed: [] as unknown[] };
  const full: JointCheckShortcutDeps = {
    tokens: { resolve: async (t: string) => (t === 'pt_staff' ? principal('park_staff') : t === 'pt_officer' ? principal('tenant_officer') : null) },
    service: { check: async (...args: unknown[]) => { calls.check.push(args); return ANSWER as never; } },
    fail: (err: unknown, _req: Request, res: Response) => { calls.failed.push(err); res.status(418).json({ failed: true }); },
    ...deps,
  };
  const app = express();
  app.use(express.json());
  app.use((_req: Request, res: Response, next: NextFunction) => { res.locals.locale = 'en'; next(); });
  app.post('/check', jointCheckShortcut(full));
  app.post('/check', (_req, res) => { calls.route++; res.json({ route: true }); });
  const server = app.listen(0);
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/check`;
  const post = (token: string | null, body: unknown) => fetch(base, {
    method: 'POST', headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: JSON.stringify(body),
  });
  return { calls, post, close: () => { server.closeAllConnections(); server.close(); } };
}

describe('jointCheckShortcut (the usual joint check ahead of Nest\'s pipeline)', () => {
  const good = { uscc: ` ${USCC.toLowerCase()} `, purpose: 'administrative_approval', requester: '区政务服务中心（审批）' };

  it('answers a reader\'s token with a well-formed body itself: the service\'s answer as JSON, no ETag, the route not reached', async () => {
    const s = await serve({});
    try {
      const res = await s.post('pt_staff', good);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
      expect(res.headers.get('etag')).toBeNull();
      expect(await res.json()).toEqual(ANSWER);
      expect(s.calls.route).toBe(0);
      // The controller's DTO as wellFormedJointCheck makes it (USCC normalised, text trimmed), the principal, the locale.
      const [dto, who, locale] = s.calls.check[0] as [Record<string, unknown>, Principal, string];
      expect({ ...dto }).toEqual({ uscc: USCC, purpose: 'administrative_approval', requester: '区政务服务中心（审批）' });
      expect(who).toMatchObject({ userId: 7, role: 'park_staff' });
      expect(locale).toBe('en');
    } finally {
      s.close();
    }
  });

  it.each([
    ['no token', null, good],
    ['an unknown token', 'pt_unknown', good],
    ['a role the route refuses', 'pt_officer', good],
    ['an extra field', 'pt_staff', { ...good, extra: '1' }],
    ['a missing field', 'pt_staff', { uscc: USCC, purpose: 'subsidy' }],
    ['a malformed USCC', 'pt_staff', { ...good, uscc: '9132' }],
    ['a number for text', 'pt_staff', { ...good, requester: 5 }],
    ['an array body', 'pt_staff', [good]],
  ])('passes %s on to the route untouched', async (_what, token, body) => {
    const s = await serve({});
    try {
      const res = await s.post(token, body);
      expect(await res.json()).toEqual({ route: true });
      expect(s.calls.route).toBe(1);
      expect(s.calls.check).toHaveLength(0);
    } finally {
      s.close();
    }
  });

  it('passes on to the route when the token cannot be read (the route\'s guard answers that)', async () => {
    const s = await serve({ tokens: { resolve: async () => { throw new Error('database down'); } } });
    try {
      expect(await (await s.post('pt_staff', good)).json()).toEqual({ route: true });
    } finally {
      s.close();
    }
  });

  it('hands the service\'s error to the exception filter, not to the route (nothing is checked twice)', async () => {
    const boom = new Error('unknown USCC');
    const s = await serve({ service: { check: async () => { throw boom; } } });
    try {
      const res = await s.post('pt_staff', good);
      expect(res.status).toBe(418);
      expect(s.calls.failed).toEqual([boom]);
      expect(s.calls.route).toBe(0);
    } finally {
      s.close();
    }
  });
});
