import ExcelJS from 'exceljs';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AuthoringService } from '../../src/conventions/authoring/authoring.service.js';
import { ConventionVersionEntity } from '../../src/conventions/entities/convention-version.entity.js';
import { SignatureEntity } from '../../src/conventions/entities/signature.entity.js';
import { SigningObligationEntity } from '../../src/conventions/entities/signing-obligation.entity.js';
import { AttachmentEntity } from '../../src/files/entities/attachment.entity.js';
import { QueuePort } from '../../src/queue/queue.port.js';
import { publishVersion as publishShared, type PublishVersionOptions } from '../support/conventions-helpers.js';
import { auditEntries, bearer, binary, csvRows, fieldError, formError } from '../support/http-helpers.js';
import { waitFor } from '../support/outbox-helpers.js';
import { pdfText } from '../support/pdf-text.js';
import { png } from '../support/upload-fixtures.js';
import { createTenant, createTestApp, createUser, login, TEST_ACTOR, tokenFor, type Browser, type TestApp } from '../support/test-app.js';

const UPLOAD_LIMIT = 4096;
const PNG = png();
const EXE = Buffer.concat([Buffer.from('MZ'), Buffer.from([0x90, 0x00, 0x03, 0x00, 0x00, 0x00, 0x04, 0x00]), Buffer.alloc(64)]);



describe('conventions: signing', () => {
  let t: TestApp;
  let tenantA: { id: number; name: string; uscc: string };
  let tenantB: { id: number; name: string; uscc: string };
  let tenantC: { id: number; name: string; uscc: string };
  let officerA: Browser;
  let officerB: Browser;
  let staff: Browser;
  let regulator: Browser;
  let evaluator: Browser;
  let staffUserId: number;
  let officerAToken: string;
  let officerBToken: string;
  let staffToken: string;
  let evaluatorToken: string;

  /**
   * Publishes through the shared helper, then waits for the notice jobs it starts: on SQLite the one
   * connection cannot hold their transactions and a test's own at the same time.
   */
  async function publishVersion(_t: TestApp, opts: PublishVersionOptions = {}) {
    const published = await publishShared(t, opts);
    await queueIdle();
    return published;
  }

  async function queueIdle(): Promise<void> {
    const queue = t.get(QueuePort);
    await waitFor('queue idle', async () => {
      const c = await queue.counts();
      return c.waiting + c.active === 0;
    });
  }

  const obligationOf = (versionId: number, tenantId: number) =>
    t.dataSource.getRepository(SigningObligationEntity).findOneByOrFail({ versionId, tenantId });
  const signatureCount = () => t.dataSource.getRepository(SignatureEntity).count();

  /** Signs an obligation of tenant A through the API; returns the signature. */
  async function signAsA(obligationId: number): Promise<{ id: number; verificationCode: string; textSha256: string }> {
    const res = await t.http().post(`/api/v1/conventions/obligations/${obligationId}/sign`).set(bearer(officerAToken))
      .send({ signerName: '张三', signerTitle: '合规负责人', consent: true }).expect(201);
    return res.body;
  }

  /** Staff records a paper signature with these files (multipart, CSRF in the query). */
  function postPaper(browser: Browser, obligationId: number, files: { name: string; bytes: Buffer }[], fields: Record<string, string> = {}) {
    const req = browser.agent.post(`/conventions/obligations/${obligationId}/paper`).field('_csrf', browser.csrf);
    const all = { signerName: '李四', signerTitle: '法定代表人', signedOn: '2026-01-05', reason: '企业负责人不便在线签署', ...fields };
    for (const [k, v] of Object.entries(all)) req.field(k, v);
    for (const f of files) req.attach('scan', f.bytes, { filename: f.name, contentType: 'application/octet-stream' });
    return req;
  }

  beforeAll(async () => {
    t = await createTestApp({ UPLOAD_MAX_BYTES: String(UPLOAD_LIMIT) });
    tenantA = await createTenant(t, { name: '甲签署测试有限公司', building: 'S1', industry: '电子信息' });
    tenantB = await createTenant(t, { name: '乙签署测试有限公司', building: 'S2', industry: '生物医药' });
    tenantC = await createTenant(t, { name: '丙签署测试有限公司', building: 'S2', industry: '电子信息' });
    // One after another: SQLite has a single connection, so concurrent transactions would collide.
    const uA = await createUser(t, 'tenant_officer', { tenantId: tenantA.id });
    const uB = await createUser(t, 'tenant_officer', { tenantId: tenantB.id });
    const uStaff = await createUser(t, 'park_staff');
    const uReg = await createUser(t, 'regulator');
    const uEval = await createUser(t, 'evaluator');
    staffUserId = uStaff.id;
    officerA = await login(t, uA.email);
    officerB = await login(t, uB.email);
    staff = await login(t, uStaff.email);
    regulator = await login(t, uReg.email);
    evaluator = await login(t, uEval.email);
    officerAToken = await tokenFor(t, uA.id);
    officerBToken = await tokenFor(t, uB.id);
    staffToken = await tokenFor(t, uStaff.id);
    evaluatorToken = await tokenFor(t, uEval.id);
  });

  afterAll(async () => {
    await t?.close();
  });

  it('publish → officer lists → reads → signs → receipt → public verification', async () => {
    const v = await publishVersion(t, { title: '园区管理公约（签署测试）' });
    const version = await t.dataSource.getRepository(ConventionVersionEntity).findOneByOrFail({ id: v.versionId });
    const ob = await obligationOf(v.versionId, tenantA.id);

    const list = await officerA.agent.get('/conventions/my').expect(200);
    expect(list.text).toContain('园区管理公约（签署测试）');
    expect(list.text).toContain(`/conventions/obligations/${ob.id}`);
    const api = await t.http().get('/api/v1/conventions/my/obligations').set(bearer(officerAToken)).expect(200);
    const mine = api.body.find((o: { versionId: number }) => o.versionId === v.versionId);
    expect(mine).toMatchObject({ id: ob.id, state: 'pending', signatureId: null, kind: 'management', deadline: v.deadline });

    const read = await officerA.agent.get(`/conventions/obligations/${ob.id}`).expect(200);
    expect(read.text).toContain('遵守国家法律法规。');
    expect(read.text).toContain(version.textSha256!);
    expect(read.text).toContain('name="consent"');
    expect(read.text).toContain('法治');
    // Each clause shows its own number (a helper named like the field once printed NaN).
    expect(read.text).toMatch(/<strong>1<\/strong> 遵守国家法律法规。/);
    expect(read.text).not.toContain('NaN');

    const before = await signatureCount();
    const signed = await officerA.agent.post(`/conventions/obligations/${ob.id}/sign`).type('form')
      .set('User-Agent', 'SigningTest/1.0')
      .send({ _csrf: officerA.csrf, signerName: '张三', signerTitle: '合规负责人', consent: 'on' }).expect(303);
    const sigId = Number(/\/conventions\/signatures\/(\d+)$/.exec(signed.headers.location)?.[1]);
    expect(sigId).toBeGreaterThan(0);
    expect(await signatureCount()).toBe(before + 1);

    const sig = await t.dataSource.getRepository(SignatureEntity).findOneByOrFail({ id: sigId });
    expect(sig).toMatchObject({ method: 'online', signerName: '张三', signerTitle: '合规负责人', tenantId: tenantA.id, obligationId: ob.id, userAgent: 'SigningTest/1.0' });
    expect(sig.textSha256).toBe(version.textSha256);
    expect(sig.verificationCode).toMatch(/^[2-9A-HJ-NP-Z]{16}$/);
    expect(sig.ip).toBeTruthy();
    expect((await obligationOf(v.versionId, tenantA.id)).signatureId).toBe(sigId);
    expect(await auditEntries(t, { action: 'convention.sign', entityId: String(sigId) })).toHaveLength(1);

    const receipt = await officerA.agent.get(`/conventions/signatures/${sigId}`).expect(200);
    const printed = sig.verificationCode.replace(/(.{4})(?=.)/g, '$1-');
    expect(receipt.text).toContain(printed);
    expect(receipt.text).toContain(sig.textSha256);
    expect(receipt.text).toContain('诚实守信，公平竞争。');
    // The full verification address, with its QR code; the signing environment is not the officer's to read.
    const verifyUrl = `http://localhost:3000/verify?code=${printed}`;
    expect(receipt.text).toContain(`href="${verifyUrl.replace('=', '&#x3D;')}"`);
    expect(receipt.text).toMatch(/<figure class="qr"[^>]*><svg [^>]*viewBox=/);
    expect(receipt.text).not.toContain('SigningTest/1.0');
    expect(receipt.text).not.toContain(`<code>${sig.ip}</code>`);
    // Staff see them, folded away.
    const staffReceipt = await staff.agent.get(`/conventions/signatures/${sigId}`).expect(200);
    expect(staffReceipt.text).toMatch(/<details class="environment">[^]*SigningTest\/1\.0[^]*<\/details>/);

    const pdf = await officerA.agent.get(`/conventions/signatures/${sigId}/receipt.pdf`).buffer(true).parse(binary).expect(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    const bytes = pdf.body as Buffer;
    expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(bytes.length).toBeGreaterThan(2000);
    const raw = bytes.toString('latin1');
    expect(raw).toContain(`verification-code:${sig.verificationCode}`);
    expect(raw).toContain(sig.textSha256);
    expect(raw).toMatch(/\/FontFile3|\/FontFile2/);
    expect(raw).toContain('NotoSansHans');
    // It reads like a document: park and issuer, title, signer, date in words, hash, the full address; no machine text.
    const text = pdfText(bytes).join('\n');
    expect(text).toContain('示范产业园区');
    expect(text).toContain('签署回执');
    expect(text).toContain('园区管理公约（签署测试）');
    expect(text).toContain('张三 · 合规负责人');
    expect(text).toMatch(/\d{4}年\d{1,2}月\d{1,2}日 \d{2}:\d{2}（Asia\/Shanghai）/);
    expect(text).toContain(sig.textSha256);
    expect(text).toContain(verifyUrl);
    expect(text).toContain('遵守国家法律法规。');
    expect(text).toContain('德治');
    for (const machine of ['kind:', 'title.en', '(integrity)', 'title:', 'effective:']) expect(text).not.toContain(machine);
    expect(raw).toContain(`/URI (${verifyUrl})`);
    // In the reader's language: the date in words, still in park time.
    await officerA.agent.get('/locale/en').expect(303);
    const en = await officerA.agent.get(`/conventions/signatures/${sigId}/receipt.pdf`).buffer(true).parse(binary).expect(200);
    await officerA.agent.get('/locale/zh-CN').expect(303);
    const enText = pdfText(en.body as Buffer).join('\n');
    expect(enText).toContain('Signature receipt');
    expect(enText).toMatch(/[A-Z][a-z]+ \d{1,2}, \d{4} at \d{2}:\d{2} \(Asia\/Shanghai\)/);
    expect(enText).toContain('Law-abiding');

    // The public check: anonymous, code as printed (dashes, lower case), never the IP or user agent.
    const verify = await t.http().get(`/verify?code=${printed.toLowerCase()}`).expect(200);
    expect(verify.text).toContain(tenantA.name);
    expect(verify.text).toContain(tenantA.uscc);
    expect(verify.text).toContain('园区管理公约（签署测试）');
    expect(verify.text).toContain(sig.textSha256);
    expect(verify.text).not.toContain('SigningTest/1.0');
    expect(verify.text).not.toContain(sig.ip!);
    const verifyApi = await t.http().get(`/api/v1/verify/${sig.verificationCode}`).expect(200);
    expect(verifyApi.body).toMatchObject({ genuine: true, tenantName: tenantA.name, uscc: tenantA.uscc, versionNo: 1, method: 'online', textSha256: version.textSha256 });
    expect(JSON.stringify(verifyApi.body)).not.toContain('SigningTest');
    expect(verifyApi.body.ip).toBeUndefined();

    const unknown = await t.http().get('/verify?code=ABCD-EFGH-JKMN-PQRS').expect(404);
    expect(unknown.text).toContain('没有找到该验证码对应的签署记录');
    await t.http().get('/verify?code=%27%20OR%201%3D1').expect(404);
    await t.http().get('/api/v1/verify/ABCDEFGHJKMNPQRS').expect(404);
    await t.http().get('/verify').expect(200);

    // Listed as signed, with a link to the receipt.
    const after = await t.http().get('/api/v1/conventions/my/obligations').set(bearer(officerAToken)).expect(200);
    expect(after.body.find((o: { id: number }) => o.id === ob.id)).toMatchObject({ state: 'signed', signatureId: sigId });
  });

  it('refuses signing twice with 409 and writes nothing', async () => {
    const v = await publishVersion(t);
    const ob = await obligationOf(v.versionId, tenantA.id);
    const first = await signAsA(ob.id);
    expect(first.textSha256).toMatch(/^[0-9a-f]{64}$/);
    const count = await signatureCount();
    const again = await t.http().post(`/api/v1/conventions/obligations/${ob.id}/sign`).set(bearer(officerAToken))
      .send({ signerName: '张三', signerTitle: '合规负责人', consent: true }).expect(409);
    expect(again.body.message).toContain('不能重复签署');
    const page = await officerA.agent.post(`/conventions/obligations/${ob.id}/sign`).type('form')
      .send({ _csrf: officerA.csrf, signerName: '张三', signerTitle: '合规负责人', consent: 'on' }).expect(409);
    expect(formError(page.text)).toContain('不能重复签署');
    expect(await signatureCount()).toBe(count);
  });

  it('refuses signing a superseded version with 409', async () => {
    const v1 = await publishVersion(t);
    const authoring = t.get(AuthoringService);
    const draft = await authoring.newDraft(v1.conventionId, TEST_ACTOR);
    await authoring.publish(draft.id, TEST_ACTOR);
    await queueIdle();
    const ob = await obligationOf(v1.versionId, tenantA.id);
    const count = await signatureCount();
    const res = await t.http().post(`/api/v1/conventions/obligations/${ob.id}/sign`).set(bearer(officerAToken))
      .send({ signerName: '张三', signerTitle: '合规负责人', consent: true }).expect(409);
    expect(res.body.message).toContain('已被新版本取代');
    expect(await signatureCount()).toBe(count);
    expect((await obligationOf(v1.versionId, tenantA.id)).signatureId).toBeNull();
    // The new version can be signed.
    const ob2 = await obligationOf(draft.id, tenantA.id);
    await signAsA(ob2.id);
  });

  it('refuses signing a draft with 409', async () => {
    const created = await t.get(AuthoringService).createConvention({
      kind: 'commitment', title: '草稿承诺书', titleEn: null, effectiveDate: '2026-01-01', signingPeriodDays: 10,
      clauses: [{ number: '1', category: 'integrity', customCategory: null, textZh: '诚信经营。', textEn: null }],
    }, TEST_ACTOR);
    const repo = t.dataSource.getRepository(SigningObligationEntity);
    const ob = await repo.save(repo.create({ versionId: created.versionId, tenantId: tenantA.id, deadline: '2099-01-01', signatureId: null }));
    const count = await signatureCount();
    const res = await t.http().post(`/api/v1/conventions/obligations/${ob.id}/sign`).set(bearer(officerAToken))
      .send({ signerName: '张三', signerTitle: '合规负责人', consent: true }).expect(409);
    expect(res.body.message).toContain('草稿');
    expect(await signatureCount()).toBe(count);
  });

  it('refuses signing for another tenant exactly as for a missing obligation (404) and writes nothing', async () => {
    const v = await publishVersion(t);
    const obA = await obligationOf(v.versionId, tenantA.id);
    const count = await signatureCount();
    const audits = (await auditEntries(t, { action: 'convention.sign' })).length;
    const api = await t.http().post(`/api/v1/conventions/obligations/${obA.id}/sign`).set(bearer(officerBToken))
      .send({ signerName: '王五', signerTitle: '经理', consent: true }).expect(404);
    const missing = await t.http().post('/api/v1/conventions/obligations/99999999/sign').set(bearer(officerBToken))
      .send({ signerName: '王五', signerTitle: '经理', consent: true }).expect(404);
    expect(api.body).toEqual(missing.body);
    await officerB.agent.post(`/conventions/obligations/${obA.id}/sign`).type('form')
      .send({ _csrf: officerB.csrf, signerName: '王五', signerTitle: '经理', consent: 'on' }).expect(404);
    expect(await signatureCount()).toBe(count);
    expect((await auditEntries(t, { action: 'convention.sign' })).length).toBe(audits);
    expect((await obligationOf(v.versionId, tenantA.id)).signatureId).toBeNull();
    // Reading another tenant's obligation reveals nothing.
    await officerB.agent.get(`/conventions/obligations/${obA.id}`).expect(404);
  });

  it('requires explicit consent (400, field error) and the signer fields', async () => {
    const v = await publishVersion(t);
    const ob = await obligationOf(v.versionId, tenantA.id);
    const count = await signatureCount();
    const missing = await t.http().post(`/api/v1/conventions/obligations/${ob.id}/sign`).set(bearer(officerAToken))
      .send({ signerName: '张三', signerTitle: '合规负责人' }).expect(400);
    expect(missing.body.errors.consent).toBeDefined();
    const refused = await t.http().post(`/api/v1/conventions/obligations/${ob.id}/sign`).set(bearer(officerAToken))
      .send({ signerName: '张三', signerTitle: '合规负责人', consent: false }).expect(400);
    expect(refused.body.errors.consent).toBeDefined();
    const noName = await t.http().post(`/api/v1/conventions/obligations/${ob.id}/sign`).set(bearer(officerAToken))
      .send({ signerTitle: '合规负责人', consent: true }).expect(400);
    expect(noName.body.errors.signerName).toBeDefined();
    const page = await officerA.agent.post(`/conventions/obligations/${ob.id}/sign`).type('form')
      .send({ _csrf: officerA.csrf, signerName: '张三', signerTitle: '合规负责人' }).expect(400);
    expect(fieldError(page.text, 'consent')).not.toBeNull();
    expect(await signatureCount()).toBe(count);
  });

  it('records a paper signature with a scan; the scan is served only to those allowed', async () => {
    const v = await publishVersion(t);
    const ob = await obligationOf(v.versionId, tenantA.id);
    const form = await staff.agent.get(`/conventions/obligations/${ob.id}/paper`).expect(200);
    expect(form.text).toContain('enctype="multipart/form-data"');
    await officerA.agent.get(`/conventions/obligations/${ob.id}/paper`).expect(403);

    const res = await postPaper(staff, ob.id, [{ name: '../../x.png', bytes: PNG }]).expect(303);
    const sigId = Number(/\/conventions\/signatures\/(\d+)$/.exec(res.headers.location)?.[1]);
    const sig = await t.dataSource.getRepository(SignatureEntity).findOneByOrFail({ id: sigId });
    const version = await t.dataSource.getRepository(ConventionVersionEntity).findOneByOrFail({ id: v.versionId });
    expect(sig).toMatchObject({ method: 'paper', signerName: '李四', recordedById: staffUserId, userId: null, paperReason: '企业负责人不便在线签署', ip: null });
    expect(sig.textSha256).toBe(version.textSha256);
    expect(await auditEntries(t, { action: 'convention.signPaper', entityId: String(sigId) })).toHaveLength(1);

    const [att] = await t.dataSource.getRepository(AttachmentEntity).findBy({ ownerType: 'signature', ownerId: sigId });
    expect(att.fileName).toBe('x.png');
    expect(att.contentType).toBe('image/png');
    expect(att.storagePath).not.toContain('..');
    expect(att.storagePath).not.toContain('x.png');
    expect(existsSync(join(t.config.filesDir, att.storagePath))).toBe(true);
    expect(readFileSync(join(t.config.filesDir, att.storagePath)).equals(PNG)).toBe(true);

    const receipt = await staff.agent.get(`/conventions/signatures/${sigId}`).expect(200);
    expect(receipt.text).toContain(`/files/${att.id}`);
    const dl = await staff.agent.get(`/files/${att.id}`).buffer(true).parse(binary).expect(200);
    expect((dl.body as Buffer).equals(PNG)).toBe(true);
    await officerA.agent.get(`/files/${att.id}`).expect(200);
    await regulator.agent.get(`/files/${att.id}`).expect(200);
    await officerB.agent.get(`/files/${att.id}`).expect(404);
    await t.http().get(`/api/v1/files/${att.id}`).set(bearer(officerBToken)).expect(404);

    // Paper signing follows the same rules: signed once.
    await postPaper(staff, ob.id, [{ name: 'again.png', bytes: PNG }]).expect(409);
  });

  it('refuses paper signatures without a scan or reason, too large (413) or of a disallowed type (415)', async () => {
    const v = await publishVersion(t);
    const ob = await obligationOf(v.versionId, tenantB.id);
    const count = await signatureCount();
    const attachments = () => t.dataSource.getRepository(AttachmentEntity).countBy({ ownerType: 'signature' });
    const before = await attachments();

    const noScan = await postPaper(staff, ob.id, []).expect(400);
    expect(fieldError(noScan.text, 'scan')).not.toBeNull();
    const noReason = await postPaper(staff, ob.id, [{ name: 'a.png', bytes: PNG }], { reason: '' }).expect(400);
    expect(fieldError(noReason.text, 'reason')).not.toBeNull();
    await postPaper(staff, ob.id, [{ name: 'big.png', bytes: Buffer.concat([PNG, Buffer.alloc(UPLOAD_LIMIT)]) }]).expect(413);
    await postPaper(staff, ob.id, [{ name: 'scan.png', bytes: EXE }]).expect(415);
    await postPaper(officerB, ob.id, [{ name: 'a.png', bytes: PNG }]).expect(403);
    // Without the CSRF token in the query string, nothing happens.
    await staff.agent.post(`/conventions/obligations/${ob.id}/paper`).attach('scan', PNG, 'a.png').expect(403);

    expect(await signatureCount()).toBe(count);
    expect(await attachments()).toBe(before);
    expect((await obligationOf(v.versionId, tenantB.id)).signatureId).toBeNull();
  });

  it('shows progress per version with counts, filters and CSV/XLSX export', async () => {
    const v = await publishVersion(t, { title: '进度测试公约' });
    const obA = await obligationOf(v.versionId, tenantA.id);
    const obC = await obligationOf(v.versionId, tenantC.id);
    await signAsA(obA.id);
    await t.dataSource.getRepository(SigningObligationEntity).update({ id: obC.id }, { deadline: '2020-01-01' });
    const total = await t.dataSource.getRepository(SigningObligationEntity).countBy({ versionId: v.versionId });
    const base = `/conventions/versions/${v.versionId}/progress`;

    const page = await staff.agent.get(base).expect(200);
    const count = (name: string) => Number(new RegExp(`data-count="${name}">([\\d,]+)<`).exec(page.text)?.[1].replace(/,/g, ''));
    expect(count('total')).toBe(total);
    expect(count('signed')).toBe(1);
    expect(count('overdue')).toBe(1);
    expect(count('pending')).toBe(total - 2);

    const rowsOf = (html: string) => [...html.matchAll(/data-obligation="(\d+)"/g)].map((m) => Number(m[1]));
    expect(rowsOf((await staff.agent.get(`${base}?state=overdue`).expect(200)).text)).toEqual([obC.id]);
    expect(rowsOf((await staff.agent.get(`${base}?state=signed`).expect(200)).text)).toEqual([obA.id]);
    expect(rowsOf((await staff.agent.get(`${base}?state=pending`).expect(200)).text)).not.toContain(obA.id);
    expect(rowsOf((await staff.agent.get(`${base}?q=${encodeURIComponent('丙签署')}`).expect(200)).text)).toEqual([obC.id]);
    expect(rowsOf((await staff.agent.get(`${base}?building=S1`).expect(200)).text)).toEqual([obA.id]);
    const industry = rowsOf((await staff.agent.get(`${base}?building=S2&industry=${encodeURIComponent('电子信息')}`).expect(200)).text);
    expect(industry).toEqual([obC.id]);
    await staff.agent.get(`${base}?state=bogus`).expect(400);
    await regulator.agent.get(base).expect(200);

    // Names in pinyin order (丙 bing, 甲 jia, 乙 yi), not in code-point order (丙 乙 甲), on the page and in the export's batches.
    const obB = await obligationOf(v.versionId, tenantB.id);
    const ours = `q=${encodeURIComponent('签署测试有限公司')}`;
    expect(rowsOf((await staff.agent.get(`${base}?${ours}`).expect(200)).text)).toEqual([obC.id, obA.id, obB.id]);
    const ordered = csvRows((await staff.agent.get(`${base}.csv?${ours}`).buffer(true).parse(binary).expect(200)).body as Buffer).slice(1).map((r) => r[0]);
    expect(ordered).toEqual([tenantC.name, tenantA.name, tenantB.name]);

    const csv = await staff.agent.get(`${base}.csv?state=overdue`).buffer(true).parse(binary).expect(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    const rows = csvRows(csv.body as Buffer);
    expect(rows[0]).toEqual(['企业', '统一社会信用代码', '楼栋', '行业', '截止日期', '状态', '签署时间', '签署方式']);
    expect(rows.slice(1)).toEqual([[tenantC.name, tenantC.uscc, 'S2', '39 计算机、通信和其他电子设备制造业', '2020-01-01', '已逾期', '', '']]);
    const all = csvRows((await staff.agent.get(`${base}.csv`).buffer(true).parse(binary).expect(200)).body as Buffer);
    expect(all).toHaveLength(total + 1);
    expect(all.find((r) => r[1] === tenantA.uscc)?.[7]).toBe('在线签署');

    const xlsx = await staff.agent.get(`${base}.xlsx?state=signed`).buffer(true).parse(binary).expect(200);
    expect(xlsx.headers['content-type']).toContain('spreadsheetml');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.body as unknown as ExcelJS.Buffer);
    const sheetRows: unknown[][] = [];
    wb.worksheets[0].eachRow((row) => sheetRows.push((row.values as unknown[]).slice(1)));
    expect(sheetRows).toHaveLength(2);
    expect(sheetRows[1][0]).toBe(tenantA.name);
  });

  it('checks authorization on every route', async () => {
    const v = await publishVersion(t);
    const obA = await obligationOf(v.versionId, tenantA.id);
    const sig = await signAsA(obA.id);
    const sigPath = `/conventions/signatures/${sig.id}`;
    const progress = `/conventions/versions/${v.versionId}/progress`;
    const pages: [string, Record<string, number>][] = [
      ['/conventions/my', { officerA: 200, staff: 403, regulator: 403, evaluator: 403 }],
      [`/conventions/obligations/${obA.id}`, { officerA: 200, officerB: 404, staff: 200, regulator: 200, evaluator: 403 }],
      [`/conventions/obligations/${obA.id}/paper`, { officerA: 403, staff: 200, regulator: 403, evaluator: 403 }],
      [sigPath, { officerA: 200, officerB: 404, staff: 200, regulator: 200, evaluator: 403 }],
      [`${sigPath}/receipt.pdf`, { officerA: 200, officerB: 404, staff: 200, regulator: 200, evaluator: 403 }],
      [progress, { officerA: 403, staff: 200, regulator: 200, evaluator: 403 }],
      [`${progress}.csv`, { officerA: 403, staff: 200, regulator: 200, evaluator: 403 }],
      [`${progress}.xlsx`, { officerA: 403, staff: 200, regulator: 200, evaluator: 403 }],
      ['/conventions/obligations/999999', { officerA: 404, staff: 404 }],
      ['/conventions/signatures/999999', { officerA: 404, staff: 404 }],
      ['/conventions/versions/999999/progress', { staff: 404 }],
    ];
    const browsers: Record<string, Browser> = { officerA, officerB, staff, regulator, evaluator };
    const got: Record<string, number> = {};
    const want: Record<string, number> = {};
    for (const [path, expected] of pages) {
      const anon = await t.http().get(path);
      got[`${path} anonymous`] = anon.status;
      want[`${path} anonymous`] = 303;
      for (const [who, status] of Object.entries(expected)) {
        got[`${path} ${who}`] = (await browsers[who].agent.get(path)).status;
        want[`${path} ${who}`] = status;
      }
    }
    expect(got).toEqual(want);

    // Page POSTs: sign (officers only), paper (staff only); both need the CSRF token.
    await staff.agent.post(`/conventions/obligations/${obA.id}/sign`).type('form')
      .send({ _csrf: staff.csrf, signerName: '员工', signerTitle: '员工', consent: 'on' }).expect(403);
    await officerA.agent.post(`/conventions/obligations/${obA.id}/sign`).type('form')
      .send({ signerName: '张三', signerTitle: '合规负责人', consent: 'on' }).expect(403);
    await t.http().post(`/conventions/obligations/${obA.id}/sign`).type('form').send({ signerName: 'x', signerTitle: 'y', consent: 'on' }).expect(303);

    // API
    const api: [string, string | null, number][] = [
      ['/api/v1/conventions/my/obligations', null, 401],
      ['/api/v1/conventions/my/obligations', officerAToken, 200],
      ['/api/v1/conventions/my/obligations', staffToken, 403],
      [`/api/v1/conventions/signatures/${sig.id}`, null, 401],
      [`/api/v1/conventions/signatures/${sig.id}`, officerAToken, 200],
      [`/api/v1/conventions/signatures/${sig.id}`, officerBToken, 404],
      [`/api/v1/conventions/signatures/${sig.id}`, staffToken, 200],
      [`/api/v1/conventions/signatures/${sig.id}`, evaluatorToken, 403],
      [`/api/v1/verify/${sig.verificationCode}`, null, 200],
    ];
    const apiGot = await Promise.all(api.map(async ([path, token]) => {
      const req = t.http().get(path);
      if (token) req.set(bearer(token));
      return (await req).status;
    }));
    expect(apiGot).toEqual(api.map(([, , status]) => status));
    const one = await t.http().get(`/api/v1/conventions/signatures/${sig.id}`).set(bearer(staffToken)).expect(200);
    expect(one.body).toMatchObject({ id: sig.id, method: 'online', textSha256: sig.textSha256, verificationCode: sig.verificationCode });
    const v2 = await publishVersion(t);
    const obA2 = await obligationOf(v2.versionId, tenantA.id);
    await t.http().post(`/api/v1/conventions/obligations/${obA2.id}/sign`).set(bearer(staffToken))
      .send({ signerName: '员工', signerTitle: '员工', consent: true }).expect(403);
    await t.http().post(`/api/v1/conventions/obligations/${obA2.id}/sign`)
      .send({ signerName: '张三', signerTitle: '合规负责人', consent: true }).expect(401);
    await t.http().post('/api/v1/conventions/obligations/999999/sign').set(bearer(officerAToken))
      .send({ signerName: '张三', signerTitle: '合规负责人', consent: true }).expect(404);
    expect((await obligationOf(v2.versionId, tenantA.id)).signatureId).toBeNull();
  });
});
