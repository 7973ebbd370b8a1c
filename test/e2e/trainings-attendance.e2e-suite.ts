import { jest } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { TrainingAttendanceEntity, type AttendanceMark } from '../../src/trainings/entities/training-attendance.entity.js';
import { TrainingExcuseEntity } from '../../src/trainings/entities/training-excuse.entity.js';
import { TrainingInvitationEntity } from '../../src/trainings/entities/training-invitation.entity.js';
import { TrainingSessionEntity } from '../../src/trainings/entities/training-session.entity.js';
import { TrainingFactsSource } from '../../src/trainings/facts/training-facts.source.js';
import { DEFAULT_RULEBOOK } from '../../src/scoring/domain/rulebook.js';
import type { TenantEntity } from '../../src/tenants/entities/tenant.entity.js';
import ExcelJS from 'exceljs';
import { binary, bearer, csvRows, loginAs } from '../support/http-helpers.js';
import { pdfText } from '../support/pdf-text.js';
import { createTenant, createTestApp, createUser, tokenFor, type Browser, type TestApp } from '../support/test-app.js';

jest.setTimeout(120_000);

const DAY = 86_400_000;
const parkDay = (d: Date) => d.toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' });

/**
 * Attendance seeded through the repositories (check-in is tested in trainings-checkin.e2e-suite.ts), relative to now:
 * S1 30 days ago (hosted by A), S2 20 days ago (B speaks), S3 10 days ago, S4 5 days ago, S5 in two
 * days (upcoming), S6 400 days ago (outside the 12-month window).
 * - A: S1 present, S2 late, S3 present, S4 absent with an approved excuse, S6 absent → 3/3 = 100 %: P07, P08 (S1), no N03.
 * - B: S1 present, S2 absent, S3 excused → 1/2 = 50 %: no P07, N03 (S2), P08 (S2).
 * - C moved in on S2's day: S1 absent (before its move-in), S2 and S3 present → 2/2: P07, no N03.
 * - D: never required → no rate, no facts.
 */
describe('trainings: attendance, rate, facts, pages, exports, import, hub, certificate', () => {
  let t: TestApp;
  let A: TenantEntity; let B: TenantEntity; let C: TenantEntity; let D: TenantEntity;
  const S: Record<string, TrainingSessionEntity> = {};
  let staff: Browser;
  let staffToken: string;
  let officerA: Browser;
  let officerAToken: string;

  async function session(key: string, daysFromNow: number, extra: Partial<TrainingSessionEntity> = {}) {
    const startsAt = new Date(Math.floor((Date.now() + daysFromNow * DAY) / 60_000) * 60_000);
    const repo = t.dataSource.getRepository(TrainingSessionEntity);
    S[key] = await repo.save(repo.create({
      title: `法治讲座 ${key}`, kind: 'law_lecture', hostDepartmentId: null, hostTenantId: null, speaker: '王律师', speakerTenantId: null,
      startsAt, endsAt: new Date(startsAt.getTime() + 2 * 3_600_000), location: '园区会议中心', capacity: null, audience: 'tenants',
      audienceFilter: null, status: 'scheduled', cancelReason: null, checkinSecret: randomBytes(20).toString('hex'), absencesMarkedAt: null, createdBy: 1, ...extra,
    }));
  }
  async function invite(key: string, ...tenants: TenantEntity[]) {
    await t.dataSource.getRepository(TrainingInvitationEntity).insert(tenants.map((x) => ({ sessionId: S[key].id, tenantId: x.id })));
  }
  async function mark(key: string, tenant: TenantEntity, m: AttendanceMark) {
    await t.dataSource.getRepository(TrainingAttendanceEntity).insert({ sessionId: S[key].id, tenantId: tenant.id, mark: m, source: 'roll_call', markedBy: null, markedAt: S[key].startsAt });
  }

  beforeAll(async () => {
    t = await createTestApp({ PARK_TIMEZONE: 'Asia/Shanghai' });
    A = await createTenant(t, { name: '甲培训企业有限公司' });
    B = await createTenant(t, { name: '乙培训企业有限公司', building: 'B2' });
    D = await createTenant(t, { name: '丁培训企业有限公司' });
    await session('S1', -30);
    await session('S2', -20);
    C = await createTenant(t, { name: '丙培训企业有限公司', movedInAt: parkDay(S.S2.startsAt) });
    await t.dataSource.getRepository(TrainingSessionEntity).update({ id: S.S1.id }, { hostTenantId: A.id });
    await t.dataSource.getRepository(TrainingSessionEntity).update({ id: S.S2.id }, { speakerTenantId: B.id });
    await session('S3', -10);
    await session('S4', -5);
    await session('S5', 2);
    await session('S6', -400);
    await invite('S1', A, B, C); await invite('S2', A, B, C); await invite('S3', A, B, C); await invite('S4', A); await invite('S5', A); await invite('S6', A);
    await mark('S1', A, 'present'); await mark('S2', A, 'late'); await mark('S3', A, 'present'); await mark('S4', A, 'absent'); await mark('S6', A, 'absent');
    await mark('S1', B, 'present'); await mark('S2', B, 'absent'); await mark('S3', B, 'excused');
    await mark('S1', C, 'absent'); await mark('S2', C, 'present'); await mark('S3', C, 'present');
    await t.dataSource.getRepository(TrainingExcuseEntity).insert({
      sessionId: S.S4.id, tenantId: A.id, reason: '出差', status: 'approved', requestedBy: 1, requestedAt: new Date(S.S4.startsAt.getTime() - 2 * DAY), decidedBy: 1, decidedAt: new Date(), decisionNote: null,
    });
    staff = (await loginAs(t, 'park_staff')).browser;
    staffToken = await tokenFor(t, (await createUser(t, 'park_staff')).id);
    const oa = await loginAs(t, 'tenant_officer', { tenantId: A.id });
    officerA = oa.browser;
    officerAToken = await tokenFor(t, oa.user.id);
  });
  afterAll(async () => { await t?.close(); });

  const codes = (facts: { rule: string; recordType: string; recordId: number }[]) => facts.map((f) => `${f.rule}:${f.recordType}:${f.recordId}`).sort();

  it('the fact source: P07 from the rate (excused and pre-move-in sessions left out), P08 hosted/spoken, N03 unexcused absences, D02 a mark on file', async () => {
    const facts = await t.get(TrainingFactsSource).factsFor([A.id, B.id, C.id, D.id], parkDay(new Date()), DEFAULT_RULEBOOK);
    // D02 (no points, for the M grade) names the window's marked required session with the highest id (A: S4, its absence excused; not S6, outside the window).
    expect(codes(facts.get(A.id)!)).toEqual([`D02:training_attendance:${S.S4.id}`, `P07:training_attendance:${S.S3.id}`, `P08:training_session:${S.S1.id}`].sort());
    expect(facts.get(A.id)!.find((f) => f.rule === 'P07')!.detail).toEqual({ rate: 100, attended: 3, required: 3, threshold: 90 });
    expect(codes(facts.get(B.id)!)).toEqual([`D02:training_attendance:${S.S2.id}`, `N03:training_attendance:${S.S2.id}`, `P08:training_session:${S.S2.id}`].sort());
    expect(codes(facts.get(C.id)!)).toEqual([`D02:training_attendance:${S.S3.id}`, `P07:training_attendance:${S.S3.id}`]);
    expect(facts.get(C.id)!.find((f) => f.rule === 'P07')!.detail).toMatchObject({ attended: 2, required: 2 });
    expect(facts.get(D.id)).toEqual([]);
  });

  it('as of a day before S2, B had no absence yet and C no rate (but S1\'s mark on file)', async () => {
    const asOf = parkDay(new Date(Date.now() - 25 * DAY));
    const facts = await t.get(TrainingFactsSource).factsFor([B.id, C.id, D.id], asOf, DEFAULT_RULEBOOK);
    expect(codes(facts.get(B.id)!)).toEqual([`D02:training_attendance:${S.S1.id}`, `P07:training_attendance:${S.S1.id}`]);
    expect(codes(facts.get(C.id)!)).toEqual([`D02:training_attendance:${S.S1.id}`]);
    expect(facts.get(D.id)).toEqual([]);
    // Before any session was held: no facts, no D02.
    expect((await t.get(TrainingFactsSource).factsFor([B.id], parkDay(new Date(Date.now() - 500 * DAY)), DEFAULT_RULEBOOK)).get(B.id)).toEqual([]);
  });

  it('D02 from a mark outside the windows: a year ago with one-month windows, A\'s absence of S6 (50 days before) is still on file', async () => {
    const month = (code: string) => ({ ...DEFAULT_RULEBOOK.items[code], windowMonths: 1 });
    const rulebook = { ...DEFAULT_RULEBOOK, items: { ...DEFAULT_RULEBOOK.items, P07: month('P07'), P08: month('P08'), N03: month('N03') } };
    const facts = await t.get(TrainingFactsSource).factsFor([A.id, B.id], parkDay(new Date(Date.now() - 350 * DAY)), rulebook);
    expect(codes(facts.get(A.id)!)).toEqual([`D02:training_attendance:${S.S6.id}`]);
    expect(facts.get(B.id)).toEqual([]);
  });

  it('D02 beyond 20,000 tenants (the whole-park path): the same answer', async () => {
    const ids = [A.id, B.id, C.id, D.id, ...Array.from({ length: 20_001 }, (_, i) => 30_000_000 + i)];
    const d02 = (m: Map<number, { rule: string; recordId: number }[]>) => [A, B, C, D].map((x) => m.get(x.id)!.filter((f) => f.rule === 'D02').map((f) => f.recordId));
    const whole = await t.get(TrainingFactsSource).factsFor(ids, parkDay(new Date()), DEFAULT_RULEBOOK);
    expect(whole.size).toBe(ids.length);
    expect(d02(whole)).toEqual([[S.S4.id], [S.S2.id], [S.S3.id], []]);
    expect(d02(await t.get(TrainingFactsSource).factsFor([A.id, B.id, C.id, D.id], parkDay(new Date()), DEFAULT_RULEBOOK))).toEqual(d02(whole));
  });

  it('GET /api/v1/tenants/:id/facts includes the trainings facts; an officer reads only its own tenant', async () => {
    const res = await t.http().get(`/api/v1/tenants/${B.id}/facts`).set(bearer(staffToken)).expect(200);
    expect(codes((res.body as { facts: { rule: string; recordType: string; recordId: number }[] }).facts).filter((c) => /^(P07|P08|N03)/.test(c)))
      .toEqual([`N03:training_attendance:${S.S2.id}`, `P08:training_session:${S.S2.id}`].sort());
    await t.http().get(`/api/v1/tenants/${A.id}/facts`).set(bearer(officerAToken)).expect(200);
    await t.http().get(`/api/v1/tenants/${B.id}/facts`).set(bearer(officerAToken)).expect(404);
  });

  it('the hub panel shows the rate, the upcoming required session and the absences', async () => {
    const a = await staff.agent.get(`/tenants/${A.id}`).expect(200);
    expect(a.text).toContain('id="hub-trainings"');
    expect(a.text).toContain('data-rate="100"');
    expect(a.text).toContain(`data-session="${S.S5.id}"`);
    expect(a.text).toContain('data-absences="0"');
    const b = await staff.agent.get(`/tenants/${B.id}`).expect(200);
    expect(b.text).toContain('data-rate="50"');
    expect(b.text).toContain('data-absences="1"');
    const d = await staff.agent.get(`/tenants/${D.id}`).expect(200);
    expect(d.text).toContain('data-rate="none"');
    const own = await officerA.agent.get(`/tenants/${A.id}`).expect(200);
    expect(own.text).toContain('id="hub-trainings"');
  });

  it('the attendance pages are reachable: the session page links its attendance and import, the list the park-wide rates', async () => {
    const detail = await staff.agent.get(`/trainings/${S.S2.id}`).expect(200);
    expect(detail.text).toContain(`href="/trainings/${S.S2.id}/attendance"`);
    expect(detail.text).toContain(`href="/trainings/${S.S2.id}/attendance/import"`);
    expect((await staff.agent.get('/trainings').expect(200)).text).toContain('href="/trainings/attendance"');
  });

  it('the session page lists each required or registered tenant with its mark, source and time, and the counts', async () => {
    const res = await staff.agent.get(`/trainings/${S.S2.id}/attendance`).expect(200);
    expect(res.text).toContain(`data-tenant="${A.id}" data-mark="late"`);
    expect(res.text).toContain(`data-tenant="${B.id}" data-mark="absent"`);
    expect(res.text).toContain(`data-tenant="${C.id}" data-mark="present"`);
    expect(res.text).toContain('data-counts="3/1/1/0/1"');
    await staff.agent.get('/trainings/999999/attendance').expect(404);
  });

  it('the tenant page shows all its sessions, its rate, hours and absences, with certificates for attended ones', async () => {
    const res = await staff.agent.get(`/tenants/${B.id}/trainings`).expect(200);
    expect(res.text).toContain('data-rate="50"');
    expect(res.text).toContain('data-absences="1"');
    expect(res.text).toContain('data-hours="2"');
    expect(res.text).toContain(`data-session="${S.S3.id}" data-mark="excused"`);
    expect(res.text).toContain(`/tenants/${B.id}/trainings/${S.S1.id}/certificate.pdf`);
    expect(res.text).not.toContain(`/tenants/${B.id}/trainings/${S.S2.id}/certificate.pdf`);
    const d = await staff.agent.get(`/tenants/${D.id}/trainings`).expect(200);
    expect(d.text).toContain('data-rate="none"');
  });

  it('the park-wide page shows rates by industry and building with a server-rendered SVG chart', async () => {
    const from = parkDay(new Date(Date.now() - 60 * DAY));
    const res = await staff.agent.get(`/trainings/attendance?from=${from}&to=${parkDay(new Date())}`);
    if (res.status !== 200) throw new Error(`${res.status} ${res.text.slice(0, 3000)}`);
    expect(res.text).toMatch(/<svg[^>]*class="chart"/);
    expect(res.text).not.toMatch(/<script(?![^>]*src=)/);
    // A1: A 3/3 and C 2/2 → 100 %; B2: B 1/2 → 50 %.
    expect(res.text).toContain('data-group="B2" data-rate="50"');
    expect(res.text).toContain('data-group="A1" data-rate="100"');
    expect(res.text).toMatch(/data-label="B2" data-percent="50"/);
    const bad = await staff.agent.get(`/trainings/attendance?from=${parkDay(new Date())}&to=${from}`);
    expect(bad.status).toBe(400);
    const junk = await staff.agent.get('/trainings/attendance?from=yesterday');
    expect(junk.status).toBe(400);
  });

  it('exports parse: the session list as CSV and XLSX, the park-wide records as CSV', async () => {
    const csv = await staff.agent.get(`/trainings/${S.S2.id}/attendance.csv`).buffer(true).parse(binary).expect(200);
    const rows = csvRows(csv.body as Buffer);
    expect(rows).toHaveLength(4);
    expect(rows.find((r) => r[1] === B.uscc)).toEqual(expect.arrayContaining([B.name, B.uscc, '缺席', '点名']));
    const xlsx = await staff.agent.get(`/trainings/${S.S2.id}/attendance.xlsx`).buffer(true).parse(binary).expect(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.body as unknown as ExcelJS.Buffer);
    expect(wb.worksheets[0].rowCount).toBe(4);
    const park = await staff.agent.get(`/trainings/attendance/export.csv?from=${parkDay(new Date(Date.now() - 60 * DAY))}&to=${parkDay(new Date())}`).buffer(true).parse(binary).expect(200);
    const records = csvRows(park.body as Buffer);
    expect(records).toHaveLength(1 + 10); // S1–S4 marks of A (4), B (3), C (3)
    expect(records.filter((r) => r.includes(C.uscc))).toHaveLength(3);
  });

  it('the certificate: an officer downloads one for a session its tenant attended; absent, another tenant or unknown → 404', async () => {
    const pdf = await officerA.agent.get(`/tenants/${A.id}/trainings/${S.S1.id}/certificate.pdf`).buffer(true).parse(binary).expect(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    const text = pdfText(pdf.body as Buffer).join('');
    expect(text).toContain('培训出勤证明');
    expect(text).toContain(A.name);
    expect(text).toContain(S.S1.title);
    expect(text).toContain('示范产业园区');
    expect(text).toMatch(/TR-\d{8}-\d{6}-\d{6}/);
    await officerA.agent.get(`/tenants/${A.id}/trainings/${S.S4.id}/certificate.pdf`).expect(404); // absent (excused)
    await officerA.agent.get(`/tenants/${A.id}/trainings/${S.S5.id}/certificate.pdf`).expect(404); // not held yet
    await officerA.agent.get(`/tenants/${B.id}/trainings/${S.S1.id}/certificate.pdf`).expect(404); // another tenant's
    await staff.agent.get(`/tenants/${B.id}/trainings/${S.S1.id}/certificate.pdf`).expect(200); // staff may download any
  });

  it('authorization: an officer gets 404 for another tenant’s trainings, 403 on the staff pages', async () => {
    await officerA.agent.get(`/tenants/${A.id}/trainings`).expect(200);
    await officerA.agent.get(`/tenants/${B.id}/trainings`).expect(404);
    await officerA.agent.get(`/trainings/${S.S1.id}/attendance`).expect(403);
    await officerA.agent.get('/trainings/attendance').expect(403);
    await officerA.agent.get(`/trainings/${S.S1.id}/attendance.csv`).expect(403);
    const b = await staff.agent.get(`/tenants/${B.id}`).expect(200);
    expect(b.text).toContain('id="hub-trainings"');
    const other = await officerA.agent.get(`/tenants/${B.id}`);
    expect(other.status).toBe(404);
  });

  it('import: a dry run reports the bad rows and writes nothing; a good file is previewed after a redirect and commits all rows (source import, audited)', async () => {
    const url = `/trainings/${S.S3.id}/attendance/import`;
    const form = await staff.agent.get(url).expect(200);
    expect(form.text.indexOf('name="_csrf"')).toBeLessThan(form.text.indexOf('name="file"'));
    const bad = Buffer.from(`\ufeffuscc,name,mark,time\n${A.uscc},,absent,2026-01-01 09:00\n,不存在的企业,present,\n${B.uscc},,maybe,\n${C.uscc},,late,yesterday\n`);
    const report = await staff.agent.post(url).field('_csrf', staff.csrf).attach('file', bad, { filename: 'bad.csv', contentType: 'text/csv' }).expect(200);
    expect(report.text).toContain('data-row="3" data-code="tenantUnknown"');
    expect(report.text).toContain('data-row="4" data-code="markInvalid"');
    expect(report.text).toContain('data-row="5" data-code="timeInvalid"');
    expect(report.text).not.toContain('/import/commit');
    const unchanged = await t.dataSource.getRepository(TrainingAttendanceEntity).findOneByOrFail({ sessionId: S.S3.id, tenantId: A.id });
    expect(unchanged.mark).toBe('present');

    const good = Buffer.from(`uscc,name,mark,time\n${A.uscc.toLowerCase()},,缺席,\n,${D.name},late,2026-01-01 09:05\n`); // a code as typed, a mark in Chinese
    const upload = await staff.agent.post(url).field('_csrf', staff.csrf).attach('file', good, { filename: 'good.csv', contentType: 'text/csv' }).expect(303);
    expect(upload.headers.location).toBe(`${url}/preview`);
    const preview = await staff.agent.get(`${url}/preview`).expect(200);
    expect(preview.text).toContain('data-errors="0"');
    await staff.agent.post(`${url}/commit`).type('form').send({ _csrf: staff.csrf }).expect(303);
    const marks = await t.dataSource.getRepository(TrainingAttendanceEntity).findBy({ sessionId: S.S3.id });
    expect(marks.find((m) => m.tenantId === A.id)).toMatchObject({ mark: 'absent', source: 'import' });
    expect(marks.find((m) => m.tenantId === D.id)).toMatchObject({ mark: 'late', source: 'import', markedAt: new Date('2026-01-01T01:05:00Z') });
    const audit = await t.dataSource.query("SELECT COUNT(*) AS n FROM audit_entries WHERE action = 'training.attendanceImport'");
    expect(Number((audit as { n: number }[])[0].n)).toBe(1);
    // The session spent: committing again finds nothing to commit.
    const again = await staff.agent.post(`${url}/commit`).type('form').send({ _csrf: staff.csrf }).expect(303);
    expect(again.headers.location).toBe(url);
    // Officers never reach the import; an unknown session is a 404 before the body is read.
    await officerA.agent.get(url).expect(403);
    await staff.agent.post('/trainings/999999/attendance/import').field('_csrf', staff.csrf).attach('file', good, { filename: 'good.csv', contentType: 'text/csv' }).expect(404);
  });
});
