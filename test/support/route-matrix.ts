import type { Role } from '../../src/accounts/domain/roles.js';
import type { MatrixFixtures } from './matrix-fixtures.js';
import { testUscc } from './test-app.js';

/**
 * The authorization matrix: every route of the application (METHOD + path pattern, as the
 * controllers declare it) with the status each caller gets. test/e2e/authorization-matrix.e2e-spec.ts
 * plays every cell; test/e2e/routes.e2e-suite.ts fails when the running app has a route without a row.
 *
 * Pages are requested by logged-in browsers (session cookie + CSRF token), the API with Bearer
 * tokens. A POST carries a body the allowed roles' own checks answer deterministically (usually a
 * validation 400) so that no cell depends on another one having run.
 */
export type Who = 'anonymous' | Role;
export const WHO: readonly Who[] = ['anonymous', 'admin', 'park_staff', 'tenant_officer', 'evaluator', 'regulator'];

export type Method = 'GET' | 'POST' | 'PATCH';

export interface MatrixRow {
  /** METHOD and path pattern exactly as the controllers declare them, e.g. `GET /tenants/:id`. */
  route: string;
  /** Which record the row aims at when a route has several rows (a tenant officer's own tenant, another's). */
  variant?: 'own' | 'other';
  kind: 'page' | 'api';
  path: (f: MatrixFixtures, who: Who) => string;
  body?: (f: MatrixFixtures, who: Who) => Record<string, unknown>;
  /** Where a 303 leads for a caller the route lets in; anonymous callers of a non-public page go to the login page. */
  redirect?: (f: MatrixFixtures, who: Who) => string;
  /** The route is @Public (the route enumeration checks this against the decorator). */
  public?: true;
  /** The answer is a file (CSV, XLSX, PDF, attachment), not a page. */
  download?: true;
  /** Each caller uses a session logged in for this call only (the route ends the session). */
  freshSession?: true;
  /** Served by a library outside Nest's router (Swagger), so the route enumeration does not list it. */
  outsideNest?: true;
  expected: Record<Who, number>;
}

/** Expected statuses in WHO order: anonymous, admin, park_staff, tenant_officer, evaluator, regulator. */
export function cells(anonymous: number, admin: number, parkStaff: number, tenantOfficer: number, evaluator: number, regulator: number): Record<Who, number> {
  return { anonymous, admin, park_staff: parkStaff, tenant_officer: tenantOfficer, evaluator, regulator };
}

/** Anonymous page → redirect to /login?next=… */
export const LOGIN = 303;
/** Ids no record has. */
export const MISSING = 99999999;

/** @Roles(...ADMINS): the admin gets `status`, other roles 403. */
const adminPage = (status: number) => cells(LOGIN, status, 403, 403, 403, 403);
/** @Roles(...MANAGERS) (park staff; an admin passes too). */
const managersPage = (status: number) => cells(LOGIN, status, status, 403, 403, 403);
const managersApi = (status: number) => cells(401, status, status, 403, 403, 403);
/** @Roles(...READERS) (park staff, admins, regulators). */
const readersPage = (status: number) => cells(LOGIN, status, status, 403, 403, status);
const readersApi = (status: number) => cells(401, status, status, 403, 403, status);
/** @Roles(...TENANT_READERS) on a record of the officer's own tenant, and of another tenant (404: nothing revealed). */
const tenantReadersOwnPage = cells(LOGIN, 200, 200, 200, 403, 200);
const tenantReadersOtherPage = cells(LOGIN, 200, 200, 404, 403, 200);
const tenantReadersOwnApi = cells(401, 200, 200, 200, 403, 200);
const tenantReadersOtherApi = cells(401, 200, 200, 404, 403, 200);
/** @Roles(...OFFICERS): only a tenant officer. */
const officerPage = (status: number) => cells(LOGIN, 403, 403, status, 403, 403);
const officerApi = (status: number) => cells(401, 403, 403, status, 403, 403);
/** @Roles(...EVERYONE): anyone logged in. */
const everyonePage = (status: number) => cells(LOGIN, status, status, status, status, status);
const everyoneApi = (status: number) => cells(401, status, status, status, status, status);
/** @Public */
const everybody = (status: number) => cells(status, status, status, status, status, status);

/** @Roles(...REGULATORS): regulators only (an admin does not pass). */
const regulatorsPage = (status: number) => cells(LOGIN, 403, 403, 403, 403, status);
const regulatorsApi = (status: number) => cells(401, 403, 403, 403, 403, status);

const SIGN_BODY = { signerName: '张三', signerTitle: '合规负责人', consent: true };

export const MATRIX: MatrixRow[] = [
  // ── Home, health, account ──────────────────────────────────────────────────────────────────
  // EVERYONE; a tenant officer is sent on to their own tenant's hub.
  { route: 'GET /', kind: 'page', path: () => '/', redirect: (f) => `/tenants/${f.own.id}`, expected: cells(LOGIN, 200, 200, 303, 200, 200) },
  { route: 'GET /health', kind: 'api', path: () => '/health', public: true, expected: everybody(200) },
  { route: 'GET /health/ready', kind: 'api', path: () => '/health/ready', public: true, expected: everybody(200) },
  { route: 'GET /login', kind: 'page', path: () => '/login', public: true, expected: everybody(200) },
  // @Public; a form without e-mail and password is refused before any account is looked up.
  { route: 'POST /login', kind: 'page', path: () => '/login', body: () => ({}), public: true, expected: everybody(400) },
  { route: 'POST /logout', kind: 'page', path: () => '/logout', freshSession: true, redirect: () => '/login', public: true, expected: everybody(303) },
  { route: 'GET /locale/:lang', kind: 'page', path: () => '/locale/zh-CN', redirect: () => '/', public: true, expected: everybody(303) },
  { route: 'GET /account/forgot', kind: 'page', path: () => '/account/forgot', public: true, expected: everybody(200) },
  { route: 'POST /account/forgot', kind: 'page', path: () => '/account/forgot', body: () => ({}), public: true, expected: everybody(400) },
  { route: 'GET /account/reset', kind: 'page', path: () => '/account/reset', public: true, expected: everybody(200) },
  { route: 'POST /account/reset', kind: 'page', path: () => '/account/reset', body: () => ({}), public: true, expected: everybody(400) },
  { route: 'GET /account/password', kind: 'page', path: () => '/account/password', expected: everyonePage(200) },
  { route: 'POST /account/password', kind: 'page', path: () => '/account/password', body: () => ({}), expected: everyonePage(400) },
  { route: 'GET /account/sessions', kind: 'page', path: () => '/account/sessions', expected: everyonePage(200) },
  // Ends the caller's other sessions; the one asking stays.
  { route: 'POST /account/sessions/end-others', kind: 'page', path: () => '/account/sessions/end-others', redirect: () => '/account/sessions', expected: everyonePage(303) },
  // A handle none of the caller's sessions has.
  { route: 'POST /account/sessions/:handle/end', kind: 'page', path: () => `/account/sessions/${'0'.repeat(32)}/end`, expected: everyonePage(404) },
  { route: 'GET /api/v1/me', kind: 'api', path: () => '/api/v1/me', expected: everyoneApi(200) },
  { route: 'GET /api/docs-json', kind: 'api', path: () => '/api/docs-json', outsideNest: true, public: true, expected: everybody(200) },

  // ── Notifications: anyone logged in, only their own ────────────────────────────────────────
  { route: 'GET /notifications', kind: 'page', path: () => '/notifications', expected: everyonePage(200) },
  { route: 'POST /notifications/:id/read', kind: 'page', path: () => `/notifications/${MISSING}/read`, expected: everyonePage(404) },
  { route: 'POST /notifications/read-all', kind: 'page', path: () => '/notifications/read-all', redirect: () => '/notifications', expected: everyonePage(303) },
  { route: 'GET /api/v1/notifications', kind: 'api', path: () => '/api/v1/notifications', expected: everyoneApi(200) },
  { route: 'POST /api/v1/notifications/read-all', kind: 'api', path: () => '/api/v1/notifications/read-all', expected: everyoneApi(200) },
  { route: 'POST /api/v1/notifications/:id/read', kind: 'api', path: () => `/api/v1/notifications/${MISSING}/read`, expected: everyoneApi(404) },

  // ── Tenant registry ────────────────────────────────────────────────────────────────────────
  { route: 'GET /tenants', kind: 'page', path: () => '/tenants', expected: readersPage(200) },
  { route: 'GET /tenants/new', kind: 'page', path: () => '/tenants/new', expected: managersPage(200) },
  { route: 'POST /tenants', kind: 'page', path: () => '/tenants', body: () => ({}), expected: managersPage(400) },
  // TENANT_READERS + @TenantScoped('id')
  { route: 'GET /tenants/:id', variant: 'own', kind: 'page', path: (f) => `/tenants/${f.own.id}`, expected: tenantReadersOwnPage },
  { route: 'GET /tenants/:id', variant: 'other', kind: 'page', path: (f) => `/tenants/${f.other.id}`, expected: tenantReadersOtherPage },
  // MANAGERS: not even an officer's own tenant.
  { route: 'GET /tenants/:id/edit', kind: 'page', path: (f) => `/tenants/${f.own.id}/edit`, expected: managersPage(200) },
  { route: 'POST /tenants/:id', kind: 'page', path: (f) => `/tenants/${f.own.id}`, body: () => ({ uscc: 'not-a-uscc' }), expected: managersPage(400) },
  // Without a reason the confirmation page comes back with the error beside the field.
  { route: 'GET /tenants/:id/status', kind: 'page', path: (f) => `/tenants/${f.own.id}/status?status=suspended`, expected: managersPage(200) },
  { route: 'POST /tenants/:id/status', kind: 'page', path: (f) => `/tenants/${f.own.id}/status`, body: () => ({}), expected: managersPage(400) },
  // The own tenant's status never changed: nothing to reverse.
  { route: 'GET /tenants/:id/status/reverse', kind: 'page', path: (f) => `/tenants/${f.own.id}/status/reverse`, expected: managersPage(409) },
  { route: 'POST /tenants/:id/status/reverse', kind: 'page', path: (f) => `/tenants/${f.own.id}/status/reverse`, body: () => ({ reason: '授权矩阵测试' }), expected: managersPage(409) },
  { route: 'GET /tenants/bulk-status', kind: 'page', path: (f) => `/tenants/bulk-status?ids=${f.own.id}&ids=${f.other.id}&status=suspended`, expected: managersPage(200) },
  { route: 'POST /tenants/bulk-status', kind: 'page', path: () => '/tenants/bulk-status', body: () => ({}), expected: managersPage(400) },
  { route: 'GET /tenants/import', kind: 'page', path: () => '/tenants/import', expected: managersPage(200) },
  { route: 'GET /tenants/import/template.csv', kind: 'page', path: () => '/tenants/import/template.csv', download: true, expected: managersPage(200) },
  // No file: the form again with the problem.
  { route: 'POST /tenants/import', kind: 'page', path: () => '/tenants/import', body: () => ({}), expected: managersPage(400) },
  // Nothing checked in this session: back to the upload form.
  { route: 'GET /tenants/import/preview', kind: 'page', path: () => '/tenants/import/preview', redirect: () => '/tenants/import', expected: managersPage(303) },
  { route: 'POST /tenants/import/commit', kind: 'page', path: () => '/tenants/import/commit', redirect: () => '/tenants/import', expected: managersPage(303) },
  { route: 'GET /tenants/export.csv', kind: 'page', path: () => '/tenants/export.csv', download: true, expected: readersPage(200) },
  { route: 'GET /tenants/export.xlsx', kind: 'page', path: () => '/tenants/export.xlsx', download: true, expected: readersPage(200) },

  { route: 'GET /api/v1/tenants', kind: 'api', path: () => '/api/v1/tenants', expected: cells(401, 200, 200, 200, 403, 200) },
  {
    route: 'POST /api/v1/tenants', kind: 'api', path: () => '/api/v1/tenants',
    body: (_f, who) => ({ uscc: testUscc(), name: `矩阵${who}有限公司`, legalRepresentative: '王五', industry: '电子信息', building: 'C3', movedInAt: '2024-06-01' }),
    expected: managersApi(201),
  },
  { route: 'GET /api/v1/tenants/:id', variant: 'own', kind: 'api', path: (f) => `/api/v1/tenants/${f.own.id}`, expected: tenantReadersOwnApi },
  { route: 'GET /api/v1/tenants/:id', variant: 'other', kind: 'api', path: (f) => `/api/v1/tenants/${f.other.id}`, expected: tenantReadersOtherApi },
  { route: 'PATCH /api/v1/tenants/:id', kind: 'api', path: (f) => `/api/v1/tenants/${f.own.id}`, body: (_f, who) => ({ contactPhone: `0755-${who.length}000` }), expected: managersApi(200) },
  // A tenant per caller, so every allowed call is a valid transition.
  { route: 'POST /api/v1/tenants/:id/status', kind: 'api', path: (f, who) => `/api/v1/tenants/${f.statusTarget[who]}/status`, body: () => ({ status: 'suspended', reason: '授权矩阵测试' }), expected: managersApi(201) },
  { route: 'POST /api/v1/tenants/import', kind: 'api', path: () => '/api/v1/tenants/import', expected: managersApi(400) },
  { route: 'GET /api/v1/tenants/export', kind: 'api', path: () => '/api/v1/tenants/export?format=csv', download: true, expected: readersApi(200) },
  { route: 'GET /buildings', kind: 'page', path: () => '/buildings', expected: managersPage(200) },
  { route: 'POST /buildings', kind: 'page', path: () => '/buildings', body: () => ({}), expected: managersPage(400) },
  { route: 'POST /buildings/:id', kind: 'page', path: () => `/buildings/${MISSING}`, body: () => ({}), expected: managersPage(400) },
  { route: 'POST /buildings/:id/retired', kind: 'page', path: () => `/buildings/${MISSING}/retired`, body: () => ({}), expected: managersPage(400) },

  // ── Administration: ADMINS on the controllers ──────────────────────────────────────────────
  { route: 'GET /admin/users', kind: 'page', path: () => '/admin/users', expected: adminPage(200) },
  { route: 'GET /admin/users/new', kind: 'page', path: () => '/admin/users/new', expected: adminPage(200) },
  { route: 'POST /admin/users', kind: 'page', path: () => '/admin/users', body: () => ({}), expected: adminPage(400) },
  { route: 'GET /admin/users/:id', kind: 'page', path: (f) => `/admin/users/${f.adminTarget.userId}`, expected: adminPage(200) },
  { route: 'POST /admin/users/:id', kind: 'page', path: (f) => `/admin/users/${f.adminTarget.userId}`, body: () => ({}), expected: adminPage(400) },
  { route: 'POST /admin/users/:id/disable', kind: 'page', path: (f) => `/admin/users/${f.adminTarget.userId}/disable`, redirect: (f) => `/admin/users/${f.adminTarget.userId}`, expected: adminPage(303) },
  { route: 'POST /admin/users/:id/enable', kind: 'page', path: (f) => `/admin/users/${f.adminTarget.userId}/enable`, redirect: (f) => `/admin/users/${f.adminTarget.userId}`, expected: adminPage(303) },
  { route: 'POST /admin/users/:id/password', kind: 'page', path: (f) => `/admin/users/${f.adminTarget.userId}/password`, body: () => ({}), expected: adminPage(400) },
  { route: 'POST /admin/users/:id/tokens', kind: 'page', path: (f) => `/admin/users/${f.adminTarget.userId}/tokens`, body: () => ({}), expected: adminPage(400) },
  {
    route: 'POST /admin/users/:id/tokens/:tokenId/revoke', kind: 'page', path: (f) => `/admin/users/${f.adminTarget.userId}/tokens/${f.adminTarget.tokenId}/revoke`,
    redirect: (f) => `/admin/users/${f.adminTarget.userId}`, expected: adminPage(303),
  },
  { route: 'GET /admin/departments', kind: 'page', path: () => '/admin/departments', expected: adminPage(200) },
  { route: 'GET /admin/departments/new', kind: 'page', path: () => '/admin/departments/new', expected: adminPage(200) },
  { route: 'GET /admin/departments/:id', kind: 'page', path: (f) => `/admin/departments/${f.departmentId}`, expected: adminPage(200) },
  { route: 'POST /admin/departments', kind: 'page', path: () => '/admin/departments', body: () => ({}), expected: adminPage(400) },
  { route: 'POST /admin/departments/:id', kind: 'page', path: (f) => `/admin/departments/${f.departmentId}`, body: () => ({}), expected: adminPage(400) },
  { route: 'GET /admin/audit', kind: 'page', path: () => '/admin/audit', expected: adminPage(200) },
  // A POST answered with a rendered page: 200.
  { route: 'POST /admin/audit/verify', kind: 'page', path: () => '/admin/audit/verify', expected: adminPage(200) },
  { route: 'GET /admin/jobs', kind: 'page', path: () => '/admin/jobs', expected: adminPage(200) },
  { route: 'POST /admin/jobs/:id/retry', kind: 'page', path: () => '/admin/jobs/no-such-job/retry', expected: adminPage(404) },
  { route: 'POST /admin/jobs/:id/discard', kind: 'page', path: () => '/admin/jobs/no-such-job/discard', expected: adminPage(404) },
  { route: 'GET /admin/schedule', kind: 'page', path: () => '/admin/schedule', expected: adminPage(200) },
  { route: 'GET /admin/outbox', kind: 'page', path: () => '/admin/outbox', expected: adminPage(200) },
  { route: 'POST /admin/outbox/test', kind: 'page', path: () => '/admin/outbox/test', redirect: () => '/admin/outbox', expected: adminPage(303) },
  { route: 'POST /admin/outbox/:id/resend', kind: 'page', path: () => `/admin/outbox/${MISSING}/resend`, expected: adminPage(404) },

  // ── Conventions: authoring (park staff write, regulators read) ─────────────────────────────
  { route: 'GET /conventions', kind: 'page', path: () => '/conventions', expected: readersPage(200) },
  { route: 'GET /conventions/new', kind: 'page', path: () => '/conventions/new', expected: managersPage(200) },
  { route: 'POST /conventions', kind: 'page', path: () => '/conventions', body: () => ({}), expected: managersPage(400) },
  { route: 'GET /conventions/versions/:id', kind: 'page', path: (f) => `/conventions/versions/${f.signed.versionId}`, expected: readersPage(200) },
  { route: 'GET /conventions/versions/:id/edit', kind: 'page', path: (f) => `/conventions/versions/${f.draftVersionId}/edit`, expected: managersPage(200) },
  { route: 'POST /conventions/versions/:id/edit', kind: 'page', path: (f) => `/conventions/versions/${f.draftVersionId}/edit`, body: () => ({}), expected: managersPage(400) },
  { route: 'GET /conventions/versions/:id/publish', kind: 'page', path: (f) => `/conventions/versions/${f.draftVersionId}/publish`, expected: managersPage(200) },
  // Aimed at a version already published, so an allowed caller gets 409 and nothing is published.
  { route: 'POST /conventions/versions/:id/publish', kind: 'page', path: (f) => `/conventions/versions/${f.signed.versionId}/publish`, expected: managersPage(409) },
  { route: 'GET /conventions/versions/:id/diff', kind: 'page', path: (f) => `/conventions/versions/${f.signed.versionId}/diff`, expected: readersPage(200) },
  // The convention has a draft already: it is opened (or the conflict flashed) rather than a second one made.
  {
    route: 'POST /conventions/:conventionId/versions', kind: 'page', path: (f) => `/conventions/${f.signed.conventionId}/versions`,
    redirect: () => '/conventions', expected: managersPage(303),
  },
  { route: 'GET /api/v1/conventions', kind: 'api', path: () => '/api/v1/conventions', expected: readersApi(200) },
  { route: 'GET /api/v1/conventions/versions/:id', kind: 'api', path: (f) => `/api/v1/conventions/versions/${f.signed.versionId}`, expected: readersApi(200) },

  // ── Conventions: signing ───────────────────────────────────────────────────────────────────
  { route: 'GET /conventions/my', kind: 'page', path: () => '/conventions/my', expected: officerPage(200) },
  { route: 'GET /conventions/obligations/:id', variant: 'own', kind: 'page', path: (f) => `/conventions/obligations/${f.unsigned.own}`, expected: tenantReadersOwnPage },
  { route: 'GET /conventions/obligations/:id', variant: 'other', kind: 'page', path: (f) => `/conventions/obligations/${f.unsigned.other}`, expected: tenantReadersOtherPage },
  // Own obligation, empty form: the field errors, nothing signed.
  { route: 'POST /conventions/obligations/:id/sign', variant: 'own', kind: 'page', path: (f) => `/conventions/obligations/${f.unsigned.own}/sign`, body: () => ({}), expected: officerPage(400) },
  // Another tenant's obligation with a complete form: as if it did not exist (404).
  {
    route: 'POST /conventions/obligations/:id/sign', variant: 'other', kind: 'page', path: (f) => `/conventions/obligations/${f.unsigned.other}/sign`,
    body: () => ({ ...SIGN_BODY, consent: 'on' }), expected: officerPage(404),
  },
  { route: 'GET /conventions/obligations/:id/paper', kind: 'page', path: (f) => `/conventions/obligations/${f.unsigned.own}/paper`, expected: managersPage(200) },
  // No scan and no fields: the form again with the problems.
  { route: 'POST /conventions/obligations/:id/paper', kind: 'page', path: (f) => `/conventions/obligations/${f.unsigned.own}/paper`, body: () => ({}), expected: managersPage(400) },
  { route: 'GET /conventions/signatures/:id', variant: 'own', kind: 'page', path: (f) => `/conventions/signatures/${f.signed.own}`, expected: tenantReadersOwnPage },
  { route: 'GET /conventions/signatures/:id', variant: 'other', kind: 'page', path: (f) => `/conventions/signatures/${f.signed.other}`, expected: tenantReadersOtherPage },
  { route: 'GET /conventions/signatures/:id/receipt.pdf', variant: 'own', kind: 'page', path: (f) => `/conventions/signatures/${f.signed.own}/receipt.pdf`, download: true, expected: tenantReadersOwnPage },
  { route: 'GET /conventions/signatures/:id/receipt.pdf', variant: 'other', kind: 'page', path: (f) => `/conventions/signatures/${f.signed.other}/receipt.pdf`, download: true, expected: tenantReadersOtherPage },
  { route: 'GET /conventions/versions/:id/progress', kind: 'page', path: (f) => `/conventions/versions/${f.signed.versionId}/progress`, expected: readersPage(200) },
  // Both tenants signed that version: nobody to remind, back to the progress page.
  { route: 'POST /conventions/versions/:id/remind', kind: 'page', path: (f) => `/conventions/versions/${f.signed.versionId}/remind`, redirect: (f) => `/conventions/versions/${f.signed.versionId}/progress`, expected: managersPage(303) },
  { route: 'GET /conventions/versions/:id/progress.csv', kind: 'page', path: (f) => `/conventions/versions/${f.signed.versionId}/progress.csv`, download: true, expected: readersPage(200) },
  { route: 'GET /conventions/versions/:id/progress.xlsx', kind: 'page', path: (f) => `/conventions/versions/${f.signed.versionId}/progress.xlsx`, download: true, expected: readersPage(200) },
  // @Public: anyone can check a receipt's code.
  { route: 'GET /verify', kind: 'page', path: (f) => `/verify?code=${encodeURIComponent(f.signed.code)}`, public: true, expected: everybody(200) },
  { route: 'GET /api/v1/verify/:code', kind: 'api', path: (f) => `/api/v1/verify/${encodeURIComponent(f.signed.code)}`, public: true, expected: everybody(200) },

  { route: 'GET /api/v1/conventions/my/obligations', kind: 'api', path: () => '/api/v1/conventions/my/obligations', expected: officerApi(200) },
  { route: 'POST /api/v1/conventions/obligations/:id/sign', variant: 'own', kind: 'api', path: (f) => `/api/v1/conventions/obligations/${f.unsigned.own}/sign`, body: () => ({}), expected: officerApi(400) },
  { route: 'POST /api/v1/conventions/obligations/:id/sign', variant: 'other', kind: 'api', path: (f) => `/api/v1/conventions/obligations/${f.unsigned.other}/sign`, body: () => SIGN_BODY, expected: officerApi(404) },
  { route: 'GET /api/v1/conventions/signatures/:id', variant: 'own', kind: 'api', path: (f) => `/api/v1/conventions/signatures/${f.signed.own}`, expected: tenantReadersOwnApi },
  { route: 'GET /api/v1/conventions/signatures/:id', variant: 'other', kind: 'api', path: (f) => `/api/v1/conventions/signatures/${f.signed.other}`, expected: tenantReadersOtherApi },

  // ── Conventions: breaches and their files ──────────────────────────────────────────────────
  { route: 'GET /conventions/breaches', kind: 'page', path: () => '/conventions/breaches', expected: readersPage(200) },
  { route: 'GET /conventions/breaches/new', kind: 'page', path: (f) => `/conventions/breaches/new?tenantId=${f.own.id}`, expected: managersPage(200) },
  { route: 'POST /conventions/breaches', kind: 'page', path: () => '/conventions/breaches', body: () => ({}), expected: managersPage(400) },
  { route: 'GET /conventions/breaches/:id', variant: 'own', kind: 'page', path: (f) => `/conventions/breaches/${f.breach.own}`, expected: tenantReadersOwnPage },
  { route: 'GET /conventions/breaches/:id', variant: 'other', kind: 'page', path: (f) => `/conventions/breaches/${f.breach.other}`, expected: tenantReadersOtherPage },
  { route: 'POST /conventions/breaches/:id/responses', variant: 'own', kind: 'page', path: (f) => `/conventions/breaches/${f.breach.own}/responses`, body: () => ({}), expected: officerPage(400) },
  { route: 'POST /conventions/breaches/:id/responses', variant: 'other', kind: 'page', path: (f) => `/conventions/breaches/${f.breach.other}/responses`, body: () => ({ text: '矩阵测试' }), expected: officerPage(404) },
  // Without a decision and a reason: the breach page again with the errors; nothing decided.
  { route: 'POST /conventions/breaches/:id/decision', kind: 'page', path: (f) => `/conventions/breaches/${f.breach.own}/decision`, body: () => ({}), expected: managersPage(400) },
  { route: 'GET /conventions/breaches/export.csv', kind: 'page', path: () => '/conventions/breaches/export.csv', download: true, expected: readersPage(200) },
  { route: 'GET /conventions/breaches/export.xlsx', kind: 'page', path: () => '/conventions/breaches/export.xlsx', download: true, expected: readersPage(200) },
  { route: 'GET /api/v1/conventions/breaches', kind: 'api', path: () => '/api/v1/conventions/breaches?status=recorded', expected: readersApi(200) },
  { route: 'GET /api/v1/conventions/breaches/export', kind: 'api', path: () => '/api/v1/conventions/breaches/export?format=csv', download: true, expected: readersApi(200) },
  // ── Trainings: scheduling (staff write; regulators and evaluators read) ───────────────────
  { route: 'GET /trainings', kind: 'page', path: () => '/trainings', expected: cells(LOGIN, 200, 200, 403, 200, 200) },
  { route: 'GET /trainings/new', kind: 'page', path: () => '/trainings/new', expected: managersPage(200) },
  { route: 'POST /trainings', kind: 'page', path: () => '/trainings', body: () => ({}), expected: managersPage(400) },
  { route: 'GET /trainings/:id', kind: 'page', path: () => `/trainings/${MISSING}`, expected: cells(LOGIN, 404, 404, 403, 404, 404) },
  { route: 'GET /trainings/:id/edit', kind: 'page', path: () => `/trainings/${MISSING}/edit`, expected: managersPage(404) },
  { route: 'POST /trainings/:id', kind: 'page', path: () => `/trainings/${MISSING}`, body: () => ({}), expected: managersPage(404) },
  { route: 'POST /trainings/:id/cancel', kind: 'page', path: () => `/trainings/${MISSING}/cancel`, body: () => ({}), expected: managersPage(404) },
  { route: 'GET /api/v1/trainings', kind: 'api', path: () => '/api/v1/trainings', expected: cells(401, 200, 200, 403, 200, 200) },
  { route: 'POST /api/v1/trainings', kind: 'api', path: () => '/api/v1/trainings', body: () => ({}), expected: managersApi(400) },
  { route: 'GET /api/v1/trainings/:id', kind: 'api', path: () => `/api/v1/trainings/${MISSING}`, expected: cells(401, 404, 404, 403, 404, 404) },
  { route: 'PATCH /api/v1/trainings/:id', kind: 'api', path: () => `/api/v1/trainings/${MISSING}`, body: () => ({}), expected: managersApi(400) },
  { route: 'POST /api/v1/trainings/:id/cancel', kind: 'api', path: () => `/api/v1/trainings/${MISSING}/cancel`, body: () => ({}), expected: managersApi(400) },
  // ── Trainings: registration, excuses, check-in, roll call ─────────────────────────────────────
  { route: 'GET /trainings/my', kind: 'page', path: () => '/trainings/my', expected: officerPage(200) },
  { route: 'POST /trainings/:id/register', kind: 'page', path: () => `/trainings/${MISSING}/register`, body: () => ({}), expected: officerPage(404) },
  { route: 'POST /trainings/registrations/:id/cancel', kind: 'page', path: () => `/trainings/registrations/${MISSING}/cancel`, body: () => ({}), expected: officerPage(404) },
  { route: 'GET /trainings/:id/excuse', kind: 'page', path: () => `/trainings/${MISSING}/excuse`, expected: officerPage(404) },
  { route: 'POST /trainings/:id/excuse', kind: 'page', path: () => `/trainings/${MISSING}/excuse`, body: () => ({}), expected: officerPage(404) },
  { route: 'GET /trainings/excuses', kind: 'page', path: () => '/trainings/excuses', expected: managersPage(200) },
  { route: 'POST /trainings/excuses/:id/decision', kind: 'page', path: () => `/trainings/excuses/${MISSING}/decision`, body: () => ({}), expected: managersPage(400) },
  { route: 'GET /trainings/:id/checkin-display', kind: 'page', path: () => `/trainings/${MISSING}/checkin-display`, expected: managersPage(404) },
  { route: 'GET /trainings/checkin', kind: 'page', path: () => '/trainings/checkin', expected: officerPage(200) },
  { route: 'POST /trainings/checkin', kind: 'page', path: () => '/trainings/checkin', body: () => ({}), expected: officerPage(400) },
  { route: 'GET /trainings/:id/rollcall', kind: 'page', path: () => `/trainings/${MISSING}/rollcall`, expected: managersPage(404) },
  { route: 'POST /trainings/:id/rollcall', kind: 'page', path: () => `/trainings/${MISSING}/rollcall`, body: () => ({}), expected: managersPage(404) },
  { route: 'GET /api/v1/trainings/my', kind: 'api', path: () => '/api/v1/trainings/my', expected: officerApi(200) },
  { route: 'POST /api/v1/trainings/:id/registrations', kind: 'api', path: () => `/api/v1/trainings/${MISSING}/registrations`, body: () => ({}), expected: officerApi(404) },
  { route: 'POST /api/v1/trainings/registrations/:id/cancel', kind: 'api', path: () => `/api/v1/trainings/registrations/${MISSING}/cancel`, body: () => ({}), expected: officerApi(404) },
  { route: 'POST /api/v1/trainings/:id/excuses', kind: 'api', path: () => `/api/v1/trainings/${MISSING}/excuses`, body: () => ({}), expected: officerApi(400) },
  { route: 'GET /api/v1/trainings/excuses', kind: 'api', path: () => '/api/v1/trainings/excuses', expected: managersApi(200) },
  { route: 'POST /api/v1/trainings/excuses/:id/decision', kind: 'api', path: () => `/api/v1/trainings/excuses/${MISSING}/decision`, body: () => ({}), expected: managersApi(400) },
  { route: 'POST /api/v1/trainings/:id/checkin', kind: 'api', path: () => `/api/v1/trainings/${MISSING}/checkin`, body: () => ({}), expected: officerApi(400) },
  { route: 'POST /api/v1/conventions/breaches/:id/decision', kind: 'api', path: (f) => `/api/v1/conventions/breaches/${f.breach.own}/decision`, body: () => ({}), expected: managersApi(400) },
  { route: 'GET /api/v1/tenants/:id/breaches', variant: 'own', kind: 'api', path: (f) => `/api/v1/tenants/${f.own.id}/breaches`, expected: tenantReadersOwnApi },
  { route: 'GET /api/v1/tenants/:id/breaches', variant: 'other', kind: 'api', path: (f) => `/api/v1/tenants/${f.other.id}/breaches`, expected: tenantReadersOtherApi },
  { route: 'GET /api/v1/conventions/breaches/:id', variant: 'own', kind: 'api', path: (f) => `/api/v1/conventions/breaches/${f.breach.own}`, expected: tenantReadersOwnApi },
  { route: 'GET /api/v1/conventions/breaches/:id', variant: 'other', kind: 'api', path: (f) => `/api/v1/conventions/breaches/${f.breach.other}`, expected: tenantReadersOtherApi },
  // EVERYONE reaches the route; the owning breach decides, and a refusal looks like a missing file (404).
  { route: 'GET /files/:id', variant: 'own', kind: 'page', path: (f) => `/files/${f.file.own}`, download: true, expected: cells(LOGIN, 200, 200, 200, 404, 200) },
  { route: 'GET /files/:id', variant: 'other', kind: 'page', path: (f) => `/files/${f.file.other}`, download: true, expected: cells(LOGIN, 200, 200, 404, 404, 200) },
  { route: 'GET /api/v1/files/:id', variant: 'own', kind: 'api', path: (f) => `/api/v1/files/${f.file.own}`, download: true, expected: cells(401, 200, 200, 200, 404, 200) },
  { route: 'GET /api/v1/files/:id', variant: 'other', kind: 'api', path: (f) => `/api/v1/files/${f.file.other}`, download: true, expected: cells(401, 200, 200, 404, 404, 200) },

  // ── Score facts (every pillar's, through the scoring context's port) ──────────────────────
  // ── Rulebook (issue 12): staff, regulators and admins read; admins draft and submit; a regulator who is not the author decides ──
  // Version 1 is the seeded default (approved: not editable, 409 on its editor).
  { route: 'GET /rulebook', kind: 'page', path: () => '/rulebook', expected: readersPage(200) },
  { route: 'GET /rulebook/versions/new', kind: 'page', path: () => '/rulebook/versions/new', expected: adminPage(200) },
  { route: 'POST /rulebook/versions', kind: 'page', path: () => '/rulebook/versions', body: () => ({}), expected: adminPage(400) },
  { route: 'GET /rulebook/versions/:id', kind: 'page', path: () => '/rulebook/versions/1', expected: readersPage(200) },
  { route: 'GET /rulebook/versions/:id/edit', kind: 'page', path: () => '/rulebook/versions/1/edit', expected: adminPage(409) },
  { route: 'POST /rulebook/versions/:id', kind: 'page', path: () => `/rulebook/versions/${MISSING}`, body: () => ({}), expected: adminPage(404) },
  { route: 'POST /rulebook/versions/:id/submit', kind: 'page', path: () => `/rulebook/versions/${MISSING}/submit`, body: () => ({}), expected: adminPage(404) },
  { route: 'POST /rulebook/versions/:id/backtest', kind: 'page', path: () => `/rulebook/versions/${MISSING}/backtest`, body: () => ({}), expected: adminPage(404) },
  { route: 'POST /rulebook/versions/:id/approve', kind: 'page', path: () => `/rulebook/versions/${MISSING}/approve`, body: () => ({}), expected: cells(LOGIN, 403, 403, 403, 403, 404) },
  { route: 'POST /rulebook/versions/:id/reject', kind: 'page', path: () => `/rulebook/versions/${MISSING}/reject`, body: () => ({ reason: 'x' }), expected: cells(LOGIN, 403, 403, 403, 403, 404) },
  { route: 'GET /api/v1/rulebook', kind: 'api', path: () => '/api/v1/rulebook', expected: readersApi(200) },
  { route: 'GET /api/v1/rulebook/versions', kind: 'api', path: () => '/api/v1/rulebook/versions', expected: readersApi(200) },
  { route: 'POST /api/v1/rulebook/versions', kind: 'api', path: () => '/api/v1/rulebook/versions', body: () => ({}), expected: cells(401, 422, 403, 403, 403, 403) },
  { route: 'GET /api/v1/rulebook/versions/:id', kind: 'api', path: () => '/api/v1/rulebook/versions/1', expected: readersApi(200) },
  { route: 'PATCH /api/v1/rulebook/versions/:id', kind: 'api', path: () => `/api/v1/rulebook/versions/${MISSING}`, body: () => ({}), expected: cells(401, 404, 403, 403, 403, 403) },
  { route: 'POST /api/v1/rulebook/versions/:id/submit', kind: 'api', path: () => `/api/v1/rulebook/versions/${MISSING}/submit`, expected: cells(401, 404, 403, 403, 403, 403) },
  { route: 'POST /api/v1/rulebook/versions/:id/approve', kind: 'api', path: () => `/api/v1/rulebook/versions/${MISSING}/approve`, expected: cells(401, 403, 403, 403, 403, 404) },
  { route: 'POST /api/v1/rulebook/versions/:id/reject', kind: 'api', path: () => `/api/v1/rulebook/versions/${MISSING}/reject`, body: () => ({ reason: 'x' }), expected: cells(401, 403, 403, 403, 403, 404) },
  // ── Scoring: a tenant's live score, what-if (helper C) ─────────────────────────────────────
  // TENANT_READERS + @TenantScoped('id'): another tenant's officer gets 404. The what-if POSTs name an option nobody is
  // offered, so every allowed caller gets the deterministic 422 (nothing is saved either way).
  { route: 'GET /tenants/:id/score', variant: 'own', kind: 'page', path: (f) => `/tenants/${f.own.id}/score`, expected: tenantReadersOwnPage },
  { route: 'GET /tenants/:id/score', variant: 'other', kind: 'page', path: (f) => `/tenants/${f.other.id}/score`, expected: tenantReadersOtherPage },
  { route: 'GET /tenants/:id/score/what-if', variant: 'own', kind: 'page', path: (f) => `/tenants/${f.own.id}/score/what-if`,
    redirect: (f) => `/tenants/${f.own.id}/score#score-what-if`, expected: cells(LOGIN, 303, 303, 303, 403, 303) },
  { route: 'GET /tenants/:id/score/what-if', variant: 'other', kind: 'page', path: (f) => `/tenants/${f.other.id}/score/what-if`,
    redirect: (f) => `/tenants/${f.other.id}/score#score-what-if`, expected: cells(LOGIN, 303, 303, 404, 403, 303) },
  { route: 'POST /tenants/:id/score/what-if', variant: 'own', kind: 'page', path: (f) => `/tenants/${f.own.id}/score/what-if`, body: () => ({ options: 'none:none:0' }),
    expected: cells(LOGIN, 422, 422, 422, 403, 422) },
  // No option ticked: the page with the score as it is (a 4xx page may not show the other tenant's name, so not the 422 here).
  { route: 'POST /tenants/:id/score/what-if', variant: 'other', kind: 'page', path: (f) => `/tenants/${f.other.id}/score/what-if`, body: () => ({}),
    expected: cells(LOGIN, 200, 200, 404, 403, 200) },
  { route: 'GET /api/v1/tenants/:id/score', variant: 'own', kind: 'api', path: (f) => `/api/v1/tenants/${f.own.id}/score`, expected: tenantReadersOwnApi },
  { route: 'GET /api/v1/tenants/:id/score', variant: 'other', kind: 'api', path: (f) => `/api/v1/tenants/${f.other.id}/score`, expected: tenantReadersOtherApi },
  { route: 'GET /api/v1/tenants/:id/score/what-if', variant: 'own', kind: 'api', path: (f) => `/api/v1/tenants/${f.own.id}/score/what-if`, expected: tenantReadersOwnApi },
  { route: 'GET /api/v1/tenants/:id/score/what-if', variant: 'other', kind: 'api', path: (f) => `/api/v1/tenants/${f.other.id}/score/what-if`, expected: tenantReadersOtherApi },
  { route: 'POST /api/v1/tenants/:id/score/what-if', variant: 'own', kind: 'api', path: (f) => `/api/v1/tenants/${f.own.id}/score/what-if`, body: () => ({ options: ['none:none:0'] }),
    expected: cells(401, 422, 422, 422, 403, 422) },
  { route: 'POST /api/v1/tenants/:id/score/what-if', variant: 'other', kind: 'api', path: (f) => `/api/v1/tenants/${f.other.id}/score/what-if`, body: () => ({ options: ['none:none:0'] }),
    expected: cells(401, 422, 422, 404, 403, 422) },

  // Scoring: the year (helper D2) — staff, admins and regulators.
  { route: 'GET /scores/annual', kind: 'page', path: () => '/scores/annual', expected: readersPage(200) },
  { route: 'GET /scores/annual/nominations', kind: 'page', path: () => '/scores/annual/nominations', expected: readersPage(200) },
  { route: 'GET /scores/annual/export.csv', kind: 'page', path: () => '/scores/annual/export.csv', download: true, expected: readersPage(200) },
  { route: 'GET /scores/annual/export.xlsx', kind: 'page', path: () => '/scores/annual/export.xlsx', download: true, expected: readersPage(200) },
  { route: 'GET /api/v1/score-years/:year', kind: 'api', path: () => '/api/v1/score-years/2026', expected: readersApi(200) },
  { route: 'GET /api/v1/score-years/:year/nominations', kind: 'api', path: () => '/api/v1/score-years/2026/nominations', expected: readersApi(200) },
  { route: 'GET /api/v1/score-years/:year/export', kind: 'api', path: () => '/api/v1/score-years/2026/export?format=csv', download: true, expected: readersApi(200) },
  // ── Scoring: the monthly cycle ──
  { route: 'GET /scores', kind: 'page', path: () => '/scores', expected: readersPage(200) },
  { route: 'POST /scores/run', kind: 'page', path: () => '/scores/run', body: () => ({}), expected: managersPage(400) },
  { route: 'GET /scores/:month', kind: 'page', path: () => '/scores/2001-01', expected: readersPage(404) },
  { route: 'GET /scores/:month/export', kind: 'page', path: () => '/scores/2001-01/export?format=csv', expected: readersPage(404) },
  { route: 'POST /scores/:month/countersign', kind: 'page', path: () => '/scores/2001-01/countersign', body: () => ({}), expected: cells(LOGIN, 403, 403, 403, 403, 404) },
  { route: 'POST /scores/:month/publish', kind: 'page', path: () => '/scores/2001-01/publish', body: () => ({}), expected: managersPage(404) },
  { route: 'POST /scores/:month/errata', kind: 'page', path: () => '/scores/2001-01/errata', body: () => ({}), expected: managersPage(404) },
  { route: 'GET /scores/:month/tenants/:tenantId', variant: 'own', kind: 'page', path: (f) => `/scores/2001-01/tenants/${f.own.id}`, expected: cells(LOGIN, 404, 404, 404, 403, 404) },
  { route: 'GET /scores/:month/tenants/:tenantId', variant: 'other', kind: 'page', path: (f) => `/scores/2001-01/tenants/${f.other.id}`, expected: cells(LOGIN, 404, 404, 404, 403, 404) },
  { route: 'POST /scores/:month/tenants/:tenantId/adjustment', kind: 'page', path: (f) => `/scores/2001-01/tenants/${f.own.id}/adjustment`, body: () => ({}), expected: managersPage(404) },
  { route: 'POST /scores/:month/tenants/:tenantId/objections', variant: 'own', kind: 'page', path: (f) => `/scores/2001-01/tenants/${f.own.id}/objections`, body: () => ({}), expected: cells(LOGIN, 403, 403, 404, 403, 403) },
  { route: 'POST /scores/:month/tenants/:tenantId/objections', variant: 'other', kind: 'page', path: (f) => `/scores/2001-01/tenants/${f.other.id}/objections`, body: () => ({}), expected: cells(LOGIN, 403, 403, 404, 403, 403) },
  { route: 'POST /scores/:month/objections/:id/answer', kind: 'page', path: () => `/scores/2001-01/objections/${MISSING}/answer`, body: () => ({}), expected: managersPage(404) },
  { route: 'GET /api/v1/score-months', kind: 'api', path: () => '/api/v1/score-months', expected: readersApi(200) },
  { route: 'GET /api/v1/score-months/:month', kind: 'api', path: () => '/api/v1/score-months/2001-01', expected: readersApi(404) },
  { route: 'GET /api/v1/score-months/:month/snapshots', kind: 'api', path: () => '/api/v1/score-months/2001-01/snapshots', expected: readersApi(404) },
  { route: 'GET /api/v1/score-months/:month/export', kind: 'api', path: () => '/api/v1/score-months/2001-01/export', expected: readersApi(404) },
  { route: 'GET /api/v1/score-months/:month/tenants/:tenantId', variant: 'own', kind: 'api', path: (f) => `/api/v1/score-months/2001-01/tenants/${f.own.id}`, expected: cells(401, 404, 404, 404, 403, 404) },
  { route: 'GET /api/v1/score-months/:month/tenants/:tenantId', variant: 'other', kind: 'api', path: (f) => `/api/v1/score-months/2001-01/tenants/${f.other.id}`, expected: cells(401, 404, 404, 404, 403, 404) },
  // 'bad' is not a month: 400 before anything is queued.
  { route: 'POST /api/v1/score-months/:month/run', kind: 'api', path: () => '/api/v1/score-months/bad/run', body: () => ({}), expected: managersApi(400) },
  { route: 'POST /api/v1/score-months/:month/tenants/:tenantId/adjustment', kind: 'api', path: (f) => `/api/v1/score-months/2001-01/tenants/${f.own.id}/adjustment`, body: () => ({ points: 1, reason: '矩阵测试' }), expected: managersApi(404) },
  { route: 'POST /api/v1/score-months/:month/tenants/:tenantId/objections', variant: 'own', kind: 'api', path: (f) => `/api/v1/score-months/2001-01/tenants/${f.own.id}/objections`, body: () => ({ reason: '矩阵测试' }), expected: cells(401, 403, 403, 404, 403, 403) },
  { route: 'POST /api/v1/score-months/:month/tenants/:tenantId/objections', variant: 'other', kind: 'api', path: (f) => `/api/v1/score-months/2001-01/tenants/${f.other.id}/objections`, body: () => ({ reason: '矩阵测试' }), expected: cells(401, 403, 403, 404, 403, 403) },
  { route: 'POST /api/v1/score-months/:month/objections/:id/answer', kind: 'api', path: () => `/api/v1/score-months/2001-01/objections/${MISSING}/answer`, body: () => ({ answer: 'rejected', reason: '矩阵测试' }), expected: managersApi(404) },
  { route: 'POST /api/v1/score-months/:month/countersign', kind: 'api', path: () => '/api/v1/score-months/2001-01/countersign', body: () => ({}), expected: cells(401, 403, 403, 403, 403, 404) },
  { route: 'POST /api/v1/score-months/:month/publish', kind: 'api', path: () => '/api/v1/score-months/2001-01/publish', body: () => ({}), expected: managersApi(404) },
  { route: 'POST /api/v1/score-months/:month/errata', kind: 'api', path: () => '/api/v1/score-months/2001-01/errata', body: () => ({ tenantId: 1, score: 80, reason: '矩阵测试' }), expected: managersApi(404) },
  { route: 'GET /api/v1/tenants/:id/facts', variant: 'own', kind: 'api', path: (f) => `/api/v1/tenants/${f.own.id}/facts`, expected: tenantReadersOwnApi },
  { route: 'GET /api/v1/tenants/:id/facts', variant: 'other', kind: 'api', path: (f) => `/api/v1/tenants/${f.other.id}/facts`, expected: tenantReadersOtherApi },
  // ── Evaluations (issue 11): admins keep institutions and dimensions; evaluators submit; staff accept and resolve; officers dispute ──
  { route: 'GET /admin/institutions', kind: 'page', path: () => '/admin/institutions', expected: adminPage(200) },
  { route: 'GET /admin/institutions/new', kind: 'page', path: () => '/admin/institutions/new', expected: adminPage(200) },
  { route: 'POST /admin/institutions', kind: 'page', path: () => '/admin/institutions', body: () => ({}), expected: adminPage(400) },
  { route: 'GET /admin/institutions/:id', kind: 'page', path: (f) => `/admin/institutions/${f.evaluation.institutionId}`, expected: adminPage(200) },
  { route: 'GET /admin/institutions/:id/edit', kind: 'page', path: (f) => `/admin/institutions/${f.evaluation.institutionId}/edit`, expected: adminPage(200) },
  { route: 'POST /admin/institutions/:id', kind: 'page', path: (f) => `/admin/institutions/${f.evaluation.institutionId}`, body: () => ({}), expected: adminPage(400) },
  { route: 'POST /admin/institutions/:id/engagements', kind: 'page', path: () => `/admin/institutions/${MISSING}/engagements`, body: () => ({}), expected: adminPage(404) },
  { route: 'POST /admin/institutions/engagements/:id/cancel', kind: 'page', path: () => `/admin/institutions/engagements/${MISSING}/cancel`, body: () => ({}), expected: adminPage(404) },
  { route: 'POST /admin/institutions/:id/evaluators', kind: 'page', path: () => `/admin/institutions/${MISSING}/evaluators`, body: () => ({}), expected: adminPage(404) },
  { route: 'POST /admin/institutions/:id/evaluators/:userId/unbind', kind: 'page', path: (f) => `/admin/institutions/${f.evaluation.institutionId}/evaluators/${MISSING}/unbind`, body: () => ({}), expected: adminPage(404) },
  { route: 'GET /admin/evaluation-dimensions', kind: 'page', path: () => '/admin/evaluation-dimensions', expected: adminPage(200) },
  { route: 'POST /admin/evaluation-dimensions', kind: 'page', path: () => '/admin/evaluation-dimensions', body: () => ({}), expected: adminPage(400) },
  { route: 'POST /admin/evaluation-dimensions/:id', kind: 'page', path: () => `/admin/evaluation-dimensions/${MISSING}`, body: () => ({}), expected: adminPage(400) },
  // EVALUATION_READERS: everyone logged in; an officer sees only its tenant's, an evaluator its institution's (both matrix evaluations).
  { route: 'GET /evaluations', kind: 'page', path: () => '/evaluations', expected: everyonePage(200) },
  { route: 'GET /evaluations/export.csv', kind: 'page', path: () => '/evaluations/export.csv', download: true, expected: everyonePage(200) },
  { route: 'GET /evaluations/export.xlsx', kind: 'page', path: () => '/evaluations/export.xlsx', download: true, expected: everyonePage(200) },
  { route: 'GET /evaluations/new', kind: 'page', path: () => '/evaluations/new', expected: cells(LOGIN, 403, 403, 403, 200, 403) },
  { route: 'POST /evaluations', kind: 'page', path: () => '/evaluations', body: () => ({}), expected: cells(LOGIN, 403, 403, 403, 400, 403) },
  { route: 'GET /evaluations/:id', variant: 'own', kind: 'page', path: (f) => `/evaluations/${f.evaluation.own}`, expected: everyonePage(200) },
  { route: 'GET /evaluations/:id', variant: 'other', kind: 'page', path: (f) => `/evaluations/${f.evaluation.other}`, expected: cells(LOGIN, 200, 200, 404, 200, 200) },
  // Without a file: 400 on `report` (the evaluation is the evaluator's, still submitted).
  { route: 'POST /evaluations/:id/report', kind: 'page', path: (f) => `/evaluations/${f.evaluation.own}/report`, body: () => ({}), expected: cells(LOGIN, 403, 403, 403, 400, 403) },
  { route: 'POST /evaluations/:id/accept', kind: 'page', path: () => `/evaluations/${MISSING}/accept`, body: () => ({}), expected: managersPage(404) },
  { route: 'POST /evaluations/:id/dispute', kind: 'page', path: () => `/evaluations/${MISSING}/dispute`, body: () => ({}), expected: officerPage(404) },
  { route: 'POST /evaluations/disputes/:id/resolve', kind: 'page', path: () => `/evaluations/disputes/${MISSING}/resolve`, body: () => ({}), expected: managersPage(404) },
  { route: 'GET /api/v1/evaluation-dimensions', kind: 'api', path: () => '/api/v1/evaluation-dimensions', expected: everyoneApi(200) },
  { route: 'GET /api/v1/evaluations', kind: 'api', path: () => '/api/v1/evaluations', expected: everyoneApi(200) },
  { route: 'GET /api/v1/evaluations/export', kind: 'api', path: () => '/api/v1/evaluations/export?format=csv', download: true, expected: everyoneApi(200) },
  { route: 'GET /api/v1/evaluations/engagements', kind: 'api', path: () => '/api/v1/evaluations/engagements', expected: cells(401, 403, 403, 403, 200, 403) },
  { route: 'POST /api/v1/evaluations', kind: 'api', path: () => '/api/v1/evaluations', body: () => ({}), expected: cells(401, 403, 403, 403, 400, 403) },
  { route: 'GET /api/v1/evaluations/:id', variant: 'own', kind: 'api', path: (f) => `/api/v1/evaluations/${f.evaluation.own}`, expected: everyoneApi(200) },
  { route: 'GET /api/v1/evaluations/:id', variant: 'other', kind: 'api', path: (f) => `/api/v1/evaluations/${f.evaluation.other}`, expected: cells(401, 200, 200, 404, 200, 200) },
  { route: 'POST /api/v1/evaluations/:id/report', kind: 'api', path: () => `/api/v1/evaluations/${MISSING}/report`, body: () => ({}), expected: cells(401, 403, 403, 403, 404, 403) },
  { route: 'POST /api/v1/evaluations/:id/accept', kind: 'api', path: () => `/api/v1/evaluations/${MISSING}/accept`, body: () => ({}), expected: managersApi(404) },
  { route: 'POST /api/v1/evaluations/:id/disputes', kind: 'api', path: () => `/api/v1/evaluations/${MISSING}/disputes`, body: () => ({}), expected: officerApi(404) },
  { route: 'POST /api/v1/evaluations/disputes/:id/resolve', kind: 'api', path: () => `/api/v1/evaluations/disputes/${MISSING}/resolve`, body: () => ({}), expected: managersApi(400) },
  // ── Trainings: attendance (staff and regulators read; an officer only its own tenant) ───────
  { route: 'GET /trainings/attendance', kind: 'page', path: () => '/trainings/attendance', expected: readersPage(200) },
  { route: 'GET /trainings/attendance/export.csv', kind: 'page', path: () => '/trainings/attendance/export.csv', download: true, expected: readersPage(200) },
  { route: 'GET /trainings/attendance/export.xlsx', kind: 'page', path: () => '/trainings/attendance/export.xlsx', download: true, expected: readersPage(200) },
  { route: 'GET /trainings/:id/attendance', kind: 'page', path: (f) => `/trainings/${f.attendedSession}/attendance`, expected: readersPage(200) },
  { route: 'GET /trainings/:id/attendance.csv', kind: 'page', path: (f) => `/trainings/${f.attendedSession}/attendance.csv`, download: true, expected: readersPage(200) },
  { route: 'GET /trainings/:id/attendance.xlsx', kind: 'page', path: (f) => `/trainings/${f.attendedSession}/attendance.xlsx`, download: true, expected: readersPage(200) },
  { route: 'GET /tenants/:id/trainings', variant: 'own', kind: 'page', path: (f) => `/tenants/${f.own.id}/trainings`, expected: tenantReadersOwnPage },
  { route: 'GET /tenants/:id/trainings', variant: 'other', kind: 'page', path: (f) => `/tenants/${f.other.id}/trainings`, expected: tenantReadersOtherPage },
  { route: 'GET /tenants/:id/trainings/:sessionId/certificate.pdf', variant: 'own', kind: 'page', path: (f) => `/tenants/${f.own.id}/trainings/${f.attendedSession}/certificate.pdf`, download: true, expected: tenantReadersOwnPage },
  { route: 'GET /tenants/:id/trainings/:sessionId/certificate.pdf', variant: 'other', kind: 'page', path: (f) => `/tenants/${f.other.id}/trainings/${f.attendedSession}/certificate.pdf`, download: true, expected: tenantReadersOtherPage },
  { route: 'GET /trainings/:id/attendance/import', kind: 'page', path: (f) => `/trainings/${f.attendedSession}/attendance/import`, expected: managersPage(200) },
  // Without a file: the form again with the error; nothing kept.
  { route: 'POST /trainings/:id/attendance/import', kind: 'page', path: (f) => `/trainings/${f.attendedSession}/attendance/import`, body: () => ({}), expected: managersPage(400) },
  // Nothing checked in this session: back to the form.
  { route: 'GET /trainings/:id/attendance/import/preview', kind: 'page', path: (f) => `/trainings/${f.attendedSession}/attendance/import/preview`, redirect: (f) => `/trainings/${f.attendedSession}/attendance/import`, expected: managersPage(303) },
  { route: 'POST /trainings/:id/attendance/import/commit', kind: 'page', path: (f) => `/trainings/${f.attendedSession}/attendance/import/commit`, body: () => ({}), redirect: (f) => `/trainings/${f.attendedSession}/attendance/import`, expected: managersPage(303) },
  // ── Findings: import (staff for any department, regulators for their own) ────────────────────
  { route: 'GET /findings/import', kind: 'page', path: () => '/findings/import', expected: cells(LOGIN, 200, 200, 403, 403, 200) },
  // Without a file: the form again with the error; nothing kept.
  { route: 'POST /findings/import', kind: 'page', path: () => '/findings/import', body: () => ({}), expected: cells(LOGIN, 400, 400, 403, 403, 400) },
  // Nothing uploaded in this session: back to the upload form.
  { route: 'GET /findings/import/mapping', kind: 'page', path: () => '/findings/import/mapping', redirect: () => '/findings/import', expected: cells(LOGIN, 303, 303, 403, 403, 303) },
  { route: 'POST /findings/import/mapping', kind: 'page', path: () => '/findings/import/mapping', body: () => ({ col_0: 'uscc' }), redirect: () => '/findings/import', expected: cells(LOGIN, 303, 303, 403, 403, 303) },
  { route: 'GET /findings/import/preview', kind: 'page', path: () => '/findings/import/preview', redirect: () => '/findings/import', expected: cells(LOGIN, 303, 303, 403, 403, 303) },
  { route: 'POST /findings/import/commit', kind: 'page', path: () => '/findings/import/commit', body: () => ({}), redirect: () => '/findings/import', expected: cells(LOGIN, 303, 303, 403, 403, 303) },
  { route: 'GET /findings/annual-reports/import', kind: 'page', path: () => '/findings/annual-reports/import', expected: cells(LOGIN, 200, 200, 403, 403, 200) },
  { route: 'POST /findings/annual-reports/import', kind: 'page', path: () => '/findings/annual-reports/import', body: () => ({}), expected: cells(LOGIN, 400, 400, 403, 403, 400) },
  { route: 'GET /findings/annual-reports/import/preview', kind: 'page', path: () => '/findings/annual-reports/import/preview', redirect: () => '/findings/annual-reports/import', expected: cells(LOGIN, 303, 303, 403, 403, 303) },
  { route: 'POST /findings/annual-reports/import/commit', kind: 'page', path: () => '/findings/annual-reports/import/commit', body: () => ({}), redirect: () => '/findings/annual-reports/import', expected: cells(LOGIN, 303, 303, 403, 403, 303) },
  // Without a file: 400 on `file`.
  { route: 'POST /api/v1/findings/import', kind: 'api', path: () => '/api/v1/findings/import?dryRun=true', body: () => ({}), expected: cells(401, 400, 400, 403, 403, 400) },
  { route: 'POST /api/v1/annual-reports/import', kind: 'api', path: () => '/api/v1/annual-reports/import?dryRun=true', body: () => ({}), expected: cells(401, 400, 400, 403, 403, 400) },
  // ── Self-reports (officers claim for their own tenant; park staff decide; readers list) ──
  { route: 'GET /self-reports', kind: 'page', path: () => '/self-reports', expected: tenantReadersOwnPage },
  { route: 'GET /self-reports/new', kind: 'page', path: () => '/self-reports/new', expected: officerPage(200) },
  { route: 'POST /self-reports', kind: 'page', path: () => '/self-reports', body: () => ({}), expected: officerPage(400) },
  { route: 'GET /self-reports/:id', variant: 'own', kind: 'page', path: (f) => `/self-reports/${f.selfReport.own}`, expected: tenantReadersOwnPage },
  { route: 'GET /self-reports/:id', variant: 'other', kind: 'page', path: (f) => `/self-reports/${f.selfReport.other}`, expected: tenantReadersOtherPage },
  { route: 'POST /self-reports/:id/evidence', variant: 'own', kind: 'page', path: (f) => `/self-reports/${f.selfReport.own}/evidence`, body: () => ({}), expected: officerPage(400) },
  { route: 'POST /self-reports/:id/evidence', variant: 'other', kind: 'page', path: (f) => `/self-reports/${f.selfReport.other}/evidence`, body: () => ({}), expected: officerPage(404) },
  { route: 'POST /self-reports/:id/withdraw', variant: 'own', kind: 'page', path: (f) => `/self-reports/${f.selfReport.decided}/withdraw`, body: () => ({}), expected: officerPage(409) },
  { route: 'POST /self-reports/:id/withdraw', variant: 'other', kind: 'page', path: (f) => `/self-reports/${f.selfReport.other}/withdraw`, body: () => ({}), expected: officerPage(404) },
  { route: 'POST /self-reports/:id/decision', kind: 'page', path: (f) => `/self-reports/${f.selfReport.own}/decision`, body: () => ({}), expected: managersPage(400) },
  { route: 'GET /api/v1/self-reports', kind: 'api', path: () => '/api/v1/self-reports', expected: tenantReadersOwnApi },
  { route: 'GET /api/v1/self-reports/:id', variant: 'own', kind: 'api', path: (f) => `/api/v1/self-reports/${f.selfReport.own}`, expected: tenantReadersOwnApi },
  { route: 'GET /api/v1/self-reports/:id', variant: 'other', kind: 'api', path: (f) => `/api/v1/self-reports/${f.selfReport.other}`, expected: tenantReadersOtherApi },
  { route: 'POST /api/v1/self-reports', kind: 'api', path: () => '/api/v1/self-reports', body: () => ({}), expected: officerApi(400) },
  { route: 'POST /api/v1/self-reports/:id/evidence', variant: 'own', kind: 'api', path: (f) => `/api/v1/self-reports/${f.selfReport.own}/evidence`, body: () => ({}), expected: officerApi(400) },
  { route: 'POST /api/v1/self-reports/:id/evidence', variant: 'other', kind: 'api', path: (f) => `/api/v1/self-reports/${f.selfReport.other}/evidence`, body: () => ({}), expected: officerApi(404) },
  { route: 'POST /api/v1/self-reports/:id/withdraw', variant: 'own', kind: 'api', path: (f) => `/api/v1/self-reports/${f.selfReport.decided}/withdraw`, body: () => ({}), expected: officerApi(409) },
  { route: 'POST /api/v1/self-reports/:id/withdraw', variant: 'other', kind: 'api', path: (f) => `/api/v1/self-reports/${f.selfReport.other}/withdraw`, body: () => ({}), expected: officerApi(404) },
  { route: 'POST /api/v1/self-reports/:id/decision', kind: 'api', path: (f) => `/api/v1/self-reports/${f.selfReport.own}/decision`, body: () => ({}), expected: managersApi(400) },
  // ── Findings: rectification (the tenant's officers submit; the department's regulator, or staff where it delegated, decides) ──
  { route: 'GET /findings/rectifications', kind: 'page', path: () => '/findings/rectifications', expected: tenantReadersOwnPage },
  { route: 'GET /findings/:id/rectification', variant: 'own', kind: 'page', path: (f) => `/findings/${f.finding.own}/rectification`, expected: tenantReadersOwnPage },
  { route: 'GET /findings/:id/rectification', variant: 'other', kind: 'page', path: (f) => `/findings/${f.finding.other}/rectification`, expected: tenantReadersOtherPage },
  { route: 'POST /findings/:id/rectification', variant: 'own', kind: 'page', path: (f) => `/findings/${f.finding.own}/rectification`, body: () => ({}), expected: officerPage(400) },
  { route: 'POST /findings/:id/rectification', variant: 'other', kind: 'page', path: (f) => `/findings/${f.finding.other}/rectification`, body: () => ({ statement: '矩阵测试' }), expected: officerPage(404) },
  // Department 1 does not delegate: staff and admins are not its verifiers (403 before the body is looked at).
  { route: 'POST /findings/rectifications/:id/decision', kind: 'page', path: (f) => `/findings/rectifications/${f.rectification}/decision`, body: () => ({}), expected: cells(LOGIN, 403, 403, 403, 403, 400) },
  { route: 'GET /api/v1/findings/rectifications', kind: 'api', path: () => '/api/v1/findings/rectifications', expected: tenantReadersOwnApi },
  { route: 'GET /api/v1/findings/:id/rectification', variant: 'own', kind: 'api', path: (f) => `/api/v1/findings/${f.finding.own}/rectification`, expected: tenantReadersOwnApi },
  { route: 'GET /api/v1/findings/:id/rectification', variant: 'other', kind: 'api', path: (f) => `/api/v1/findings/${f.finding.other}/rectification`, expected: tenantReadersOtherApi },
  { route: 'POST /api/v1/findings/:id/rectification', variant: 'own', kind: 'api', path: (f) => `/api/v1/findings/${f.finding.own}/rectification`, body: () => ({}), expected: officerApi(400) },
  { route: 'POST /api/v1/findings/:id/rectification', variant: 'other', kind: 'api', path: (f) => `/api/v1/findings/${f.finding.other}/rectification`, body: () => ({ statement: '矩阵测试' }), expected: officerApi(404) },
  { route: 'POST /api/v1/findings/rectifications/:id/decision', kind: 'api', path: (f) => `/api/v1/findings/rectifications/${f.rectification}/decision`, body: () => ({}), expected: cells(401, 403, 403, 403, 403, 400) },
  // ── Findings: recording, register, detail (regulators record for their department; readers and the tenant's officers read) ──
  { route: 'GET /findings', kind: 'page', path: () => '/findings', expected: tenantReadersOwnPage },
  { route: 'GET /findings/export.csv', kind: 'page', path: () => '/findings/export.csv', download: true, expected: tenantReadersOwnPage },
  { route: 'GET /findings/export.xlsx', kind: 'page', path: () => '/findings/export.xlsx', download: true, expected: tenantReadersOwnPage },
  { route: 'GET /findings/new', kind: 'page', path: () => '/findings/new', expected: cells(LOGIN, 403, 403, 403, 403, 200) },
  { route: 'POST /findings', kind: 'page', path: () => '/findings', body: () => ({}), expected: cells(LOGIN, 403, 403, 403, 403, 400) },
  { route: 'GET /findings/:id', variant: 'own', kind: 'page', path: (f) => `/findings/${f.finding.own}`, expected: tenantReadersOwnPage },
  { route: 'GET /findings/:id', variant: 'other', kind: 'page', path: (f) => `/findings/${f.finding.other}`, expected: tenantReadersOtherPage },
  { route: 'POST /findings/:id/substantiation', kind: 'page', path: () => `/findings/${MISSING}/substantiation`, body: () => ({}), expected: cells(LOGIN, 403, 403, 403, 403, 404) },
  { route: 'POST /findings/:id/end', kind: 'page', path: () => `/findings/${MISSING}/end`, body: () => ({}), expected: cells(LOGIN, 404, 404, 403, 403, 404) },
  { route: 'GET /findings/annual-reports', kind: 'page', path: () => '/findings/annual-reports', expected: tenantReadersOwnPage },
  { route: 'POST /findings/annual-reports', kind: 'page', path: () => '/findings/annual-reports', body: () => ({}), expected: cells(LOGIN, 400, 400, 403, 403, 400) },
  { route: 'GET /api/v1/findings', kind: 'api', path: () => '/api/v1/findings', expected: tenantReadersOwnApi },
  { route: 'GET /api/v1/findings/export', kind: 'api', path: () => '/api/v1/findings/export?format=csv', download: true, expected: tenantReadersOwnApi },
  { route: 'POST /api/v1/findings', kind: 'api', path: () => '/api/v1/findings', body: () => ({}), expected: cells(401, 403, 403, 403, 403, 400) },
  { route: 'GET /api/v1/findings/:id', variant: 'own', kind: 'api', path: (f) => `/api/v1/findings/${f.finding.own}`, expected: tenantReadersOwnApi },
  { route: 'GET /api/v1/findings/:id', variant: 'other', kind: 'api', path: (f) => `/api/v1/findings/${f.finding.other}`, expected: tenantReadersOtherApi },
  { route: 'POST /api/v1/findings/:id/substantiation', kind: 'api', path: () => `/api/v1/findings/${MISSING}/substantiation`, body: () => ({}), expected: cells(401, 403, 403, 403, 403, 400) },
  { route: 'POST /api/v1/findings/:id/end', kind: 'api', path: () => `/api/v1/findings/${MISSING}/end`, body: () => ({}), expected: cells(401, 400, 400, 403, 403, 400) },
  { route: 'GET /api/v1/annual-reports', kind: 'api', path: () => '/api/v1/annual-reports', expected: tenantReadersOwnApi },
  { route: 'POST /api/v1/annual-reports', kind: 'api', path: () => '/api/v1/annual-reports', body: () => ({}), expected: cells(401, 400, 400, 403, 403, 400) },
  // ── Working calendar (issue 13, H1) ─────────────────────────────────────────────────────────
  // READERS read (admins pass); only admins edit. A POST with an empty body is a field-keyed 400.
  { route: 'GET /admin/calendar', kind: 'page', path: () => '/admin/calendar', expected: readersPage(200) },
  { route: 'POST /admin/calendar', kind: 'page', path: () => '/admin/calendar', body: () => ({}), expected: adminPage(400) },
  { route: 'POST /admin/calendar/range', kind: 'page', path: () => '/admin/calendar/range', body: () => ({}), expected: adminPage(400) },
  { route: 'GET /admin/calendar/:day/edit', kind: 'page', path: () => '/admin/calendar/2026-10-01/edit', expected: adminPage(200) },
  { route: 'POST /admin/calendar/:day', kind: 'page', path: () => '/admin/calendar/2026-10-01', body: () => ({}), expected: adminPage(400) },
  { route: 'POST /admin/calendar/:day/delete', kind: 'page', path: () => '/admin/calendar/2099-12-31/delete', body: () => ({}), expected: adminPage(404) },
  { route: 'GET /api/v1/calendar', kind: 'api', path: () => '/api/v1/calendar?year=2026', expected: readersApi(200) },
  { route: 'POST /api/v1/calendar/days', kind: 'api', path: () => '/api/v1/calendar/days', body: () => ({}), expected: cells(401, 400, 403, 403, 403, 403) },
  { route: 'POST /api/v1/calendar/ranges', kind: 'api', path: () => '/api/v1/calendar/ranges', body: () => ({}), expected: cells(401, 400, 403, 403, 403, 403) },
  { route: 'PATCH /api/v1/calendar/days/:day', kind: 'api', path: () => '/api/v1/calendar/days/2026-10-01', body: () => ({}), expected: cells(401, 400, 403, 403, 403, 403) },
  { route: 'POST /api/v1/calendar/days/:day/delete', kind: 'api', path: () => '/api/v1/calendar/days/2099-12-31/delete', body: () => ({}), expected: cells(401, 404, 403, 403, 403, 403) },

  // ── Credit information catalogue (issue 13, H1) ─────────────────────────────────────────────
  // Reading is @Public (a transparency document); only admins add and edit.
  { route: 'GET /credit-catalogue', kind: 'page', path: () => '/credit-catalogue', public: true, expected: everybody(200) },
  { route: 'GET /credit-catalogue/new', kind: 'page', path: () => '/credit-catalogue/new', expected: adminPage(200) },
  { route: 'POST /credit-catalogue/new', kind: 'page', path: () => '/credit-catalogue/new', body: () => ({}), expected: adminPage(400) },
  { route: 'GET /credit-catalogue/:id/edit', kind: 'page', path: () => '/credit-catalogue/1/edit', expected: adminPage(200) },
  { route: 'POST /credit-catalogue/:id/edit', kind: 'page', path: () => '/credit-catalogue/1/edit', body: () => ({}), expected: adminPage(400) },
  { route: 'GET /api/v1/credit-catalogue', kind: 'api', path: () => '/api/v1/credit-catalogue', public: true, expected: everybody(200) },
  { route: 'POST /api/v1/credit-catalogue', kind: 'api', path: () => '/api/v1/credit-catalogue', body: () => ({}), expected: cells(401, 400, 403, 403, 403, 403) },
  { route: 'PATCH /api/v1/credit-catalogue/:id', kind: 'api', path: () => '/api/v1/credit-catalogue/1', body: () => ({ publicity: 'sometimes' }), expected: cells(401, 400, 403, 403, 403, 403) },

  // Lists (issue 13, H2): red, black and watch list entries.
  { route: 'GET /lists', kind: 'page', path: () => '/lists', expected: tenantReadersOwnPage },
  { route: 'GET /lists/candidates', kind: 'page', path: () => '/lists/candidates', expected: readersPage(200) },
  { route: 'GET /lists/rules', kind: 'page', path: () => '/lists/rules', expected: readersPage(200) },
  { route: 'GET /lists/new', kind: 'page', path: () => '/lists/new', expected: readersPage(200) },
  { route: 'POST /lists/new', kind: 'page', path: () => '/lists/new', body: () => ({}), expected: readersPage(400) },
  { route: 'GET /lists/:id', variant: 'own', kind: 'page', path: (f) => `/lists/${f.listEntry.own}`, expected: tenantReadersOwnPage },
  { route: 'GET /lists/:id', variant: 'other', kind: 'page', path: (f) => `/lists/${f.listEntry.other}`, expected: tenantReadersOtherPage },
  { route: 'POST /lists/:id/objections', variant: 'own', kind: 'page', path: (f) => `/lists/${f.listEntry.own}/objections`, body: () => ({}), expected: officerPage(400) },
  { route: 'POST /lists/:id/objections', variant: 'other', kind: 'page', path: (f) => `/lists/${f.listEntry.other}/objections`, body: () => ({ text: '矩阵异议' }), expected: officerPage(404) },
  { route: 'POST /lists/:id/objections/:objectionId/answer', kind: 'page', path: (f) => `/lists/${f.listEntry.own}/objections/${MISSING}/answer`, body: () => ({}), expected: readersPage(400) },
  { route: 'POST /lists/:id/approve', kind: 'page', path: (f) => `/lists/${f.listEntry.own}/approve`, body: () => ({}), expected: regulatorsPage(400) },
  { route: 'POST /lists/:id/reject', kind: 'page', path: (f) => `/lists/${f.listEntry.own}/reject`, body: () => ({}), expected: regulatorsPage(400) },
  { route: 'POST /lists/:id/exit', kind: 'page', path: (f) => `/lists/${f.listEntry.own}/exit`, body: () => ({}), expected: regulatorsPage(400) },
  // Withdraw: the proposer (matrix park_staff) or an admin; the entry is decided, so both get 409; a regulator who did not propose it 403.
  { route: 'POST /lists/:id/withdraw', kind: 'page', path: (f) => `/lists/${f.listEntry.decided}/withdraw`, body: () => ({}), expected: cells(LOGIN, 409, 409, 403, 403, 403) },
  { route: 'GET /api/v1/lists/changes', kind: 'api', path: () => '/api/v1/lists/changes?since=2000-01-01T00:00:00Z', expected: readersApi(200) },
  { route: 'GET /api/v1/lists/candidates', kind: 'api', path: () => '/api/v1/lists/candidates?list=watch', expected: readersApi(200) },
  { route: 'GET /api/v1/lists/entries', kind: 'api', path: () => '/api/v1/lists/entries', expected: tenantReadersOwnApi },
  { route: 'GET /api/v1/lists/entries/:id', variant: 'own', kind: 'api', path: (f) => `/api/v1/lists/entries/${f.listEntry.own}`, expected: tenantReadersOwnApi },
  { route: 'GET /api/v1/lists/entries/:id', variant: 'other', kind: 'api', path: (f) => `/api/v1/lists/entries/${f.listEntry.other}`, expected: tenantReadersOtherApi },
  { route: 'POST /api/v1/lists/entries', kind: 'api', path: () => '/api/v1/lists/entries', body: () => ({}), expected: readersApi(400) },
  { route: 'POST /api/v1/lists/entries/:id/objections', variant: 'own', kind: 'api', path: (f) => `/api/v1/lists/entries/${f.listEntry.own}/objections`, body: () => ({}), expected: officerApi(400) },
  { route: 'POST /api/v1/lists/entries/:id/objections', variant: 'other', kind: 'api', path: (f) => `/api/v1/lists/entries/${f.listEntry.other}/objections`, body: () => ({ text: '矩阵异议' }), expected: officerApi(404) },
  { route: 'POST /api/v1/lists/entries/:id/objections/:objectionId/answer', kind: 'api', path: (f) => `/api/v1/lists/entries/${f.listEntry.own}/objections/${MISSING}/answer`, body: () => ({}), expected: readersApi(400) },
  { route: 'POST /api/v1/lists/entries/:id/approve', kind: 'api', path: (f) => `/api/v1/lists/entries/${f.listEntry.own}/approve`, body: () => ({}), expected: regulatorsApi(400) },
  { route: 'POST /api/v1/lists/entries/:id/reject', kind: 'api', path: (f) => `/api/v1/lists/entries/${f.listEntry.own}/reject`, body: () => ({}), expected: regulatorsApi(400) },
  { route: 'POST /api/v1/lists/entries/:id/exit', kind: 'api', path: (f) => `/api/v1/lists/entries/${f.listEntry.own}/exit`, body: () => ({}), expected: regulatorsApi(400) },
  { route: 'POST /api/v1/lists/entries/:id/withdraw', kind: 'api', path: (f) => `/api/v1/lists/entries/${f.listEntry.decided}/withdraw`, body: () => ({}), expected: cells(401, 409, 409, 403, 403, 403) },

  // Credit repair (lists issue, H3).
  { route: 'GET /repairs', kind: 'page', path: () => '/repairs', expected: tenantReadersOwnPage },
  { route: 'GET /repairs/new', kind: 'page', path: () => '/repairs/new', expected: officerPage(400) },
  { route: 'POST /repairs', kind: 'page', path: () => '/repairs', body: () => ({}), expected: officerPage(400) },
  { route: 'GET /repairs/:id', variant: 'own', kind: 'page', path: (f) => `/repairs/${f.repair.own}`, expected: tenantReadersOwnPage },
  { route: 'GET /repairs/:id', variant: 'other', kind: 'page', path: (f) => `/repairs/${f.repair.other}`, expected: tenantReadersOtherPage },
  { route: 'POST /repairs/:id/evidence', variant: 'own', kind: 'page', path: (f) => `/repairs/${f.repair.own}/evidence`, body: () => ({}), expected: officerPage(400) },
  { route: 'POST /repairs/:id/evidence', variant: 'other', kind: 'page', path: (f) => `/repairs/${f.repair.other}/evidence`, body: () => ({}), expected: officerPage(404) },
  { route: 'POST /repairs/:id/withdraw', variant: 'own', kind: 'page', path: (f) => `/repairs/${f.repair.decided}/withdraw`, body: () => ({}), expected: officerPage(409) },
  { route: 'POST /repairs/:id/withdraw', variant: 'other', kind: 'page', path: (f) => `/repairs/${f.repair.other}/withdraw`, body: () => ({}), expected: officerPage(404) },
  { route: 'POST /repairs/:id/reply', kind: 'page', path: (f) => `/repairs/${f.repair.own}/reply`, body: () => ({}), expected: cells(LOGIN, 400, 400, 403, 403, 400) },
  { route: 'POST /repairs/:id/decision', kind: 'page', path: (f) => `/repairs/${f.repair.own}/decision`, body: () => ({}), expected: cells(LOGIN, 403, 403, 403, 403, 400) },
  { route: 'GET /api/v1/repairs', kind: 'api', path: () => '/api/v1/repairs', expected: tenantReadersOwnApi },
  { route: 'GET /api/v1/repairs/eligibility', variant: 'own', kind: 'api', path: (f) => `/api/v1/repairs/eligibility?subject=finding:${f.finding.own}`, expected: tenantReadersOwnApi },
  { route: 'GET /api/v1/repairs/eligibility', variant: 'other', kind: 'api', path: (f) => `/api/v1/repairs/eligibility?subject=finding:${f.finding.other}`, expected: tenantReadersOtherApi },
  { route: 'GET /api/v1/repairs/:id', variant: 'own', kind: 'api', path: (f) => `/api/v1/repairs/${f.repair.own}`, expected: tenantReadersOwnApi },
  { route: 'GET /api/v1/repairs/:id', variant: 'other', kind: 'api', path: (f) => `/api/v1/repairs/${f.repair.other}`, expected: tenantReadersOtherApi },
  { route: 'POST /api/v1/repairs', kind: 'api', path: () => '/api/v1/repairs', body: () => ({}), expected: officerApi(400) },
  { route: 'POST /api/v1/repairs/:id/evidence', variant: 'own', kind: 'api', path: (f) => `/api/v1/repairs/${f.repair.own}/evidence`, body: () => ({}), expected: officerApi(400) },
  { route: 'POST /api/v1/repairs/:id/evidence', variant: 'other', kind: 'api', path: (f) => `/api/v1/repairs/${f.repair.other}/evidence`, body: () => ({}), expected: officerApi(404) },
  { route: 'POST /api/v1/repairs/:id/withdraw', variant: 'own', kind: 'api', path: (f) => `/api/v1/repairs/${f.repair.decided}/withdraw`, body: () => ({}), expected: officerApi(409) },
  { route: 'POST /api/v1/repairs/:id/withdraw', variant: 'other', kind: 'api', path: (f) => `/api/v1/repairs/${f.repair.other}/withdraw`, body: () => ({}), expected: officerApi(404) },
  { route: 'POST /api/v1/repairs/:id/reply', kind: 'api', path: (f) => `/api/v1/repairs/${f.repair.own}/reply`, body: () => ({}), expected: cells(401, 400, 400, 403, 403, 400) },
  { route: 'POST /api/v1/repairs/:id/decision', kind: 'api', path: (f) => `/api/v1/repairs/${f.repair.own}/decision`, body: () => ({}), expected: cells(401, 403, 403, 403, 403, 400) },

  // @Public: the disclosure pages and the public lists (issue 13); the watch list and unknown lists are 404 (public-disclosure.e2e-suite).
  { route: 'GET /public', kind: 'page', path: () => '/public', public: true, expected: everybody(200) },
  { route: 'GET /public/lists/:list', kind: 'page', path: () => '/public/lists/red', public: true, expected: everybody(200) },
  { route: 'GET /public/inspections', kind: 'page', path: () => '/public/inspections', public: true, expected: everybody(200) },
  { route: 'GET /public/scheme', kind: 'page', path: () => '/public/scheme', public: true, expected: everybody(200) },
  { route: 'GET /api/v1/public/lists/:list', kind: 'api', path: () => '/api/v1/public/lists/black', public: true, expected: everybody(200) },
  // ── 信易+ incentives and restrictions ─────────────────────────────────────────────────────
  // Officers: their benefits page; readers are sent on to the claims queue.
  { route: 'GET /benefits', kind: 'page', path: () => '/benefits', redirect: () => '/benefits/claims', expected: cells(LOGIN, 303, 303, 200, 403, 303) },
  { route: 'POST /benefits/claims', kind: 'page', path: () => '/benefits/claims', body: () => ({}), expected: officerPage(400) },
  { route: 'GET /benefits/claims', kind: 'page', path: () => '/benefits/claims', expected: tenantReadersOwnPage },
  { route: 'GET /benefits/claims/export', kind: 'page', path: () => '/benefits/claims/export?format=csv', download: true, expected: tenantReadersOwnPage },
  { route: 'GET /benefits/claims/:id', variant: 'own', kind: 'page', path: (f) => `/benefits/claims/${f.measureClaim.own}`, expected: tenantReadersOwnPage },
  { route: 'GET /benefits/claims/:id', variant: 'other', kind: 'page', path: (f) => `/benefits/claims/${f.measureClaim.other}`, expected: tenantReadersOtherPage },
  { route: 'POST /benefits/claims/:id/withdraw', variant: 'own', kind: 'page', path: (f) => `/benefits/claims/${f.measureClaim.decided}/withdraw`, body: () => ({}), expected: officerPage(409) },
  { route: 'POST /benefits/claims/:id/withdraw', variant: 'other', kind: 'page', path: (f) => `/benefits/claims/${f.measureClaim.other}/withdraw`, body: () => ({}), expected: officerPage(404) },
  { route: 'POST /benefits/claims/:id/decision', kind: 'page', path: (f) => `/benefits/claims/${f.measureClaim.own}/decision`, body: () => ({}), expected: managersPage(400) },
  { route: 'POST /benefits/claims/:id/delivery', kind: 'page', path: (f) => `/benefits/claims/${f.measureClaim.own}/delivery`, body: () => ({}), expected: managersPage(400) },
  { route: 'POST /benefits/claims/:id/lift', kind: 'page', path: (f) => `/benefits/claims/${f.measureClaim.own}/lift`, body: () => ({}), expected: managersPage(400) },
  { route: 'GET /benefits/restrictions/new', kind: 'page', path: () => '/benefits/restrictions/new', expected: managersPage(200) },
  { route: 'POST /benefits/restrictions', kind: 'page', path: () => '/benefits/restrictions', body: () => ({}), expected: managersPage(400) },
  { route: 'GET /benefits/admin', kind: 'page', path: () => '/benefits/admin', expected: adminPage(200) },
  { route: 'GET /benefits/admin/new', kind: 'page', path: () => '/benefits/admin/new', expected: adminPage(200) },
  { route: 'POST /benefits/admin', kind: 'page', path: () => '/benefits/admin', body: () => ({}), expected: adminPage(400) },
  { route: 'GET /benefits/admin/:id/edit', kind: 'page', path: (f) => `/benefits/admin/${f.measureClaim.measureId}/edit`, expected: adminPage(200) },
  { route: 'POST /benefits/admin/:id', kind: 'page', path: (f) => `/benefits/admin/${f.measureClaim.measureId}`, body: () => ({}), expected: adminPage(400) },
  { route: 'GET /api/v1/measures', kind: 'api', path: () => '/api/v1/measures', expected: tenantReadersOwnApi },
  // Officers: their own tenant (tenantId ignored); readers name it.
  { route: 'GET /api/v1/measures/offers', kind: 'api', path: (f) => `/api/v1/measures/offers?tenantId=${f.own.id}`, expected: tenantReadersOwnApi },
  { route: 'POST /api/v1/measures', kind: 'api', path: () => '/api/v1/measures', body: () => ({}), expected: cells(401, 400, 403, 403, 403, 403) },
  { route: 'PATCH /api/v1/measures/:id', kind: 'api', path: (f) => `/api/v1/measures/${f.measureClaim.measureId}`, body: () => ({}), expected: cells(401, 400, 403, 403, 403, 403) },
  { route: 'GET /api/v1/measure-claims', kind: 'api', path: () => '/api/v1/measure-claims', expected: tenantReadersOwnApi },
  { route: 'GET /api/v1/measure-claims/export', kind: 'api', path: () => '/api/v1/measure-claims/export?format=csv', download: true, expected: tenantReadersOwnApi },
  { route: 'GET /api/v1/measure-claims/:id', variant: 'own', kind: 'api', path: (f) => `/api/v1/measure-claims/${f.measureClaim.own}`, expected: tenantReadersOwnApi },
  { route: 'GET /api/v1/measure-claims/:id', variant: 'other', kind: 'api', path: (f) => `/api/v1/measure-claims/${f.measureClaim.other}`, expected: tenantReadersOtherApi },
  { route: 'POST /api/v1/measure-claims', kind: 'api', path: () => '/api/v1/measure-claims', body: () => ({}), expected: officerApi(400) },
  { route: 'POST /api/v1/measure-claims/restrictions', kind: 'api', path: () => '/api/v1/measure-claims/restrictions', body: () => ({}), expected: managersApi(400) },
  { route: 'POST /api/v1/measure-claims/:id/withdraw', variant: 'own', kind: 'api', path: (f) => `/api/v1/measure-claims/${f.measureClaim.decided}/withdraw`, body: () => ({}), expected: officerApi(409) },
  { route: 'POST /api/v1/measure-claims/:id/withdraw', variant: 'other', kind: 'api', path: (f) => `/api/v1/measure-claims/${f.measureClaim.other}/withdraw`, body: () => ({}), expected: officerApi(404) },
  { route: 'POST /api/v1/measure-claims/:id/decision', kind: 'api', path: (f) => `/api/v1/measure-claims/${f.measureClaim.own}/decision`, body: () => ({}), expected: managersApi(400) },
  { route: 'POST /api/v1/measure-claims/:id/delivery', kind: 'api', path: (f) => `/api/v1/measure-claims/${f.measureClaim.own}/delivery`, body: () => ({}), expected: managersApi(400) },
  { route: 'POST /api/v1/measure-claims/:id/lift', kind: 'api', path: (f) => `/api/v1/measure-claims/${f.measureClaim.own}/lift`, body: () => ({}), expected: managersApi(400) },
  // Joint checks (逢办必查), issue 13
  { route: 'POST /api/v1/joint-checks', kind: 'api', path: () => '/api/v1/joint-checks', body: () => ({}), expected: readersApi(400) },
  { route: 'GET /api/v1/joint-checks', kind: 'api', path: () => '/api/v1/joint-checks', expected: readersApi(200) },
  { route: 'GET /api/v1/joint-checks/purposes', kind: 'api', path: () => '/api/v1/joint-checks/purposes', expected: readersApi(200) },
  { route: 'GET /api/v1/joint-checks/:checkId', kind: 'api', path: (f) => `/api/v1/joint-checks/${f.jointCheck.checkId}`, expected: readersApi(200) },
  { route: 'POST /api/v1/joint-checks/:checkId/feedback', kind: 'api', path: (f) => `/api/v1/joint-checks/${f.jointCheck.checkId}/feedback`, body: () => ({ applied: 'x' }), expected: readersApi(400) },
  { route: 'GET /joint-checks', kind: 'page', path: () => '/joint-checks', expected: readersPage(200) },
  { route: 'POST /joint-checks', kind: 'page', path: () => '/joint-checks', body: () => ({}), expected: readersPage(400) },
  { route: 'GET /joint-checks/export.csv', kind: 'page', path: () => '/joint-checks/export.csv', download: true, expected: readersPage(200) },
  { route: 'GET /joint-checks/export.xlsx', kind: 'page', path: () => '/joint-checks/export.xlsx', download: true, expected: readersPage(200) },
  { route: 'GET /joint-checks/purposes', kind: 'page', path: () => '/joint-checks/purposes', expected: readersPage(200) },
  { route: 'POST /joint-checks/purposes', kind: 'page', path: () => '/joint-checks/purposes', body: () => ({}), expected: adminPage(400) },
  { route: 'POST /joint-checks/purposes/:code', kind: 'page', path: () => '/joint-checks/purposes/subsidy', body: () => ({}), expected: adminPage(400) },
  { route: 'GET /joint-checks/:id', kind: 'page', path: (f) => `/joint-checks/${f.jointCheck.id}`, expected: readersPage(200) },
  // ── Sampling (双随机、一公开) ──
  // ── Sampling: inspection items (事项清单) ───────────────────────────────────────────────────────
  // READERS read and keep items; a regulator only items of their own department (403 on another's).
  { route: 'GET /sampling/items', kind: 'page', path: () => '/sampling/items', expected: readersPage(200) },
  { route: 'GET /sampling/items', variant: 'other', kind: 'page', path: () => '/sampling/items?format=csv', download: true, expected: readersPage(200) },
  { route: 'GET /sampling/items/new', kind: 'page', path: () => '/sampling/items/new', expected: readersPage(200) },
  { route: 'POST /sampling/items/new', kind: 'page', path: () => '/sampling/items/new', body: () => ({}), expected: readersPage(400) },
  { route: 'GET /sampling/items/:id/edit', variant: 'own', kind: 'page', path: (f) => `/sampling/items/${f.sampling.ownItem}/edit`, expected: readersPage(200) },
  { route: 'GET /sampling/items/:id/edit', variant: 'other', kind: 'page', path: (f) => `/sampling/items/${f.sampling.otherItem}/edit`, expected: cells(LOGIN, 200, 200, 403, 403, 403) },
  { route: 'POST /sampling/items/:id/edit', variant: 'own', kind: 'page', path: (f) => `/sampling/items/${f.sampling.ownItem}/edit`, body: () => ({}), expected: readersPage(400) },
  { route: 'POST /sampling/items/:id/edit', variant: 'other', kind: 'page', path: (f) => `/sampling/items/${f.sampling.otherItem}/edit`, body: () => ({}), expected: cells(LOGIN, 400, 400, 403, 403, 403) },
  { route: 'GET /api/v1/sampling/items', kind: 'api', path: () => '/api/v1/sampling/items', expected: readersApi(200) },
  { route: 'GET /api/v1/sampling/items/:id', kind: 'api', path: (f) => `/api/v1/sampling/items/${f.sampling.ownItem}`, expected: readersApi(200) },
  { route: 'POST /api/v1/sampling/items', kind: 'api', path: () => '/api/v1/sampling/items', body: () => ({}), expected: readersApi(400) },
  { route: 'PATCH /api/v1/sampling/items/:id', variant: 'own', kind: 'api', path: (f) => `/api/v1/sampling/items/${f.sampling.ownItem}`, body: () => ({ kind: 'urgent' }), expected: readersApi(400) },
  // A valid body whose code another item has: staff/admins get the 409, the regulator of another department the 403 first.
  { route: 'PATCH /api/v1/sampling/items/:id', variant: 'other', kind: 'api', path: (f) => `/api/v1/sampling/items/${f.sampling.otherItem}`, body: () => ({ code: 'MKT-001' }), expected: cells(401, 409, 409, 403, 403, 403) },
  // ── Sampling: inspector pool ─────────────────────────────────────────────────────────────────
  // READERS read; MANAGERS flag and take out; conflicts/absences by staff/admins or the inspector themself
  // (the fixture inspector is not the matrix regulator: 403 for the regulator). /me is for regulators only.
  { route: 'GET /sampling/inspectors', kind: 'page', path: () => '/sampling/inspectors', expected: readersPage(200) },
  { route: 'GET /sampling/inspectors/new', kind: 'page', path: () => '/sampling/inspectors/new', expected: managersPage(200) },
  { route: 'POST /sampling/inspectors/new', kind: 'page', path: () => '/sampling/inspectors/new', body: () => ({}), expected: managersPage(400) },
  { route: 'GET /sampling/inspectors/me', kind: 'page', path: () => '/sampling/inspectors/me', expected: regulatorsPage(200) },
  { route: 'GET /sampling/inspectors/:id', kind: 'page', path: (f) => `/sampling/inspectors/${f.sampling.inspector}`, expected: readersPage(200) },
  { route: 'POST /sampling/inspectors/:id/deactivate', kind: 'page', path: () => `/sampling/inspectors/${MISSING}/deactivate`, body: () => ({}), expected: managersPage(404) },
  { route: 'POST /sampling/inspectors/:id/activate', kind: 'page', path: () => `/sampling/inspectors/${MISSING}/activate`, body: () => ({}), expected: managersPage(404) },
  { route: 'POST /sampling/inspectors/:id/conflicts', kind: 'page', path: (f) => `/sampling/inspectors/${f.sampling.inspector}/conflicts`, body: () => ({}), expected: cells(LOGIN, 400, 400, 403, 403, 403) },
  { route: 'POST /sampling/inspectors/:id/conflicts/:conflictId/withdraw', kind: 'page', path: (f) => `/sampling/inspectors/${f.sampling.inspector}/conflicts/${f.sampling.conflict}/withdraw`, body: () => ({}), expected: cells(LOGIN, 400, 400, 403, 403, 403) },
  { route: 'POST /sampling/inspectors/:id/absences', kind: 'page', path: (f) => `/sampling/inspectors/${f.sampling.inspector}/absences`, body: () => ({}), expected: cells(LOGIN, 400, 400, 403, 403, 403) },
  { route: 'POST /sampling/inspectors/:id/absences/:absenceId/remove', kind: 'page', path: (f) => `/sampling/inspectors/${f.sampling.inspector}/absences/${MISSING}/remove`, body: () => ({}), expected: cells(LOGIN, 404, 404, 403, 403, 403) },
  { route: 'GET /api/v1/sampling/inspectors', kind: 'api', path: () => '/api/v1/sampling/inspectors', expected: readersApi(200) },
  { route: 'POST /api/v1/sampling/inspectors', kind: 'api', path: () => '/api/v1/sampling/inspectors', body: () => ({}), expected: managersApi(400) },
  { route: 'GET /api/v1/sampling/inspectors/me', kind: 'api', path: () => '/api/v1/sampling/inspectors/me', expected: regulatorsApi(404) },
  { route: 'GET /api/v1/sampling/inspectors/:id', kind: 'api', path: (f) => `/api/v1/sampling/inspectors/${f.sampling.inspector}`, expected: readersApi(200) },
  { route: 'PATCH /api/v1/sampling/inspectors/:id', kind: 'api', path: (f) => `/api/v1/sampling/inspectors/${f.sampling.inspector}`, body: () => ({ active: 'maybe' }), expected: managersApi(400) },
  { route: 'GET /api/v1/sampling/inspectors/:id/conflicts', kind: 'api', path: (f) => `/api/v1/sampling/inspectors/${f.sampling.inspector}/conflicts`, expected: readersApi(200) },
  { route: 'POST /api/v1/sampling/inspectors/:id/conflicts', kind: 'api', path: (f) => `/api/v1/sampling/inspectors/${f.sampling.inspector}/conflicts`, body: () => ({ tenantId: MISSING, reason: '矩阵' }), expected: cells(401, 400, 400, 403, 403, 403) },
  { route: 'POST /api/v1/sampling/inspectors/:id/conflicts/:conflictId/withdraw', kind: 'api', path: (f) => `/api/v1/sampling/inspectors/${f.sampling.inspector}/conflicts/${f.sampling.conflict}/withdraw`, body: () => ({}), expected: readersApi(400) },
  { route: 'GET /api/v1/sampling/inspectors/:id/absences', kind: 'api', path: (f) => `/api/v1/sampling/inspectors/${f.sampling.inspector}/absences`, expected: readersApi(200) },
  { route: 'POST /api/v1/sampling/inspectors/:id/absences', kind: 'api', path: (f) => `/api/v1/sampling/inspectors/${f.sampling.inspector}/absences`, body: () => ({ fromDate: '2030-02-10', toDate: '2030-02-01', reason: '矩阵' }), expected: cells(401, 400, 400, 403, 403, 403) },
  { route: 'POST /api/v1/sampling/inspectors/:id/absences/:absenceId/remove', kind: 'api', path: (f) => `/api/v1/sampling/inspectors/${f.sampling.inspector}/absences/${MISSING}/remove`, body: () => ({}), expected: cells(401, 404, 404, 403, 403, 403) },
  { route: 'GET /sampling/programmes', kind: 'page', path: () => '/sampling/programmes', expected: readersPage(200) },
  { route: 'GET /sampling/programmes/new', kind: 'page', path: () => '/sampling/programmes/new', expected: readersPage(200) },
  { route: 'POST /sampling/programmes', kind: 'page', path: () => '/sampling/programmes', body: () => ({}), expected: readersPage(400) },
  { route: 'GET /sampling/programmes/:id', kind: 'page', path: (f) => `/sampling/programmes/${f.programme.draft}`, expected: readersPage(200) },
  // The drafter (park_staff) and admins edit a draft; another regulator is sent back to the programme to comment.
  { route: 'GET /sampling/programmes/:id/edit', kind: 'page', path: (f) => `/sampling/programmes/${f.programme.draft}/edit`, redirect: (f) => `/sampling/programmes/${f.programme.draft}`, expected: cells(LOGIN, 200, 200, 403, 403, 303) },
  { route: 'POST /sampling/programmes/:id', kind: 'page', path: (f) => `/sampling/programmes/${f.programme.draft}`, body: () => ({}), expected: readersPage(400) },
  { route: 'POST /sampling/programmes/:id/comments', kind: 'page', path: (f) => `/sampling/programmes/${f.programme.draft}/comments`, body: () => ({}), expected: readersPage(400) },
  { route: 'POST /sampling/programmes/:id/approve', kind: 'page', path: (f) => `/sampling/programmes/${f.programme.draft}/approve`, body: () => ({}), expected: cells(LOGIN, 403, 403, 403, 403, 400) },
  // Only an approved programme is amended: a draft answers 409.
  { route: 'POST /sampling/programmes/:id/amend', kind: 'page', path: (f) => `/sampling/programmes/${f.programme.draft}/amend`, body: () => ({}), expected: readersPage(409) },
  { route: 'POST /sampling/programmes/:id/withdraw', kind: 'page', path: () => `/sampling/programmes/${MISSING}/withdraw`, body: () => ({}), expected: readersPage(404) },
  { route: 'GET /sampling/programmes/:id/export.pdf', kind: 'page', path: (f) => `/sampling/programmes/${f.programme.draft}/export.pdf`, download: true, expected: readersPage(200) },
  { route: 'GET /sampling/programmes/:id/export.xlsx', kind: 'page', path: (f) => `/sampling/programmes/${f.programme.draft}/export.xlsx`, download: true, expected: readersPage(200) },
  { route: 'GET /api/v1/sampling/programmes', kind: 'api', path: () => '/api/v1/sampling/programmes', expected: readersApi(200) },
  { route: 'POST /api/v1/sampling/programmes', kind: 'api', path: () => '/api/v1/sampling/programmes', body: () => ({}), expected: readersApi(400) },
  { route: 'GET /api/v1/sampling/programmes/:id', kind: 'api', path: (f) => `/api/v1/sampling/programmes/${f.programme.draft}`, expected: readersApi(200) },
  { route: 'PATCH /api/v1/sampling/programmes/:id', kind: 'api', path: (f) => `/api/v1/sampling/programmes/${f.programme.draft}`, body: () => ({ complaintDays: 'x' }), expected: readersApi(400) },
  { route: 'GET /api/v1/sampling/programmes/:id/comments', kind: 'api', path: (f) => `/api/v1/sampling/programmes/${f.programme.draft}/comments`, expected: readersApi(200) },
  { route: 'POST /api/v1/sampling/programmes/:id/comments', kind: 'api', path: (f) => `/api/v1/sampling/programmes/${f.programme.draft}/comments`, body: () => ({}), expected: readersApi(400) },
  { route: 'POST /api/v1/sampling/programmes/:id/approve', kind: 'api', path: (f) => `/api/v1/sampling/programmes/${f.programme.draft}/approve`, body: () => ({}), expected: cells(401, 403, 403, 403, 403, 400) },
  { route: 'POST /api/v1/sampling/programmes/:id/amend', kind: 'api', path: (f) => `/api/v1/sampling/programmes/${f.programme.draft}/amend`, body: () => ({}), expected: readersApi(409) },
  { route: 'POST /api/v1/sampling/programmes/:id/withdraw', kind: 'api', path: () => `/api/v1/sampling/programmes/${MISSING}/withdraw`, body: () => ({}), expected: readersApi(404) },
  { route: 'GET /api/v1/sampling/programmes/:id/review', kind: 'api', path: () => `/api/v1/sampling/programmes/${MISSING}/review`, expected: readersApi(404) },
  // Sampling — draws (H5)
  { route: 'GET /api/v1/draws', kind: 'api', path: () => '/api/v1/draws', expected: readersApi(200) },
  { route: 'GET /api/v1/draws/:id', kind: 'api', path: () => `/api/v1/draws/${MISSING}`, expected: readersApi(404) },
  { route: 'GET /api/v1/draws/:id/tasks', kind: 'api', path: () => `/api/v1/draws/${MISSING}/tasks`, expected: readersApi(404) },
  { route: 'POST /api/v1/draws/:id/entropy', kind: 'api', path: () => `/api/v1/draws/${MISSING}/entropy`, body: () => ({ value: 'x'.repeat(201) }), expected: cells(401, 403, 403, 403, 403, 400) },
  { route: 'POST /api/v1/draws/:id/execute', kind: 'api', path: () => `/api/v1/draws/${MISSING}/execute`, expected: cells(401, 404, 404, 403, 403, 404) },
  { route: 'GET /api/v1/draws/:id/bundle', kind: 'api', public: true, path: () => `/api/v1/draws/${MISSING}/bundle`, expected: cells(404, 404, 404, 404, 404, 404) },
  { route: 'GET /api/v1/public/draws', kind: 'api', public: true, path: () => '/api/v1/public/draws', expected: cells(200, 200, 200, 200, 200, 200) },
  { route: 'GET /api/v1/public/draws/:id', kind: 'api', public: true, path: () => `/api/v1/public/draws/${MISSING}`, expected: cells(404, 404, 404, 404, 404, 404) },
  { route: 'GET /sampling/draws', kind: 'page', path: () => '/sampling/draws', expected: readersPage(200) },
  { route: 'GET /sampling/draws/:id', kind: 'page', path: () => `/sampling/draws/${MISSING}`, expected: readersPage(404) },
  { route: 'POST /sampling/draws/:id/entropy', kind: 'page', path: () => `/sampling/draws/${MISSING}/entropy`, body: () => ({ value: 'x' }), expected: cells(LOGIN, 403, 403, 403, 403, 404) },
  { route: 'POST /sampling/draws/:id/run', kind: 'page', path: () => `/sampling/draws/${MISSING}/run`, expected: cells(LOGIN, 404, 404, 403, 403, 404) },
  { route: 'GET /sampling/draws/:id/export.xlsx', kind: 'page', path: () => `/sampling/draws/${MISSING}/export.xlsx`, expected: readersPage(404) },
  { route: 'GET /sampling/draws/:id/export.pdf', kind: 'page', path: () => `/sampling/draws/${MISSING}/export.pdf`, expected: readersPage(404) },
  { route: 'GET /public/draws', kind: 'page', public: true, path: () => '/public/draws', expected: cells(200, 200, 200, 200, 200, 200) },
  { route: 'GET /public/draws/how', kind: 'page', public: true, path: () => '/public/draws/how', expected: cells(200, 200, 200, 200, 200, 200) },
  { route: 'GET /public/draws/:id', kind: 'page', public: true, path: () => `/public/draws/${MISSING}`, expected: cells(404, 404, 404, 404, 404, 404) },
  // ── Sampling: inspection tasks (H6) ─────────────────────────────────────────────────────────
  { route: 'GET /sampling/tasks', kind: 'page', path: () => '/sampling/tasks', expected: readersPage(200) },
  { route: 'GET /sampling/tasks/export.xlsx', kind: 'page', path: () => '/sampling/tasks/export.xlsx', download: true, expected: readersPage(200) },
  { route: 'GET /sampling/tasks/export.pdf', kind: 'page', path: () => '/sampling/tasks/export.pdf', download: true, expected: readersPage(200) },
  // Readers who are not inspectors get the page with an explanation.
  { route: 'GET /sampling/tasks/mine', kind: 'page', path: () => '/sampling/tasks/mine', expected: readersPage(200) },
  { route: 'GET /sampling/tasks/:id', kind: 'page', path: (f) => `/sampling/tasks/${f.inspectionTask.own}`, expected: readersPage(200) },
  // Only an inspector on the task records (the matrix regulator is not on it: 403 before the body is read).
  { route: 'POST /sampling/tasks/:id/result', kind: 'page', path: (f) => `/sampling/tasks/${f.inspectionTask.own}/result`, body: () => ({}), expected: cells(LOGIN, 403, 403, 403, 403, 403) },
  { route: 'POST /sampling/tasks/:id/evidence', kind: 'page', path: (f) => `/sampling/tasks/${f.inspectionTask.own}/evidence`, body: () => ({}), expected: cells(LOGIN, 403, 403, 403, 403, 403) },
  // Staff, admins and a regulator of a programme department; an empty form is a validation 400.
  { route: 'POST /sampling/tasks/:id/assign', kind: 'page', path: (f) => `/sampling/tasks/${f.inspectionTask.own}/assign`, body: () => ({}), expected: cells(LOGIN, 400, 400, 403, 403, 400) },
  { route: 'POST /sampling/tasks/:id/abnormal', kind: 'page', path: (f) => `/sampling/tasks/${f.inspectionTask.own}/abnormal`, body: () => ({}), expected: regulatorsPage(400) },
  // Not recorded yet: 409 for those who may publish.
  { route: 'POST /sampling/tasks/:id/publish', kind: 'page', path: (f) => `/sampling/tasks/${f.inspectionTask.own}/publish`, body: () => ({}), expected: cells(LOGIN, 409, 409, 403, 403, 409) },
  { route: 'GET /api/v1/public/inspections', kind: 'api', path: () => '/api/v1/public/inspections', public: true, expected: everybody(200) },
  { route: 'GET /api/v1/sampling/tasks', kind: 'api', path: () => '/api/v1/sampling/tasks', expected: readersApi(200) },
  // The matrix regulator is in no inspector pool: 403.
  { route: 'GET /api/v1/sampling/tasks/mine', kind: 'api', path: () => '/api/v1/sampling/tasks/mine', expected: regulatorsApi(403) },
  { route: 'GET /api/v1/sampling/tasks/:id', variant: 'own', kind: 'api', path: (f) => `/api/v1/sampling/tasks/${f.inspectionTask.own}`, expected: tenantReadersOwnApi },
  { route: 'GET /api/v1/sampling/tasks/:id', variant: 'other', kind: 'api', path: (f) => `/api/v1/sampling/tasks/${f.inspectionTask.other}`, expected: tenantReadersOtherApi },
  // API bodies are DTOs: an empty body is a 400 for the roles let in (the assignment check follows validation).
  { route: 'POST /api/v1/sampling/tasks/:id/result', kind: 'api', path: (f) => `/api/v1/sampling/tasks/${f.inspectionTask.own}/result`, body: () => ({}), expected: regulatorsApi(400) },
  { route: 'POST /api/v1/sampling/tasks/:id/evidence', kind: 'api', path: (f) => `/api/v1/sampling/tasks/${f.inspectionTask.own}/evidence`, body: () => ({}), expected: regulatorsApi(403) },
  { route: 'POST /api/v1/sampling/tasks/:id/assign', kind: 'api', path: (f) => `/api/v1/sampling/tasks/${f.inspectionTask.own}/assign`, body: () => ({}), expected: cells(401, 400, 400, 403, 403, 400) },
  { route: 'POST /api/v1/sampling/tasks/:id/abnormal', kind: 'api', path: (f) => `/api/v1/sampling/tasks/${f.inspectionTask.own}/abnormal`, body: () => ({}), expected: regulatorsApi(400) },
  { route: 'POST /api/v1/sampling/tasks/:id/publish', kind: 'api', path: (f) => `/api/v1/sampling/tasks/${f.inspectionTask.own}/publish`, body: () => ({}), expected: cells(401, 409, 409, 403, 403, 409) },
  // Sampling effectiveness (H7)
  { route: 'GET /sampling/draws/:id/effectiveness', kind: 'page', path: () => `/sampling/draws/${MISSING}/effectiveness`, expected: readersPage(404) },
  { route: 'GET /sampling/programmes/:id/effectiveness', kind: 'page', path: () => `/sampling/programmes/${MISSING}/effectiveness`, expected: readersPage(404) },
  { route: 'GET /api/v1/sampling/draws/:id/effectiveness', kind: 'api', path: () => `/api/v1/sampling/draws/${MISSING}/effectiveness`, expected: readersApi(404) },
  { route: 'GET /api/v1/sampling/programmes/:id/effectiveness', kind: 'api', path: () => `/api/v1/sampling/programmes/${MISSING}/effectiveness`, expected: readersApi(404) },
];

/** A route's key as the enumeration and the matrix write it: `GET /tenants/:id`. */
export function routeKey(method: string, path: string): string {
  return `${method.toUpperCase()} ${path}`;
}

/** Every Nest route the matrix has at least one row for. */
export const MATRIX_ROUTES: ReadonlySet<string> = new Set(MATRIX.filter((r) => !r.outsideNest).map((r) => r.route));

export function methodOf(row: MatrixRow): Method {
  return row.route.slice(0, row.route.indexOf(' ')) as Method;
}

/** The row's name in test titles: the route, and which record when it has several rows. */
export function rowName(row: MatrixRow): string {
  return row.variant ? `${row.route} (${row.variant})` : row.route;
}
