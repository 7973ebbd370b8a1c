import { createHash } from 'node:crypto';
import ExcelJS from 'exceljs';
import { DepartmentsService } from '../../src/accounts/departments.service.js';
import { NotificationEntity } from '../../src/notifications/entities/notification.entity.js';
import { DrawEntity } from '../../src/sampling/entities/draw.entity.js';
import { InspectionItemsService } from '../../src/sampling/items/inspection-items.service.js';
import { auditEntries, bearer, binary, formError, loginAs, postForm } from '../support/http-helpers.js';
import { pdfText } from '../support/pdf-text.js';
import { createTenant, createTestApp, createUser, tokenFor, type Browser, type TestApp } from '../support/test-app.js';

/**
 * Issue 14, programmes: a draft with the default programme and the proposed calendar; field errors
 * keyed by row; the ratio-0 warning; approval by another regulator recording sha256(planJson);
 * locked once approved (409); an amendment that supersedes the programme and cancels its planned
 * draws; comments; the PDF and XLSX of the plan; who may do what.
 */
describe('sampling programmes', () => {
  let t: TestApp;
  let market: number;
  let tax: number;
  let items: { mkt: number; tax: number; mktCode: string; mktLegal: string };
  let users: Record<'staff' | 'drafter' | 'approver', { id: number; name: string }>;
  let tokens: Record<'admin' | 'staff' | 'drafter' | 'approver' | 'officer' | 'evaluator', string>;
  let approverBrowser: Browser;
  let drafterBrowser: Browser;
  let staffBrowser: Browser;
  const YEAR = new Date().getUTCFullYear() + 1;

  beforeAll(async () => {
    t = await createTestApp({ LOGIN_RATE_PER_MINUTE: '1000' });
    market = (await t.get(DepartmentsService).findByCode('market'))!.id;
    tax = (await t.get(DepartmentsService).findByCode('tax'))!.id;
    const active = await t.get(InspectionItemsService).listActive([market, tax]);
    const mkt = active.find((i) => i.departmentId === market)!;
    items = { mkt: mkt.id, tax: active.find((i) => i.departmentId === tax)!.id, mktCode: mkt.code, mktLegal: mkt.legalBasis };
    const tenant = await createTenant(t);
    const staff = await loginAs(t, 'park_staff');
    const drafter = await loginAs(t, 'regulator', { departmentId: market });
    const approver = await loginAs(t, 'regulator', { departmentId: tax });
    staffBrowser = staff.browser;
    drafterBrowser = drafter.browser;
    approverBrowser = approver.browser;
    users = { staff: staff.user, drafter: drafter.user, approver: approver.user };
    tokens = {
      admin: await tokenFor(t, (await createUser(t, 'admin')).id),
      staff: await tokenFor(t, staff.user.id),
      drafter: await tokenFor(t, drafter.user.id),
      approver: await tokenFor(t, approver.user.id),
      officer: await tokenFor(t, (await createUser(t, 'tenant_officer', { tenantId: tenant.id })).id),
      evaluator: await tokenFor(t, (await createUser(t, 'evaluator')).id),
    };
  });
  afterAll(async () => {
    await t?.close();
  });

  const body = (over: Record<string, unknown> = {}) => ({
    year: YEAR, departments: [{ departmentId: market, inspectorsPerTask: 1 }, { departmentId: tax, inspectorsPerTask: 1 }], itemIds: [items.mkt, items.tax], ...over,
  });
  const api = () => t.http();
  let programmeId: number;

  it('drafts with the defaults of rules.md and the calendar proposed from the draws per year; regulators are asked to approve', async () => {
    const res = await api().post('/api/v1/sampling/programmes').set(bearer(tokens.drafter)).send(body()).expect(201);
    programmeId = res.body.id;
    expect(res.body).toMatchObject({ year: YEAR, status: 'draft', revision: 1, amendsId: null, complaintDays: 90, targetedRules: ['black_list', 'abnormal_operations', 'recent_complaint'], warnings: [] });
    expect(res.body.grades).toEqual([
      { grade: 'A', ratioBp: 300, drawsPerYear: 1, cooldownMonths: 12 }, { grade: 'B', ratioBp: 1000, drawsPerYear: 1, cooldownMonths: 12 },
      { grade: 'C', ratioBp: 3000, drawsPerYear: 2, cooldownMonths: 0 }, { grade: 'D', ratioBp: 6000, drawsPerYear: 4, cooldownMonths: 0 },
    ]);
    expect(res.body.departments.map((d: { code: string; inspectorsPerTask: number; position: number }) => [d.code, d.inspectorsPerTask, d.position])).toEqual([['market', 1, 0], ['tax', 1, 1]]);
    expect(res.body.draws.map((d: { grades: string }) => d.grades)).toEqual(['D', 'CD', 'ABD', 'CD']);
    expect(res.body.draws.map((d: { drawAt: string }) => d.drawAt)).toEqual([2, 5, 8, 11].map((m) => `${YEAR}-${String(m).padStart(2, '0')}-15T02:00:00.000Z`));
    expect(res.body.draws[0].announceAt).toBe(`${YEAR}-02-08T02:00:00.000Z`);
    expect(await t.dataSource.getRepository(DrawEntity).countBy({ programmeId, status: 'planned' })).toBe(4);
    const notices = t.dataSource.getRepository(NotificationEntity);
    expect(await notices.countBy({ userId: users.approver.id, template: 'sampling-programme-awaiting', link: `/sampling/programmes/${programmeId}` })).toBe(1);
    expect(await notices.countBy({ userId: users.drafter.id, template: 'sampling-programme-awaiting' })).toBe(0);
    expect((await auditEntries(t, { action: 'sampling.programme.create', entityId: String(programmeId) })).length).toBe(1);
    // The approver's home lists it; the drafter's does not.
    expect((await approverBrowser.agent.get('/').expect(200)).text).toContain(`href="/sampling/programmes/${programmeId}"`);
    expect((await drafterBrowser.agent.get('/').expect(200)).text).not.toContain('id="home-sampling-programmes"');
  });

  it('refuses bad plans with field errors keyed by row', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ grades: { C: { ratioBp: 10001, drawsPerYear: 2, cooldownMonths: 0 } } }, 'grades.C.ratioBp'],
      [{ departments: [{ departmentId: market, inspectorsPerTask: 2 }, { departmentId: tax, inspectorsPerTask: 0 }] }, 'departments[1].inspectorsPerTask'],
      [{ departments: [{ departmentId: market, inspectorsPerTask: 1 }], itemIds: [items.mkt] }, 'departments'],
      [{ draws: [{ grades: 'ABCD', drawAt: `${YEAR + 1}-03-15T10:00:00+08:00` }, { grades: 'D', drawAt: `${YEAR + 2}-01-15T10:00:00+08:00` }] }, 'draws[1].drawAt'],
      [{ draws: [{ grades: 'D', drawAt: `${YEAR + 1}-03-15T10:00:00+08:00`, announceAt: `${YEAR + 1}-03-16T10:00:00+08:00` }] }, 'draws[0].announceAt'],
      [{ itemIds: [items.mkt], departments: [{ departmentId: tax, inspectorsPerTask: 2 }] }, 'items'],
      [{ departments: [{ departmentId: 99999, inspectorsPerTask: 2 }] }, 'departments[0].departmentId'],
    ];
    for (const [over, key] of cases) {
      const res = await api().post('/api/v1/sampling/programmes').set(bearer(tokens.staff)).send(body({ year: YEAR + 1, ...over })).expect(400);
      expect([key, Object.keys(res.body.errors)]).toEqual([key, [key]]);
    }
    await api().post('/api/v1/sampling/programmes').set(bearer(tokens.staff)).send(body({ year: YEAR + 1, grades: { A: { ratioBp: 'x' } } })).expect(400);
    await api().post('/api/v1/sampling/programmes').set(bearer(tokens.staff)).send(body({ year: YEAR + 1, extra: 1 })).expect(400);
    // The page: the same errors beside the fields and in a summary linking to them; nothing saved.
    const form = {
      title: '页面计划', year: String(YEAR + 1), complaintDays: '90', targetedRules: 'black_list', itemIds: String(items.mkt),
      'departments[0].departmentId': String(market), 'departments[0].take': '1', 'departments[0].inspectorsPerTask': '1',
      'grades.A.ratioBp': '300', 'grades.A.drawsPerYear': '1', 'grades.A.cooldownMonths': '12', 'grades.B.ratioBp': '1000', 'grades.B.drawsPerYear': '1', 'grades.B.cooldownMonths': '12',
      'grades.C.ratioBp': '10001', 'grades.C.drawsPerYear': '2', 'grades.C.cooldownMonths': '0', 'grades.D.ratioBp': '6000', 'grades.D.drawsPerYear': '4', 'grades.D.cooldownMonths': '0',
      'draws[0].drawAt': `${YEAR + 2}-03-15T10:00`, 'draws[0].announceAt': `${YEAR + 1}-03-08T10:00`, 'draws[0].grades': 'D', action: 'save',
    };
    const page = await postForm(staffBrowser, '/sampling/programmes', form).expect(400);
    expect(formError(page.text)).toBeTruthy();
    for (const key of ['grades.C.ratioBp', 'departments', 'draws[0].drawAt']) expect([key, page.text.includes(`href="#f-${key}"`)]).toEqual([key, true]);
    expect(page.text).toMatch(/class="has-error">\s*<label class="sr" for="f-grades\.C\.ratioBp"/);
    expect(page.text).toContain('value="10001"');
    const ok = await postForm(staffBrowser, '/sampling/programmes', {
      ...form, 'grades.C.ratioBp': '3000', 'departments[0].inspectorsPerTask': '2', 'draws[0].drawAt': `${YEAR + 1}-03-15T10:00`,
    }).expect(303);
    const created = Number(/\/sampling\/programmes\/(\d+)/.exec(ok.headers.location)![1]);
    const saved = await api().get(`/api/v1/sampling/programmes/${created}`).set(bearer(tokens.staff)).expect(200);
    expect(saved.body.draws).toEqual([expect.objectContaining({ grades: 'D', drawAt: `${YEAR + 1}-03-15T02:00:00.000Z`, announceAt: `${YEAR + 1}-03-08T02:00:00.000Z` })]);
    expect(saved.body.warnings.map((w: { code: string }) => w.code)).toEqual(['fewerDraws', 'fewerDraws', 'fewerDraws', 'fewerDraws']);
  });

  it('warns, without refusing, when a grade is sampled at 0', async () => {
    const res = await api().patch(`/api/v1/sampling/programmes/${programmeId}`).set(bearer(tokens.drafter))
      .send({ grades: { A: { ratioBp: 0, drawsPerYear: 1, cooldownMonths: 12 } } }).expect(200);
    expect(res.body.warnings).toEqual([expect.objectContaining({ code: 'zeroRatio', grade: 'A', message: expect.stringContaining('A') })]);
    const page = await drafterBrowser.agent.get(`/sampling/programmes/${programmeId}`).expect(200);
    expect(page.text).toContain('data-code="zeroRatio" data-grade="A"');
    expect(page.text).toContain('id="plan-review"');
    // The edit page: the form as saved, changed and posted back (checkboxes only when ticked).
    const edit = await drafterBrowser.agent.get(`/sampling/programmes/${programmeId}/edit`).expect(200);
    const form: Record<string, string | string[]> = {};
    for (const m of edit.text.matchAll(/<input ([^>]*)>/g)) {
      const name = /\bname="([^"]+)"/.exec(m[1])?.[1];
      if (!name || name === '_csrf') continue;
      if (/type="checkbox"/.test(m[1]) && !/\bchecked\b/.test(m[1])) continue;
      const value = /\bvalue="([^"]*)"/.exec(m[1])?.[1] ?? '';
      form[name] = name in form ? [...[form[name]].flat(), value] : value;
    }
    expect(form['grades.A.ratioBp']).toBe('0');
    expect(form['draws[3].grades']).toEqual(['C', 'D']);
    const more = await drafterBrowser.agent.post(`/sampling/programmes/${programmeId}`).type('form').send({ ...form, action: 'addDraw', _csrf: drafterBrowser.csrf }).expect(200);
    expect(more.text).toContain('data-row="4"');
    const proposed = await drafterBrowser.agent.post(`/sampling/programmes/${programmeId}`).type('form')
      .send({ ...form, 'grades.D.drawsPerYear': '6', action: 'propose', _csrf: drafterBrowser.csrf }).expect(200);
    expect(proposed.text).toContain(`name="draws[5].drawAt" type="datetime-local" value="${YEAR}-12-15T10:00"`);
    await drafterBrowser.agent.post(`/sampling/programmes/${programmeId}`).type('form').send({ ...form, 'grades.A.ratioBp': '300', action: 'save', _csrf: drafterBrowser.csrf }).expect(303);
    const back = await api().get(`/api/v1/sampling/programmes/${programmeId}`).set(bearer(tokens.drafter)).expect(200);
    expect([back.body.grades[0].ratioBp, back.body.warnings, back.body.draws.length, back.body.items.length, back.body.departments.length]).toEqual([300, [], 4, 2, 2]);
    // Another regulator comments instead of editing (maker-checker).
    await api().patch(`/api/v1/sampling/programmes/${programmeId}`).set(bearer(tokens.approver)).send({ complaintDays: 30 }).expect(403);
  });

  it('comments from any reader, in a thread', async () => {
    await api().post(`/api/v1/sampling/programmes/${programmeId}/comments`).set(bearer(tokens.approver)).send({ text: 'D 级比例是否过高？' }).expect(201);
    await api().post(`/api/v1/sampling/programmes/${programmeId}/comments`).set(bearer(tokens.approver)).send({ text: '' }).expect(400);
    const bad = await postForm(staffBrowser, `/sampling/programmes/${programmeId}/comments`, { text: '' }).expect(400);
    expect(bad.text).toContain('id="e-text"');
    await postForm(staffBrowser, `/sampling/programmes/${programmeId}/comments`, { text: '同意，按默认方案。' }).expect(303);
    const list = await api().get(`/api/v1/sampling/programmes/${programmeId}/comments`).set(bearer(tokens.drafter)).expect(200);
    expect(list.body.map((c: { text: string; authorName: string }) => c.text)).toEqual(['D 级比例是否过高？', '同意，按默认方案。']);
    expect(await t.dataSource.getRepository(NotificationEntity).countBy({ userId: users.drafter.id, template: 'sampling-programme-commented' })).toBe(2);
    const page = await drafterBrowser.agent.get(`/sampling/programmes/${programmeId}`).expect(200);
    expect(page.text).toContain('D 级比例是否过高？');
    expect(page.text).toContain('id="own-draft"');
    expect(page.text).not.toContain('action="/sampling/programmes/' + programmeId + '/approve"');
  });

  it('is approved by another regulator only, recording sha256(planJson); then it is locked', async () => {
    await api().post(`/api/v1/sampling/programmes/${programmeId}/approve`).set(bearer(tokens.drafter)).send({ reason: '自批' }).expect(403);
    await api().post(`/api/v1/sampling/programmes/${programmeId}/approve`).set(bearer(tokens.staff)).send({ reason: '工作人员' }).expect(403);
    await api().post(`/api/v1/sampling/programmes/${programmeId}/approve`).set(bearer(tokens.approver)).send({}).expect(400);
    await api().post(`/api/v1/sampling/programmes/${programmeId}/approve`).set(bearer(tokens.approver)).send({ reason: '同意', planSha256: '0'.repeat(64) }).expect(409);
    const page = await approverBrowser.agent.get(`/sampling/programmes/${programmeId}`).expect(200);
    const shown = /id="current-plan-sha256">([0-9a-f]{64})</.exec(page.text)![1];
    const approved = await postForm(approverBrowser, `/sampling/programmes/${programmeId}/approve`, { reason: '经审议同意实施。', planSha256: shown }).expect(303);
    expect(approved.headers.location).toBe(`/sampling/programmes/${programmeId}`);
    const res = await api().get(`/api/v1/sampling/programmes/${programmeId}`).set(bearer(tokens.staff)).expect(200);
    expect(res.body).toMatchObject({ status: 'approved', approvedById: users.approver.id, approvalReason: '经审议同意实施。', planSha256: shown });
    expect(createHash('sha256').update(res.body.planJson, 'utf8').digest('hex')).toBe(res.body.planSha256);
    const plan = JSON.parse(res.body.planJson);
    expect(plan).toMatchObject({ format: 'parktrust-programme/1', year: YEAR, complaintDays: 90 });
    expect(plan.draws).toHaveLength(4);
    expect(plan.items.map((i: { id: number }) => i.id).sort()).toEqual([items.mkt, items.tax].sort());
    expect((await auditEntries(t, { action: 'sampling.programme.approve', entityId: String(programmeId) })).length).toBe(1);
    expect(await t.dataSource.getRepository(NotificationEntity).countBy({ userId: users.drafter.id, template: 'sampling-programme-approved' })).toBe(1);
    // Locked.
    await api().patch(`/api/v1/sampling/programmes/${programmeId}`).set(bearer(tokens.drafter)).send({ complaintDays: 60 }).expect(409);
    await api().post(`/api/v1/sampling/programmes/${programmeId}/approve`).set(bearer(tokens.approver)).send({ reason: '再批' }).expect(409);
    await api().post(`/api/v1/sampling/programmes/${programmeId}/withdraw`).set(bearer(tokens.drafter)).expect(409);
    await api().post('/api/v1/sampling/programmes').set(bearer(tokens.staff)).send(body()).expect(409);
    const edit = await drafterBrowser.agent.get(`/sampling/programmes/${programmeId}/edit`).expect(303);
    expect(edit.headers.location).toBe(`/sampling/programmes/${programmeId}`);
  });

  it('exports the plan as a PDF fit for filing and as XLSX, with the approval record', async () => {
    const pdf = await staffBrowser.agent.get(`/sampling/programmes/${programmeId}/export.pdf`).buffer(true).parse(binary).expect(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    const text = pdfText(pdf.body as Buffer).join(''); // long lines wrap: joined, a wrapped text reads whole
    const detail = (await api().get(`/api/v1/sampling/programmes/${programmeId}`).set(bearer(tokens.staff))).body;
    for (const part of ['双随机抽查工作计划', detail.title, items.mktCode, items.mktLegal, detail.planSha256, users.approver.name, '批准记录', '经审议同意实施。']) {
      expect([part, text.includes(part)]).toEqual([part, true]);
    }
    const xlsx = await staffBrowser.agent.get(`/sampling/programmes/${programmeId}/export.xlsx?lang=en`).buffer(true).parse(binary).expect(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(xlsx.body as unknown as ExcelJS.Buffer);
    const cells = book.worksheets[0].getSheetValues().flat().map((v) => String(v ?? ''));
    expect(cells).toEqual(expect.arrayContaining(['Section', 'Approval record', detail.planSha256, 'Grade D', items.mktLegal.length ? expect.stringContaining(items.mktLegal) : '']));
  });

  it('is amended by a new draft; approving it supersedes the programme and cancels its planned draws', async () => {
    const amend = await api().post(`/api/v1/sampling/programmes/${programmeId}/amend`).set(bearer(tokens.staff)).expect(201);
    expect(amend.body).toMatchObject({ status: 'draft', amendsId: programmeId, revision: 2, year: YEAR });
    expect(amend.body.draws.map((d: { grades: string }) => d.grades)).toEqual(['D', 'CD', 'ABD', 'CD']);
    await api().post(`/api/v1/sampling/programmes/${programmeId}/amend`).set(bearer(tokens.drafter)).expect(409);
    const amendmentId = amend.body.id as number;
    await api().patch(`/api/v1/sampling/programmes/${amendmentId}`).set(bearer(tokens.staff)).send({ grades: { D: { ratioBp: 7000, drawsPerYear: 4, cooldownMonths: 0 } } }).expect(200);
    const ok = await api().post(`/api/v1/sampling/programmes/${amendmentId}/approve`).set(bearer(tokens.drafter)).send({ reason: '同意修订。' }).expect(200);
    expect(ok.body).toMatchObject({ status: 'approved', revision: 2 });
    const old = await api().get(`/api/v1/sampling/programmes/${programmeId}`).set(bearer(tokens.staff)).expect(200);
    expect(old.body.status).toBe('superseded');
    expect(old.body.draws.map((d: { status: string }) => d.status)).toEqual(['cancelled', 'cancelled', 'cancelled', 'cancelled']);
    expect((await t.dataSource.getRepository(DrawEntity).findOneByOrFail({ programmeId, seq: 1 })).cancelledReason).toBeTruthy();
    expect(await t.dataSource.getRepository(DrawEntity).countBy({ programmeId: amendmentId, status: 'planned' })).toBe(4);
    expect((await auditEntries(t, { action: 'sampling.programme.supersede', entityId: String(programmeId) })).length).toBe(1);
    const list = await api().get(`/api/v1/sampling/programmes?year=${YEAR}&status=approved`).set(bearer(tokens.approver)).expect(200);
    expect(list.body.items.map((i: { id: number }) => i.id)).toEqual([amendmentId]);
    const page = await staffBrowser.agent.get(`/sampling/programmes?year=${YEAR}`).expect(200);
    expect(page.text).toContain(`data-programme="${amendmentId}" data-status="approved"`);
    expect(page.text).toContain(`data-programme="${programmeId}" data-status="superseded"`);
  });

  it('is withdrawn by its drafter only', async () => {
    const res = await api().post('/api/v1/sampling/programmes').set(bearer(tokens.admin)).send(body({ year: YEAR + 3 })).expect(201);
    await api().post(`/api/v1/sampling/programmes/${res.body.id}/withdraw`).set(bearer(tokens.staff)).expect(403);
    const done = await api().post(`/api/v1/sampling/programmes/${res.body.id}/withdraw`).set(bearer(tokens.admin)).expect(200);
    expect(done.body.status).toBe('withdrawn');
    expect(done.body.draws.every((d: { status: string }) => d.status === 'cancelled')).toBe(true);
  });

  it('is for staff, admins and regulators only', async () => {
    for (const token of [tokens.officer, tokens.evaluator]) {
      await api().get('/api/v1/sampling/programmes').set(bearer(token)).expect(403);
      await api().get(`/api/v1/sampling/programmes/${programmeId}`).set(bearer(token)).expect(403);
      await api().post('/api/v1/sampling/programmes').set(bearer(token)).send(body({ year: YEAR + 5 })).expect(403);
      await api().post(`/api/v1/sampling/programmes/${programmeId}/comments`).set(bearer(token)).send({ text: 'x' }).expect(403);
    }
    await api().get('/api/v1/sampling/programmes').expect(401);
    await api().get('/api/v1/sampling/programmes/99999999').set(bearer(tokens.staff)).expect(404);
    const officer = await loginAs(t, 'evaluator');
    await officer.browser.agent.get('/sampling/programmes').expect(403);
    await staffBrowser.agent.get('/sampling/programmes/new').expect(200);
    await staffBrowser.agent.get(`/sampling/programmes/${programmeId}/export.pdf`).expect(200);
  });
});
