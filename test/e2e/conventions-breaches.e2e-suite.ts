import { jest } from '@jest/globals';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { UserEntity } from '../../src/accounts/entities/user.entity.js';
import { AuthoringService } from '../../src/conventions/authoring/authoring.service.js';
import { BreachResponseEntity } from '../../src/conventions/entities/breach-response.entity.js';
import { BreachEntity } from '../../src/conventions/entities/breach.entity.js';
import { SignatureEntity } from '../../src/conventions/entities/signature.entity.js';
import { SigningObligationEntity } from '../../src/conventions/entities/signing-obligation.entity.js';
import { AttachmentEntity } from '../../src/files/entities/attachment.entity.js';
import { I18nService } from '../../src/i18n/i18n.service.js';
import { NotificationEntity } from '../../src/notifications/entities/notification.entity.js';
import { OutboxMessageEntity } from '../../src/notifications/entities/outbox-message.entity.js';
import type { TenantEntity } from '../../src/tenants/entities/tenant.entity.js';
import { TenantsService } from '../../src/tenants/tenants.service.js';
import { publishVersion, type PublishedVersion } from '../support/conventions-helpers.js';
import { auditEntries, bearer, fieldError, loginAs } from '../support/http-helpers.js';
import { waitFor } from '../support/outbox-helpers.js';
import { png } from '../support/upload-fixtures.js';
import { createTenant, createTestApp, createUser, TEST_ACTOR, tokenFor, type Browser, type TestApp } from '../support/test-app.js';

jest.setTimeout(60_000);

const PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');
const PNG = png();
const TEXT = Buffer.from('整改说明：已于当日处理完毕。\n');
const BINARY = Buffer.from([0x00, 0x01, 0x02, 0x03, 0xfe, 0xff, 0x00, 0x10]);

describe('conventions: breaches', () => {
  let t: TestApp;
  let tenantA: TenantEntity;
  let tenantB: TenantEntity;
  let management: PublishedVersion;
  let commitment: PublishedVersion;
  let staff: { user: UserEntity; browser: Browser };
  let officerA: { user: UserEntity; browser: Browser };
  let officerB: { user: UserEntity; browser: Browser };
  let regulator: { user: UserEntity; browser: Browser };
  let evaluator: { user: UserEntity; browser: Browser };
  let tokens: Record<'staff' | 'officerA' | 'officerB' | 'regulator' | 'evaluator', string>;
  let today: string;

  const breaches = () => t.dataSource.getRepository(BreachEntity);
  const attachments = () => t.dataSource.getRepository(AttachmentEntity);

  beforeAll(async () => {
    t = await createTestApp({ UPLOAD_MAX_BYTES: '2048', LOGIN_RATE_PER_MINUTE: '1000' });
    today = t.get(I18nService).today();
    tenantA = await createTenant(t, { name: `甲乙违约测试${Date.now()}有限公司` });
    tenantB = await createTenant(t, { name: `丙丁违约测试${Date.now()}有限公司` });
    management = await publishVersion(t, { kind: 'management', title: '园区管理公约' });
    commitment = await publishVersion(t, { kind: 'commitment', title: '信用承诺书', clauses: [{ number: '一', category: 'integrity', textZh: '如实提供信息。' }] });
    staff = await loginAs(t, 'park_staff');
    officerA = await loginAs(t, 'tenant_officer', { tenantId: tenantA.id });
    officerB = await loginAs(t, 'tenant_officer', { tenantId: tenantB.id });
    regulator = await loginAs(t, 'regulator');
    evaluator = await loginAs(t, 'evaluator');
    tokens = {
      staff: await tokenFor(t, staff.user.id),
      officerA: await tokenFor(t, officerA.user.id),
      officerB: await tokenFor(t, officerB.user.id),
      regulator: await tokenFor(t, regulator.user.id),
      evaluator: await tokenFor(t, evaluator.user.id),
    };
  });
  afterAll(async () => {
    await t?.close();
  });

  /** Posts the "record a breach" multipart form as `browser`. */
  function postBreach(browser: Browser, fields: Record<string, string | number>, files: { buf: Buffer; name: string }[] = []) {
    let req = browser.agent.post(`/conventions/breaches`).field('_csrf', browser.csrf);
    for (const [k, v] of Object.entries(fields)) req = req.field(k, String(v));
    for (const f of files) req = req.attach('files', f.buf, { filename: f.name });
    return req;
  }

  function postResponse(browser: Browser, breachId: number, text: string | null, files: { buf: Buffer; name: string }[] = []) {
    let req = browser.agent.post(`/conventions/breaches/${breachId}/responses`).field('_csrf', browser.csrf);
    if (text !== null) req = req.field('text', text);
    for (const f of files) req = req.attach('files', f.buf, { filename: f.name });
    if (text === null && !files.length) req = req.field('nothing', '');
    return req;
  }

  const validFields = (over: Record<string, string | number> = {}) => ({
    tenantId: tenantA.id, clauseId: management.clauseIds[1], occurredOn: today, description: '未按规定堆放危险化学品。', ...over,
  });

  async function recordDirect(tenantId: number, occurredOn: string, clauseId = management.clauseIds[0], versionId = management.versionId): Promise<BreachEntity> {
    return breaches().save(breaches().create({ tenantId, versionId, clauseId, occurredOn, description: '直接写入的违约记录', recordedById: staff.user.id }));
  }

  it('staff record a breach with evidence → the officer is notified, sees it on the hub, responds with a file → staff see the response', async () => {
    // The hub offers staff the link; the form lists the clauses of both published versions.
    const hub = await staff.browser.agent.get(`/tenants/${tenantA.id}`).expect(200);
    expect(hub.text).toContain(`/conventions/breaches/new?tenantId=${tenantA.id}`);
    const form = await staff.browser.agent.get(`/conventions/breaches/new?tenantId=${tenantA.id}`).expect(200);
    for (const id of [...management.clauseIds, ...commitment.clauseIds]) expect(form.text).toContain(`<option value="${id}"`);
    expect(form.text).toContain(tenantA.name);

    const res = await postBreach(staff.browser, validFields(), [{ buf: PDF, name: '现场照片说明.pdf' }, { buf: PNG, name: 'photo.png' }]);
    expect(res.status).toBe(303);
    const id = Number(/^\/conventions\/breaches\/(\d+)$/.exec(res.headers.location)?.[1]);
    const breach = await breaches().findOneByOrFail({ id });
    expect(breach).toMatchObject({ tenantId: tenantA.id, versionId: management.versionId, clauseId: management.clauseIds[1], occurredOn: today, recordedById: staff.user.id });
    const evidence = await attachments().find({ where: { ownerType: 'breach', ownerId: id }, order: { id: 'ASC' } });
    expect(evidence.map((a) => [a.fileName, a.contentType])).toEqual([['现场照片说明.pdf', 'application/pdf'], ['photo.png', 'image/png']]);
    const [audit] = await auditEntries(t, { action: 'convention.breach', entityId: String(id) });
    expect(audit).toBeDefined();
    expect(audit.actorId).toBe(staff.user.id);

    // The tenant's officer gets the notice in-app and by e-mail; the other tenant's officer gets nothing.
    const notice = await t.dataSource.getRepository(NotificationEntity).findOneByOrFail({ userId: officerA.user.id, template: 'breach-recorded' });
    expect(notice.link).toBe(`/conventions/breaches/${id}`);
    expect(JSON.parse(notice.params)).toEqual({ clauseNumber: '2', title: '园区管理公约', occurredOn: today, rectifyBy: '' });
    const outbox = await t.dataSource.getRepository(OutboxMessageEntity).findOneByOrFail({ dedupeKey: `breach-recorded:${id}:${officerA.user.id}` });
    expect(outbox.recipient).toBe(officerA.user.email);
    expect(await t.dataSource.getRepository(NotificationEntity).countBy({ userId: officerB.user.id, template: 'breach-recorded' })).toBe(0);
    await waitFor('the breach e-mail to be sent', async () => (await t.dataSource.getRepository(OutboxMessageEntity).findOneBy({ id: outbox.id, status: 'sent' })) ?? null);
    const notices = await officerA.browser.agent.get('/notifications').expect(200);
    expect(notices.text).toContain('您的企业被记录违反《园区管理公约》第 2 条');

    // The officer sees it on the hub, unanswered, and opens it.
    const ownHub = await officerA.browser.agent.get(`/tenants/${tenantA.id}`).expect(200);
    expect(ownHub.text).toMatch(new RegExp(`data-breach="${id}">[\\s\\S]*?已记录`));
    expect(ownHub.text).not.toContain('/conventions/breaches/new');
    const page = await officerA.browser.agent.get(`/conventions/breaches/${id}`).expect(200);
    expect(page.text).toContain('未按规定堆放危险化学品。');
    expect(page.text).toContain(`/files/${evidence[0].id}`);
    expect(page.text).toContain('诚实守信，公平竞争。');

    // A response without text is refused beside the field; nothing is stored.
    const empty = await postResponse(officerA.browser, id, '   ');
    expect(empty.status).toBe(400);
    expect(fieldError(empty.text, 'text')).toBeTruthy();
    expect(await t.dataSource.getRepository(BreachResponseEntity).countBy({ breachId: id })).toBe(0);

    const answer = await postResponse(officerA.browser, id, '我司已整改，详见附件。', [{ buf: TEXT, name: '整改说明.txt' }]);
    expect(answer.status).toBe(303);
    expect(answer.headers.location).toBe(`/conventions/breaches/${id}`);
    const [response] = await t.dataSource.getRepository(BreachResponseEntity).findBy({ breachId: id });
    expect(response).toMatchObject({ tenantId: tenantA.id, userId: officerA.user.id, text: '我司已整改，详见附件。' });
    const [responseFile] = await attachments().findBy({ ownerType: 'breach_response', ownerId: response.id });
    expect(responseFile.fileName).toBe('整改说明.txt');
    expect(await auditEntries(t, { action: 'convention.breachResponse', entityId: String(response.id) })).toHaveLength(1);
    const staffNotice = await t.dataSource.getRepository(NotificationEntity).findOneByOrFail({ userId: staff.user.id, template: 'breach-responded' });
    expect(staffNotice.link).toBe(`/conventions/breaches/${id}`);

    // Staff see the response and can download its file; the hub says it was answered.
    const staffPage = await staff.browser.agent.get(`/conventions/breaches/${id}`).expect(200);
    expect(staffPage.text).toContain('我司已整改，详见附件。');
    expect(staffPage.text).toContain(`/files/${responseFile.id}`);
    expect(staffPage.text).not.toContain(`/conventions/breaches/${id}/responses`);
    const download = await staff.browser.agent.get(`/files/${responseFile.id}`).expect(200);
    expect(download.text).toBe(TEXT.toString('utf8'));
    const hubAfter = await staff.browser.agent.get(`/tenants/${tenantA.id}`).expect(200);
    expect(hubAfter.text).toMatch(new RegExp(`data-breach="${id}">[\\s\\S]*?企业已回复`));

    // The same over JSON.
    const json = await t.http().get(`/api/v1/conventions/breaches/${id}`).set(bearer(tokens.staff)).expect(200);
    expect(json.body).toMatchObject({
      id, occurredOn: today, tenant: { id: tenantA.id }, clause: { id: management.clauseIds[1], number: '2' },
      files: [{ id: evidence[0].id, fileName: '现场照片说明.pdf' }, { id: evidence[1].id }],
      responses: [{ id: response.id, text: '我司已整改，详见附件。', files: [{ id: responseFile.id, fileName: '整改说明.txt' }] }],
    });
  });

  it('evidence downloads: staff, regulators and the own officer 200; another tenant’s officer and evaluators 404; anonymous to login / 401', async () => {
    const breach = await recordDirect(tenantA.id, today);
    const res = await postResponse(officerA.browser, breach.id, '附件见下。', [{ buf: PDF, name: 'reply.pdf' }]);
    expect(res.status).toBe(303);
    const response = await t.dataSource.getRepository(BreachResponseEntity).findOneByOrFail({ breachId: breach.id });
    const [file] = await attachments().findBy({ ownerType: 'breach_response', ownerId: response.id });
    // Evidence stored the way the service does it, attached to the breach.
    await postBreach(staff.browser, validFields({ description: '带证据的记录' }), [{ buf: PDF, name: 'evidence.pdf' }]).expect(303);
    const evidence = await attachments().findOneOrFail({ where: { ownerType: 'breach', fileName: 'evidence.pdf' }, order: { id: 'DESC' } });

    for (const id of [evidence.id, file.id]) {
      const ok = await staff.browser.agent.get(`/files/${id}`).expect(200);
      expect(ok.headers['content-type']).toBe('application/pdf');
      await officerA.browser.agent.get(`/files/${id}`).expect(200);
      await regulator.browser.agent.get(`/files/${id}`).expect(200);
      await t.http().get(`/api/v1/files/${id}`).set(bearer(tokens.officerA)).expect(200);
      await officerB.browser.agent.get(`/files/${id}`).expect(404);
      await evaluator.browser.agent.get(`/files/${id}`).expect(404);
      await t.http().get(`/api/v1/files/${id}`).set(bearer(tokens.officerB)).expect(404);
      const anon = await t.http().get(`/files/${id}`);
      expect(anon.status).toBe(303);
      expect(anon.headers.location).toMatch(/^\/login\?next=/);
      await t.http().get(`/api/v1/files/${id}`).expect(401);
    }
  });

  it('uploads: 413 over UPLOAD_MAX_BYTES, 415 for a disallowed type, path tricks stored under a generated name; nothing half-written', async () => {
    const before = await breaches().count();
    const big = await postBreach(staff.browser, validFields(), [{ buf: Buffer.concat([PDF, Buffer.alloc(3000, 0x20)]), name: 'big.pdf' }]);
    expect(big.status).toBe(413);
    const bad = await postBreach(staff.browser, validFields(), [{ buf: BINARY, name: 'looks-like.pdf' }]);
    expect(bad.status).toBe(415);
    expect(await breaches().count()).toBe(before);
    const bigResponse = await postResponse(officerA.browser, (await recordDirect(tenantA.id, today)).id, '太大了', [{ buf: Buffer.alloc(3000, 0x41), name: 'a.txt' }]);
    expect(bigResponse.status).toBe(413);

    const tricky = await postBreach(staff.browser, validFields({ description: '路径测试' }), [{ buf: TEXT, name: '../../../etc/passwd' }, { buf: PDF, name: '..\\..\\windows\\evil.pdf' }]);
    expect(tricky.status).toBe(303);
    const id = Number(tricky.headers.location.split('/').pop());
    const stored = await attachments().find({ where: { ownerType: 'breach', ownerId: id }, order: { id: 'ASC' } });
    expect(stored.map((a) => a.fileName)).toEqual(['passwd.txt', 'evil.pdf']);
    for (const a of stored) {
      expect(a.storagePath).toMatch(/^\d{4}\/\d{2}\/[0-9a-f-]{36}$/);
      expect(existsSync(join(t.config.filesDir, a.storagePath))).toBe(true);
    }
    expect(readFileSync(join(t.config.filesDir, stored[0].storagePath), 'utf8')).toBe(TEXT.toString('utf8'));
    const dl = await staff.browser.agent.get(`/files/${stored[0].id}`).expect(200);
    expect(dl.headers['content-disposition']).toBe(`attachment; filename="passwd.txt"; filename*=UTF-8''passwd.txt`);
  });

  it('bad input gets 400 with the error beside the field, and nothing is written', async () => {
    const before = await breaches().count();
    const tomorrow = new Date(Date.parse(`${today}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
    const future = await postBreach(staff.browser, validFields({ occurredOn: tomorrow }));
    expect(future.status).toBe(400);
    expect(fieldError(future.text, 'occurredOn')).toContain(today);

    const badDate = await postBreach(staff.browser, validFields({ occurredOn: '2026-02-30' }));
    expect(badDate.status).toBe(400);
    expect(fieldError(badDate.text, 'occurredOn')).toBeTruthy();

    // A clause of a version that has since been superseded, and a clause of an unpublished draft.
    const old = await publishVersion(t, { kind: 'management', title: '旧公约' });
    const authoring = t.get(AuthoringService);
    const draft = await authoring.newDraft(old.conventionId, TEST_ACTOR);
    await authoring.publish(draft.id, TEST_ACTOR);
    const superseded = await postBreach(staff.browser, validFields({ clauseId: old.clauseIds[0] }));
    expect(superseded.status).toBe(400);
    expect(fieldError(superseded.text, 'clauseId')).toBeTruthy();
    const unknownClause = await postBreach(staff.browser, validFields({ clauseId: 99_999_999 }));
    expect(unknownClause.status).toBe(400);
    expect(fieldError(unknownClause.text, 'clauseId')).toBeTruthy();

    // A clause of a version the tenant was never asked to sign (it was suspended when the version was published).
    const away = await createTenant(t);
    await t.get(TenantsService).changeStatus(away.id, { status: 'suspended', reason: '暂停经营' }, TEST_ACTOR);
    const later = await publishVersion(t, { kind: 'management', title: '暂停期间发布的公约' });
    const notMine = await postBreach(staff.browser, validFields({ tenantId: away.id, clauseId: later.clauseIds[0] }));
    expect(notMine.status).toBe(400);
    expect(fieldError(notMine.text, 'clauseId')).toBeTruthy();

    const unknownTenant = await postBreach(staff.browser, validFields({ tenantId: 99_999_999 }));
    expect(unknownTenant.status).toBe(400);
    expect(fieldError(unknownTenant.text, 'tenantId')).toBeTruthy();

    const noText = await postBreach(staff.browser, validFields({ description: '' }));
    expect(noText.status).toBe(400);
    expect(fieldError(noText.text, 'description')).toBeTruthy();
    const tooLong = await postBreach(staff.browser, validFields({ description: 'x'.repeat(5001) }));
    expect(tooLong.status).toBe(400);
    expect(fieldError(tooLong.text, 'description')).toBeTruthy();

    const unknownField = await postBreach(staff.browser, validFields({ extra: '1' }));
    expect(unknownField.status).toBe(400);

    expect(await breaches().count()).toBe(before);
    expect(await attachments().countBy({ ownerType: 'breach', fileName: 'never.pdf' })).toBe(0);

    // The form itself: unknown tenant 404; a tenant that moved out 409.
    await staff.browser.agent.get('/conventions/breaches/new?tenantId=99999999').expect(404);
    await staff.browser.agent.get('/conventions/breaches/new?tenantId=abc').expect(400);
    const gone = await createTenant(t);
    await t.get(TenantsService).changeStatus(gone.id, { status: 'moved_out', reason: '迁出园区' }, TEST_ACTOR);
    await staff.browser.agent.get(`/conventions/breaches/new?tenantId=${gone.id}`).expect(409);
  });

  it('the staff list filters by tenant name prefix and date range, paginated in SQL', async () => {
    const name = `筛选专用${Date.now()}`;
    const x = await createTenant(t, { name: `${name}甲公司` });
    const y = await createTenant(t, { name: `${name}乙公司` });
    const b1 = await recordDirect(x.id, '2025-03-01');
    const b2 = await recordDirect(y.id, '2025-04-15');
    await recordDirect(x.id, '2024-12-31');

    const all = await staff.browser.agent.get(`/conventions/breaches?q=${encodeURIComponent(name)}&from=2025-01-01&to=2025-12-31`).expect(200);
    expect(all.text).toContain(`/conventions/breaches/${b1.id}`);
    expect(all.text).toContain(`/conventions/breaches/${b2.id}`);
    expect((all.text.match(/href="\/conventions\/breaches\/\d+"/g) ?? []).length).toBe(2);
    const paged = await staff.browser.agent.get(`/conventions/breaches?q=${encodeURIComponent(name)}&from=2025-01-01&to=2025-12-31&pageSize=1&page=2`).expect(200);
    expect(paged.text).toContain(`/conventions/breaches/${b1.id}`); // newest first: b2 on page 1, b1 on page 2
    expect(paged.text).not.toContain(`/conventions/breaches/${b2.id}"`);
    const onlyX = await regulator.browser.agent.get(`/conventions/breaches?q=${encodeURIComponent(`${name}甲`)}&from=&to=`).expect(200);
    expect((onlyX.text.match(/href="\/conventions\/breaches\/\d+"/g) ?? []).length).toBe(2);
    await staff.browser.agent.get('/conventions/breaches?from=2025-13-01').expect(400);

    const api = await t.http().get(`/api/v1/tenants/${x.id}/breaches?from=2025-01-01`).set(bearer(tokens.staff)).expect(200);
    expect(api.body).toMatchObject({ total: 1, page: 1, items: [{ id: b1.id, tenantId: x.id, occurredOn: '2025-03-01', clauseNumber: '1', responses: 0 }] });
  });

  it('the hub panel shows each current version with deadline and state, receipt or signing links, for staff and the own officer', async () => {
    const obligations = t.dataSource.getRepository(SigningObligationEntity);
    const mgmtOb = await obligations.findOneByOrFail({ versionId: management.versionId, tenantId: tenantB.id });
    const comOb = await obligations.findOneByOrFail({ versionId: commitment.versionId, tenantId: tenantB.id });
    // The commitment is signed (written directly: signing has its own suite); the management convention is overdue.
    const signature = await t.dataSource.getRepository(SignatureEntity).save(t.dataSource.getRepository(SignatureEntity).create({
      obligationId: comOb.id, versionId: commitment.versionId, tenantId: tenantB.id, method: 'online', signerName: '张三', signerTitle: '合规专员',
      userId: officerB.user.id, signedAt: new Date(), ip: null, userAgent: null, textSha256: 'a'.repeat(64), verificationCode: `HUB${Date.now()}`.slice(0, 20),
      paperReason: null, recordedById: null,
    }));
    await obligations.update({ id: comOb.id }, { signatureId: signature.id });
    await obligations.update({ id: mgmtOb.id }, { deadline: '2025-01-31' });

    const own = await officerB.browser.agent.get(`/tenants/${tenantB.id}`).expect(200);
    const rowOf = (html: string, versionId: number) => new RegExp(`<tr class="obligation" data-version="${versionId}">([\\s\\S]*?)</tr>`).exec(html)?.[1] ?? '';
    expect(rowOf(own.text, management.versionId)).toContain('已逾期');
    expect(rowOf(own.text, management.versionId)).toContain('2025-01-31');
    expect(rowOf(own.text, management.versionId)).toContain(`href="/conventions/obligations/${mgmtOb.id}"`);
    expect(rowOf(own.text, commitment.versionId)).toContain('已签署');
    expect(rowOf(own.text, commitment.versionId)).toContain(`href="/conventions/signatures/${signature.id}"`);

    const asStaff = await staff.browser.agent.get(`/tenants/${tenantB.id}`).expect(200);
    expect(rowOf(asStaff.text, management.versionId)).not.toContain('/conventions/obligations/');
    expect(rowOf(asStaff.text, commitment.versionId)).toContain(`/conventions/signatures/${signature.id}`);
    const asRegulator = await regulator.browser.agent.get(`/tenants/${tenantB.id}`).expect(200);
    expect(asRegulator.text).toContain('id="hub-conventions"');
    expect(asRegulator.text).not.toContain('/conventions/breaches/new');
  });

  describe('authorization on every route', () => {
    let breach: BreachEntity;
    beforeAll(async () => {
      breach = await recordDirect(tenantA.id, today);
    });

    it('GET /conventions/breaches: staff and regulators only', async () => {
      await staff.browser.agent.get('/conventions/breaches').expect(200);
      await regulator.browser.agent.get('/conventions/breaches').expect(200);
      await officerA.browser.agent.get('/conventions/breaches').expect(403);
      await evaluator.browser.agent.get('/conventions/breaches').expect(403);
      expect((await t.http().get('/conventions/breaches')).status).toBe(303);
    });

    it('GET /conventions/breaches/new and POST /conventions/breaches: staff only; CSRF required', async () => {
      await regulator.browser.agent.get(`/conventions/breaches/new?tenantId=${tenantA.id}`).expect(403);
      await officerA.browser.agent.get(`/conventions/breaches/new?tenantId=${tenantA.id}`).expect(403);
      const before = await breaches().count();
      expect((await postBreach(officerA.browser, validFields())).status).toBe(403);
      expect((await postBreach(regulator.browser, validFields())).status).toBe(403);
      expect((await postBreach(evaluator.browser, validFields())).status).toBe(403);
      const noCsrf = await staff.browser.agent.post('/conventions/breaches').field('tenantId', String(tenantA.id));
      expect(noCsrf.status).toBe(403);
      expect((await t.http().post('/conventions/breaches').field('tenantId', String(tenantA.id))).status).toBe(303);
      expect(await breaches().count()).toBe(before);
    });

    it('GET /conventions/breaches/:id: staff, regulators, own officer; others 404 or 403', async () => {
      await staff.browser.agent.get(`/conventions/breaches/${breach.id}`).expect(200);
      await regulator.browser.agent.get(`/conventions/breaches/${breach.id}`).expect(200);
      const own = await officerA.browser.agent.get(`/conventions/breaches/${breach.id}`).expect(200);
      expect(own.text).toContain(`/conventions/breaches/${breach.id}/responses`);
      await officerB.browser.agent.get(`/conventions/breaches/${breach.id}`).expect(404);
      await evaluator.browser.agent.get(`/conventions/breaches/${breach.id}`).expect(403);
      await staff.browser.agent.get('/conventions/breaches/99999999').expect(404);
      expect((await t.http().get(`/conventions/breaches/${breach.id}`)).status).toBe(303);
    });

    it('POST /conventions/breaches/:id/responses: the own officer only', async () => {
      const count = () => t.dataSource.getRepository(BreachResponseEntity).countBy({ breachId: breach.id });
      expect((await postResponse(officerB.browser, breach.id, '不是我的')).status).toBe(404);
      expect((await postResponse(staff.browser, breach.id, '员工不能回复')).status).toBe(403);
      expect((await postResponse(regulator.browser, breach.id, '监管不能回复')).status).toBe(403);
      expect((await postResponse(officerA.browser, 99_999_999, '不存在')).status).toBe(404);
      const noCsrf = await officerA.browser.agent.post(`/conventions/breaches/${breach.id}/responses`).field('text', 'x');
      expect(noCsrf.status).toBe(403);
      expect(await count()).toBe(0);
      expect((await postResponse(officerA.browser, breach.id, '正式回复')).status).toBe(303);
      expect(await count()).toBe(1);
    });

    it('GET /api/v1/tenants/:id/breaches and /api/v1/conventions/breaches/:id', async () => {
      for (const path of [`/api/v1/tenants/${tenantA.id}/breaches`, `/api/v1/conventions/breaches/${breach.id}`]) {
        await t.http().get(path).set(bearer(tokens.staff)).expect(200);
        await t.http().get(path).set(bearer(tokens.regulator)).expect(200);
        await t.http().get(path).set(bearer(tokens.officerA)).expect(200);
        await t.http().get(path).set(bearer(tokens.officerB)).expect(404);
        await t.http().get(path).set(bearer(tokens.evaluator)).expect(403);
        await t.http().get(path).expect(401);
      }
      await t.http().get('/api/v1/tenants/99999999/breaches').set(bearer(tokens.staff)).expect(404);
      await t.http().get('/api/v1/conventions/breaches/99999999').set(bearer(tokens.staff)).expect(404);
      const bad = await t.http().get(`/api/v1/tenants/${tenantA.id}/breaches?from=yesterday`).set(bearer(tokens.staff)).expect(400);
      expect(bad.body.errors.from).toBeDefined();
    });

    it('an inactive officer is not notified', async () => {
      const inactive = await createUser(t, 'tenant_officer', { tenantId: tenantA.id });
      await t.dataSource.getRepository(UserEntity).update({ id: inactive.id }, { active: false });
      const res = await postBreach(staff.browser, validFields({ description: '停用账户测试' }));
      expect(res.status).toBe(303);
      const id = Number(res.headers.location.split('/').pop());
      expect(await t.dataSource.getRepository(OutboxMessageEntity).countBy({ dedupeKey: `breach-recorded:${id}:${inactive.id}` })).toBe(0);
      expect(await t.dataSource.getRepository(OutboxMessageEntity).countBy({ dedupeKey: `breach-recorded:${id}:${officerA.user.id}` })).toBe(1);
    });
  });
});
