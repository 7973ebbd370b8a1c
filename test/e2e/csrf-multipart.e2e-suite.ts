import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { UserEntity } from '../../src/accounts/entities/user.entity.js';
import { BreachEntity } from '../../src/conventions/entities/breach.entity.js';
import { AttachmentEntity } from '../../src/files/entities/attachment.entity.js';
import { incomingDir } from '../../src/files/files.service.js';
import { I18nService } from '../../src/i18n/i18n.service.js';
import type { TenantEntity } from '../../src/tenants/entities/tenant.entity.js';
import { publishVersion, type PublishedVersion } from '../support/conventions-helpers.js';
import { loginAs } from '../support/http-helpers.js';
import { waitFor } from '../support/outbox-helpers.js';
import { png } from '../support/upload-fixtures.js';
import { createTenant, createTestApp, testUscc, type Browser, type TestApp } from '../support/test-app.js';

/**
 * Issue 9, point 6: the CSRF token of a multipart form travels in its body (a hidden `_csrf` field
 * before the file inputs), never in a URL; a form posted successfully answers with a redirect (PRG).
 */
describe('CSRF of multipart forms', () => {
  let t: TestApp;
  let tenant: TenantEntity;
  let version: PublishedVersion;
  let staff: { user: UserEntity; browser: Browser };

  const breaches = () => t.dataSource.getRepository(BreachEntity);
  const attachments = () => t.dataSource.getRepository(AttachmentEntity);
  const incoming = () => (existsSync(incomingDir(t.config)) ? readdirSync(incomingDir(t.config)) : []);
  const noTemporaryFiles = () => waitFor('the temporary upload files to be removed', async () => incoming().length === 0, 5000);

  beforeAll(async () => {
    t = await createTestApp({ LOGIN_RATE_PER_MINUTE: '1000' });
    tenant = await createTenant(t);
    version = await publishVersion(t);
    staff = await loginAs(t, 'park_staff');
  });
  afterAll(async () => {
    await t?.close();
  });

  const fields = (over: Record<string, string> = {}) => ({
    tenantId: String(tenant.id), clauseId: String(version.clauseIds[0]), occurredOn: t.get(I18nService).today(), description: 'CSRF 测试', ...over,
  });

  function multipart(path: string, token: string | null, values: Record<string, string>, file = true) {
    let req = staff.browser.agent.post(path);
    if (token !== null) req = req.field('_csrf', token);
    for (const [k, v] of Object.entries(values)) req = req.field(k, v);
    if (file) req = req.attach('files', png(), { filename: 'evidence.png' });
    return req;
  }

  it('no template puts the token into a URL, and every multipart form carries it as its first field', () => {
    const root = join(process.cwd(), 'views');
    const walk = (dir: string): string[] => readdirSync(dir, { withFileTypes: true })
      .flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : e.name.endsWith('.hbs') ? [join(dir, e.name)] : []));
    const multipartForms: string[] = [];
    for (const file of walk(root)) {
      const text = readFileSync(file, 'utf8');
      expect({ file, inUrl: /[?&]_csrf=/.test(text) }).toEqual({ file, inUrl: false });
      for (const m of text.matchAll(/<form[^>]*multipart\/form-data[^>]*>\s*([^\n]*)/g)) {
        multipartForms.push(file);
        expect({ file, first: m[1].trim() }).toEqual({ file, first: '{{> csrf}}' });
      }
    }
    expect(multipartForms.length).toBeGreaterThanOrEqual(4);
  });

  it('the page form posts with the token in the body and redirects to a URL without it', async () => {
    const form = await staff.browser.agent.get(`/conventions/breaches/new?tenantId=${tenant.id}`).expect(200);
    expect(form.text).toContain('action="/conventions/breaches"');
    expect(form.text).not.toContain('_csrf=');
    const res = await multipart('/conventions/breaches', staff.browser.csrf, fields()).expect(303);
    expect(res.headers.location).toMatch(/^\/conventions\/breaches\/\d+$/);
    const page = await staff.browser.agent.get(res.headers.location).expect(200);
    expect(page.text).not.toContain('_csrf=');
  });

  it('the token in the x-csrf-token header works too (a script may send it so)', async () => {
    const res = await multipart('/conventions/breaches', null, fields({ description: '请求头中的令牌' })).set('x-csrf-token', staff.browser.csrf).expect(303);
    expect(res.headers.location).not.toContain('_csrf');
  });

  it('a form shown again with errors keeps its URL free of the token', async () => {
    const res = await multipart('/conventions/breaches', staff.browser.csrf, fields({ description: '' }), false).expect(400);
    expect(res.text).toContain('action="/conventions/breaches"');
    expect(res.text).not.toContain('_csrf=');
  });

  it.each([
    ['no token', null, false],
    ['a wrong token', 'x'.repeat(64), false],
    ['the token only in the query string', null, true],
  ])('%s: 403, nothing recorded or stored', async (_label, token, inQuery) => {
    const [before, files] = [await breaches().count(), await attachments().count()];
    const path = inQuery ? `/conventions/breaches?_csrf=${encodeURIComponent(staff.browser.csrf)}` : '/conventions/breaches';
    const res = await multipart(path, token, fields({ description: '不应记录' })).set('Accept', 'application/json');
    expect(res.status).toBe(403);
    expect(res.body.error).toBe('csrf');
    expect(await breaches().count()).toBe(before);
    expect(await attachments().count()).toBe(files);
    await noTemporaryFiles();
  });

  it('a file sent before the token is refused before it is stored: 403', async () => {
    const before = await breaches().count();
    const res = await staff.browser.agent.post('/conventions/breaches').set('Accept', 'application/json')
      .attach('files', png(), { filename: 'first.png' }).field('_csrf', staff.browser.csrf)
      .field('tenantId', String(tenant.id)).field('clauseId', String(version.clauseIds[0]))
      .field('occurredOn', t.get(I18nService).today()).field('description', '文件在令牌之前');
    expect(res.status).toBe(403);
    expect(await breaches().count()).toBe(before);
    await noTemporaryFiles();
  });

  it('the tenant import posts its file with the token in the body and redirects to its preview (PRG)', async () => {
    const header = '统一社会信用代码,企业名称,法定代表人,行业,楼栋,单元,入驻日期,联系电话';
    const csv = Buffer.from(`\uFEFF${header}\r\n${testUscc()},CSRF导入有限公司,王五,电子信息,A1,101,2024-01-01,\r\n`);
    const res = await staff.browser.agent.post('/tenants/import').field('_csrf', staff.browser.csrf).attach('file', csv, 'csrf.csv').expect(303);
    expect(res.headers.location).toBe('/tenants/import/preview');
    const preview = await staff.browser.agent.get(res.headers.location).expect(200);
    expect(preview.text).toContain('CSRF导入有限公司');
    expect(preview.text).not.toContain('_csrf=');
  });
});
