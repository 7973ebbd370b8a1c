import { jest } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { UserEntity } from '../../src/accounts/entities/user.entity.js';
import { BreachResponseEntity } from '../../src/conventions/entities/breach-response.entity.js';
import { BreachEntity } from '../../src/conventions/entities/breach.entity.js';
import { SigningObligationEntity } from '../../src/conventions/entities/signing-obligation.entity.js';
import { ACCEPTED_TYPES } from '../../src/files/domain/file-type.rules.js';
import { AttachmentEntity } from '../../src/files/entities/attachment.entity.js';
import { FilesService, incomingDir } from '../../src/files/files.service.js';
import type { UploadedPart } from '../../src/files/upload-storage.js';
import { I18nService } from '../../src/i18n/i18n.service.js';
import type { TenantEntity } from '../../src/tenants/entities/tenant.entity.js';
import { publishVersion, type PublishedVersion } from '../support/conventions-helpers.js';
import { bearer, binary, loginAs } from '../support/http-helpers.js';
import { waitFor } from '../support/outbox-helpers.js';
import { docx, HOSTILE, jpeg, pdf, png, TEXT, webp, xlsx } from '../support/upload-fixtures.js';
import { createTenant, createTestApp, tokenFor, type Browser, type TestApp } from '../support/test-app.js';

jest.setTimeout(240_000);

const MiB = 1024 * 1024;

/**
 * Issue 8, findings 3 and 7, through HTTP on the routes that take files: breach evidence and
 * responses, and the paper-signature scan. Uploads are typed by content from an allow-list and
 * stored under the detected type's extension; access is checked before the body is read; bodies
 * stream to disk within limits, so memory stays flat under large or unauthorised uploads.
 */
describe('files: uploads', () => {
  let t: TestApp;
  let tenantA: TenantEntity;
  let tenantB: TenantEntity;
  let version: PublishedVersion;
  let staff: { user: UserEntity; browser: Browser };
  let officerA: { user: UserEntity; browser: Browser };
  let officerB: { user: UserEntity; browser: Browser };
  let tokens: Record<'staff' | 'officerA' | 'officerB', string>;
  let port: number;

  const breaches = () => t.dataSource.getRepository(BreachEntity);
  const responses = () => t.dataSource.getRepository(BreachResponseEntity);
  const attachments = () => t.dataSource.getRepository(AttachmentEntity);
  const incoming = () => (existsSync(incomingDir(t.config)) ? readdirSync(incomingDir(t.config)) : []);
  /**
   * The temporary files of finished requests are gone (removal may finish just after the response: a client
   * refused mid-stream may still be sending, and on a loaded CI machine that took longer than 5 s).
   */
  const noTemporaryFiles = () => waitFor(`the temporary upload files to be removed (left: ${incoming().join(', ')})`, async () => incoming().length === 0, 20_000);

  beforeAll(async () => {
    // The default limits: 10 MiB per file, 50 MiB per request.
    t = await createTestApp({ LOGIN_RATE_PER_MINUTE: '1000' });
    tenantA = await createTenant(t);
    tenantB = await createTenant(t);
    version = await publishVersion(t);
    staff = await loginAs(t, 'park_staff');
    officerA = await loginAs(t, 'tenant_officer', { tenantId: tenantA.id });
    officerB = await loginAs(t, 'tenant_officer', { tenantId: tenantB.id });
    tokens = { staff: await tokenFor(t, staff.user.id), officerA: await tokenFor(t, officerA.user.id), officerB: await tokenFor(t, officerB.user.id) };
    port = ((t.app.getHttpServer() as Server).address() as AddressInfo).port;
  });
  afterAll(async () => {
    await t?.close();
  });

  async function breachOf(tenantId: number): Promise<BreachEntity> {
    return breaches().save(breaches().create({
      tenantId, versionId: version.versionId, clauseId: version.clauseIds[0], occurredOn: t.get(I18nService).today(),
      description: '上传测试', recordedById: staff.user.id,
    }));
  }

  type File = { buf: Buffer; name: string };

  /** A breach response as an officer's API client sends it (bearer token: errors come as JSON). */
  function respondWith(token: string, breachId: number, files: File[], text = '见附件。') {
    let req = t.http().post(`/conventions/breaches/${breachId}/responses`).set(bearer(token)).field('text', text);
    for (const f of files) req = req.attach('files', f.buf, { filename: f.name, contentType: 'application/octet-stream' });
    return req;
  }

  /** The same from the officer's browser: the page, with CSRF in the query string. */
  function respondFromPage(browser: Browser, breachId: number, files: File[], text = '见附件。') {
    let req = browser.agent.post(`/conventions/breaches/${breachId}/responses`).field('_csrf', browser.csrf).field('text', text);
    for (const f of files) req = req.attach('files', f.buf, { filename: f.name, contentType: 'text/html' });
    return req;
  }

  function recordWith(files: File[]) {
    let req = t.http().post('/conventions/breaches').set(bearer(tokens.staff))
      .field('tenantId', String(tenantA.id)).field('clauseId', String(version.clauseIds[0]))
      .field('occurredOn', t.get(I18nService).today()).field('description', '带证据的记录');
    for (const f of files) req = req.attach('files', f.buf, { filename: f.name });
    return req;
  }

  function paperWith(obligationId: number, files: File[]) {
    let req = t.http().post(`/conventions/obligations/${obligationId}/paper`).set(bearer(tokens.staff));
    for (const [k, v] of Object.entries({ signerName: '李四', signerTitle: '法定代表人', signedOn: '2026-01-05', reason: '线下签署' })) req = req.field(k, v);
    for (const f of files) req = req.attach('scan', f.buf, { filename: f.name });
    return req;
  }

  describe('finding 3: only an allow-list of detected types, stored and served as what they are', () => {
    it.each<[string, Buffer, string]>([
      ['an HTA script', HOSTILE.hta, 'evil.hta'],
      ['an HTML page behind a %PDF- prefix', HOSTILE.pdfHtml, 'invoice.html'],
      ['an SVG with script', HOSTILE.svg, 'logo.svg'],
      ['an HTML page', HOSTILE.html, 'page.htm'],
      ['a zip that mentions word/ and xl/ early', HOSTILE.zipMentioningOffice, 'report.docx'],
      ['a macro-enabled Word document', HOSTILE.docxWithMacros, 'minutes.docx'],
      ['a PDF without %%EOF', HOSTILE.pdfNoEof, 'scan.pdf'],
      ['a PNG with HTML appended', HOSTILE.pngWithHtmlAppended, 'photo.png'],
    ])('breach response evidence: %s is refused with 415 keyed to `files`, and nothing is kept', async (_name, buf, name) => {
      const breach = await breachOf(tenantA.id);
      const before = await attachments().count();
      const res = await respondWith(tokens.officerA, breach.id, [{ buf: pdf(), name: 'fine.pdf' }, { buf, name }]).expect(415);
      expect(res.body).toMatchObject({ statusCode: 415, error: 'files.unsupportedType', errors: { files: [{ code: 'fileType' }] } });
      expect(res.body.errors.files[0].message).toContain(name);
      expect(await responses().countBy({ breachId: breach.id })).toBe(0);
      expect(await attachments().count()).toBe(before);
      await noTemporaryFiles();
    });

    it('the page says which file was refused, and why, in the user\'s language', async () => {
      const breach = await breachOf(tenantA.id);
      const res = await respondFromPage(officerA.browser, breach.id, [{ buf: HOSTILE.svg, name: 'logo.svg' }]).expect(415);
      expect(res.text).toContain('不支持文件“logo.svg”的类型');
      expect(res.text).toContain('不接受 SVG、HTML');
      expect(await responses().countBy({ breachId: breach.id })).toBe(0);
    });

    it('new breach evidence (`files`) and the paper scan (`scan`) are checked the same way', async () => {
      const before = await breaches().count();
      const evidence = await recordWith([{ buf: HOSTILE.hta, name: 'evil.hta' }]).expect(415);
      expect(evidence.body.errors.files[0].code).toBe('fileType');
      expect(await breaches().count()).toBe(before);

      const ob = await t.dataSource.getRepository(SigningObligationEntity).findOneByOrFail({ versionId: version.versionId, tenantId: tenantB.id });
      const scan = await paperWith(ob.id, [{ buf: HOSTILE.pdfSvg, name: 'scan.pdf' }]).expect(415);
      expect(scan.body.errors.scan[0].code).toBe('fileType');
      expect((await t.dataSource.getRepository(SigningObligationEntity).findOneByOrFail({ id: ob.id })).signatureId).toBeNull();
      await noTemporaryFiles();
    });

    it('accepted files get the extension of their detected type, never the uploader\'s, and download as attachments of that type', async () => {
      const breach = await breachOf(tenantA.id);
      const files: File[] = [
        { buf: pdf(), name: 'invoice.html' },
        { buf: png(), name: 'photo.svg' },
        { buf: jpeg(), name: 'site.JPEG' },
        { buf: webp(), name: 'wechat.hta' },
        { buf: docx(), name: 'minutes.doc' },
        { buf: xlsx(), name: 'figures.xlsm' },
        { buf: TEXT, name: 'note.hta' },
      ];
      await respondWith(tokens.officerA, breach.id, files).expect(303);
      const response = await responses().findOneByOrFail({ breachId: breach.id });
      const stored = await attachments().find({ where: { ownerType: 'breach_response', ownerId: response.id }, order: { id: 'ASC' } });
      expect(stored.map((a) => [a.fileName, a.contentType])).toEqual([
        ['invoice.pdf', ACCEPTED_TYPES.pdf.contentType],
        ['photo.png', ACCEPTED_TYPES.png.contentType],
        ['site.jpg', ACCEPTED_TYPES.jpeg.contentType],
        ['wechat.webp', ACCEPTED_TYPES.webp.contentType],
        ['minutes.docx', ACCEPTED_TYPES.docx.contentType],
        ['figures.xlsx', ACCEPTED_TYPES.xlsx.contentType],
        ['note.txt', ACCEPTED_TYPES.text.contentType],
      ]);
      expect(stored.map((a) => a.size)).toEqual(files.map((f) => f.buf.length));

      const dl = await staff.browser.agent.get(`/files/${stored[0].id}`).buffer(true).parse(binary).expect(200);
      expect(dl.headers['content-type']).toBe('application/pdf');
      expect(dl.headers['content-disposition']).toBe(`attachment; filename="invoice.pdf"; filename*=UTF-8''invoice.pdf`);
      expect(dl.headers['x-content-type-options']).toBe('nosniff');
      expect(dl.headers['content-security-policy']).toContain('sandbox');
      expect((dl.body as Buffer).equals(files[0].buf)).toBe(true);
      const text = await staff.browser.agent.get(`/files/${stored[6].id}`).expect(200);
      expect(text.headers['content-type']).toBe('text/plain; charset=utf-8');
      expect(text.headers['content-disposition']).toBe(`attachment; filename="note.txt"; filename*=UTF-8''note.txt`);
      const page = await staff.browser.agent.get(`/conventions/breaches/${breach.id}`).expect(200);
      expect(page.text).toContain('note.txt');
      expect(page.text).not.toContain('note.hta');
    });

    it('rows stored before the allow-list download under a safe name: their type\'s extension, or opaque bytes', async () => {
      const breach = await breachOf(tenantA.id);
      const rows = [];
      for (const [fileName, contentType] of [['evil.hta', 'text/plain; charset=utf-8'], ['page.html', 'text/html'], ['\u202Egpj.exe', 'image/png']]) {
        const storagePath = `2020/01/${randomUUID()}`;
        mkdirSync(join(t.config.filesDir, '2020/01'), { recursive: true });
        writeFileSync(join(t.config.filesDir, storagePath), '<script>alert(1)</script>');
        rows.push(await attachments().save(attachments().create({
          ownerType: 'breach', ownerId: breach.id, storagePath, fileName, contentType, size: 25, sha256: '0'.repeat(64), uploadedById: null,
        })));
      }
      const [hta, html, rtl] = rows;
      const a = await staff.browser.agent.get(`/files/${hta.id}`).expect(200);
      expect([a.headers['content-type'], a.headers['content-disposition']]).toEqual(['text/plain; charset=utf-8', `attachment; filename="evil.txt"; filename*=UTF-8''evil.txt`]);
      const b = await staff.browser.agent.get(`/files/${html.id}`).expect(200);
      expect([b.headers['content-type'], b.headers['content-disposition']]).toEqual(['application/octet-stream', `attachment; filename="page.bin"; filename*=UTF-8''page.bin`]);
      const c = await staff.browser.agent.get(`/files/${rtl.id}`).expect(200);
      expect(c.headers['content-disposition']).toBe(`attachment; filename="gpj.png"; filename*=UTF-8''gpj.png`);
      for (const r of [a, b, c]) expect(r.headers['x-content-type-options']).toBe('nosniff');
    });
  });

  describe('finding 7: access before the body, streamed to disk within limits', () => {
    /**
     * Opens a multipart upload declaring `declared` bytes, sends only the first part of it, and
     * waits for an answer while the rest is still to come: a route that reads the body first never
     * answers (the promise rejects after `waitMs`).
     */
    function partialUpload(path: string, token: string, declared: number, waitMs = 5000): Promise<{ status: number; body: Record<string, unknown> }> {
      const boundary = `----parktrust${randomUUID()}`;
      return new Promise((resolve, reject) => {
        const req = httpRequest({
          host: '127.0.0.1', port, method: 'POST', path,
          headers: { ...bearer(token), Accept: 'application/json', 'Content-Type': `multipart/form-data; boundary=${boundary}`, 'Content-Length': declared },
        });
        const timer = setTimeout(() => {
          req.destroy();
          reject(new Error(`no answer within ${waitMs} ms while the body was incomplete: the route waited for the body`));
        }, waitMs);
        req.on('response', (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            clearTimeout(timer);
            req.destroy();
            resolve({ status: res.statusCode ?? 0, body: JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as Record<string, unknown> });
          });
        });
        req.on('error', () => undefined);
        req.write(`--${boundary}\r\nContent-Disposition: form-data; name="files"; filename="a.pdf"\r\nContent-Type: application/pdf\r\n\r\n`);
        req.write(Buffer.alloc(256 * 1024, 0x20));
      });
    }

    it('another tenant\'s breach answers 404 before the body is read; nothing reaches the disk', async () => {
      const breach = await breachOf(tenantA.id);
      const res = await partialUpload(`/conventions/breaches/${breach.id}/responses`, tokens.officerB, 100 * MiB);
      expect(res.status).toBe(404);
      expect(incoming()).toEqual([]);
      const missing = await partialUpload('/conventions/breaches/99999999/responses', tokens.officerA, 100 * MiB);
      expect(missing.status).toBe(404);
      const badId = await partialUpload('/conventions/breaches/abc/responses', tokens.officerA, 100 * MiB);
      expect(badId.status).toBe(400);
    });

    it('a paper scan for a missing obligation answers 404 before the body is read', async () => {
      const res = await partialUpload('/conventions/obligations/99999999/paper', tokens.staff, 50 * MiB);
      expect(res.status).toBe(404);
      expect(incoming()).toEqual([]);
    });

    /**
     * Runs `work` while sampling the JS heap plus Buffer memory every few milliseconds; returns how far
     * the memory that stayed alive grew over the level before. Streaming leaves its chunks behind as
     * garbage, and how much of it is still uncollected at any instant depends on the machine's load
     * (190 MiB on a busy CI run); what the collector cannot free is the lowest level of a stretch of
     * time. So the growth is the highest of the lowest levels over each half second: buffered uploads
     * (8 × 50 MiB) would hold it up for their whole request, streamed ones do not.
     */
    async function peakGrowth(work: () => Promise<unknown>): Promise<{ growth: number; result: unknown }> {
      const WINDOW_MS = 500;
      const level = () => {
        const m = process.memoryUsage();
        return m.heapUsed + m.arrayBuffers;
      };
      const base = level();
      const started = Date.now();
      const window: { at: number; level: number }[] = [];
      let peak = base;
      const sample = () => {
        const at = Date.now();
        window.push({ at, level: level() });
        while (window[0].at < at - WINDOW_MS) window.shift();
        if (at - started >= WINDOW_MS) peak = Math.max(peak, Math.min(...window.map((w) => w.level)));
      };
      const timer = setInterval(sample, 5);
      try {
        const result = await work();
        return { growth: peak - base, result };
      } finally {
        clearInterval(timer);
      }
    }

    const TEN_MIB = Buffer.alloc(10 * MiB, 0x20);
    const tenFiles = (prefix: string): File[] => Array.from({ length: 10 }, (_, i) => ({ buf: TEN_MIB, name: `${prefix}-${i}.txt` }));

    it('8 concurrent 10×10 MB uploads to another tenant\'s breach: all 404, memory stays flat', async () => {
      const breach = await breachOf(tenantA.id);
      const { growth, result } = await peakGrowth(() => Promise.all(
        Array.from({ length: 8 }, (_, i) => respondWith(tokens.officerB, breach.id, tenFiles(`b${i}`)).then((r) => r.status, (e: Error) => e.message)),
      ));
      expect(result).toEqual(Array(8).fill(404));
      // Buffered, these would be 800 MB; the client's own buffers are shared, so the server's share is what grows.
      expect(growth).toBeLessThan(150 * MiB);
      expect(await responses().countBy({ breachId: breach.id })).toBe(0);
      expect(incoming()).toEqual([]);
    });

    it('8 concurrent 10×10 MB uploads by the allowed officer: 413 at the request total, streamed to disk, memory flat, nothing kept', async () => {
      const breach = await breachOf(tenantA.id);
      const before = await attachments().count();
      const { growth, result } = await peakGrowth(() => Promise.all(
        Array.from({ length: 8 }, (_, i) => respondWith(tokens.officerA, breach.id, tenFiles(`a${i}`)).then((r) => [r.status, r.body?.errors?.files?.[0]?.code], (e: Error) => e.message)),
      ));
      expect(result).toEqual(Array(8).fill([413, 'filesTooLarge']));
      expect(growth).toBeLessThan(150 * MiB);
      expect(await responses().countBy({ breachId: breach.id })).toBe(0);
      expect(await attachments().count()).toBe(before);
      await noTemporaryFiles();
    });

    it('one file over UPLOAD_MAX_BYTES: 413 keyed to the field, naming the file and the limit', async () => {
      const breach = await breachOf(tenantA.id);
      const res = await respondWith(tokens.officerA, breach.id, [{ buf: pdf(), name: 'ok.pdf' }, { buf: Buffer.alloc(10 * MiB + 1, 0x20), name: 'huge.txt' }]).expect(413);
      expect(res.body.errors.files[0]).toMatchObject({ code: 'fileTooLarge' });
      expect(res.body.errors.files[0].message).toContain('huge.txt');
      expect(res.body.errors.files[0].message).toContain('10');
      const scans = await paperWith(99999999, [{ buf: Buffer.alloc(10 * MiB + 1, 0x20), name: 'scan.pdf' }]).expect(404);
      expect(scans.body.errors).toBeUndefined();
      expect(await responses().countBy({ breachId: breach.id })).toBe(0);
      await noTemporaryFiles();
    });

    it('more files than the route takes: 400 keyed to the field; files in another field: 400 keyed to that field', async () => {
      const breach = await breachOf(tenantA.id);
      const many = Array.from({ length: 11 }, (_, i) => ({ buf: TEXT, name: `n${i}.txt` }));
      const res = await respondWith(tokens.officerA, breach.id, many).expect(400);
      expect(res.body.errors.files[0]).toMatchObject({ code: 'maxFiles' });
      const other = await t.http().post(`/conventions/breaches/${breach.id}/responses`).set(bearer(tokens.officerA))
        .field('text', 'x').attach('evil', TEXT, 'a.txt').expect(400);
      expect(other.body.errors.evil[0]).toMatchObject({ code: 'unknownField' });
      await noTemporaryFiles();
    });

    it('a form refused after the files arrived (400) leaves no temporary file and no attachment', async () => {
      const breach = await breachOf(tenantA.id);
      const before = await attachments().count();
      const res = await respondFromPage(officerA.browser, breach.id, [{ buf: pdf(), name: 'a.pdf' }], '   ').expect(400);
      expect(res.text).toContain('has-error');
      expect(await attachments().count()).toBe(before);
      await noTemporaryFiles();
    });

    it('files moved into place are removed again when the owner\'s transaction rolls back', async () => {
      const breach = await breachOf(tenantA.id);
      mkdirSync(incomingDir(t.config), { recursive: true });
      const path = join(incomingDir(t.config), randomUUID());
      writeFileSync(path, pdf());
      const part: UploadedPart = { fieldname: 'files', originalname: 'a.pdf', path, size: pdf().length, sha256: 'x'.repeat(64), type: ACCEPTED_TYPES.pdf };
      let kept: string | null = null;
      await expect(t.dataSource.transaction(async (m) => {
        const [row] = await t.get(FilesService).store(m, 'breach', breach.id, [part], null);
        kept = join(t.config.filesDir, row.storagePath);
        expect(existsSync(kept)).toBe(true);
        throw new Error('the owner failed after storing');
      })).rejects.toThrow('the owner failed');
      expect(kept).not.toBeNull();
      expect(existsSync(kept!)).toBe(false);
      expect(existsSync(path)).toBe(false);
    });

    it('boot removes temporary files a dead process left behind, and only old ones', async () => {
      mkdirSync(incomingDir(t.config), { recursive: true });
      const stale = join(incomingDir(t.config), 'stale-upload');
      const fresh = join(incomingDir(t.config), 'fresh-upload');
      writeFileSync(stale, 'x');
      writeFileSync(fresh, 'x');
      const twoHoursAgo = new Date(Date.now() - 2 * 3600_000);
      utimesSync(stale, twoHoursAgo, twoHoursAgo);
      await t.get(FilesService).onModuleInit();
      expect(existsSync(stale)).toBe(false);
      expect(existsSync(fresh)).toBe(true);
      rmSync(fresh);
    });
  });
});
