import { jest } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import type { UserEntity } from '../../src/accounts/entities/user.entity.js';
import { NotificationEntity } from '../../src/notifications/entities/notification.entity.js';
import type { TenantEntity } from '../../src/tenants/entities/tenant.entity.js';
import { MarkAbsentJob } from '../../src/trainings/checkin/jobs/mark-absent.job.js';
import { checkinCode } from '../../src/trainings/domain/checkin-code.rules.js';
import { WRONG_CODE_LIMIT } from '../../src/trainings/domain/checkin.rules.js';
import { TrainingAttendanceEntity } from '../../src/trainings/entities/training-attendance.entity.js';
import { TrainingExcuseEntity } from '../../src/trainings/entities/training-excuse.entity.js';
import { TrainingInvitationEntity } from '../../src/trainings/entities/training-invitation.entity.js';
import { TrainingRegistrationEntity } from '../../src/trainings/entities/training-registration.entity.js';
import { TrainingSessionEntity } from '../../src/trainings/entities/training-session.entity.js';
import { auditEntries, bearer, fieldError, loginAs } from '../support/http-helpers.js';
import { createTenant, csrfFrom, tokenFor, createTestApp, type Browser, type TestApp } from '../support/test-app.js';

jest.setTimeout(90_000);

const MINUTE = 60_000;

describe('trainings: registration, waiting list, excuses, check-in, roll call, auto-absent', () => {
  let t: TestApp;
  let tenantA: TenantEntity;
  let tenantB: TenantEntity;
  let tenantC: TenantEntity;
  let staff: { user: UserEntity; browser: Browser };
  let officerA: { user: UserEntity; browser: Browser };
  let officerB: { user: UserEntity; browser: Browser };
  let officerC: { user: UserEntity; browser: Browser };
  let tokenA: string;
  let tokenB: string;
  let tokenStaff: string;

  const sessions = () => t.dataSource.getRepository(TrainingSessionEntity);
  const marks = () => t.dataSource.getRepository(TrainingAttendanceEntity);
  const seats = () => t.dataSource.getRepository(TrainingRegistrationEntity);

  /** A session straight in the table (scheduling is another sub-feature's), with its invitations. */
  async function session(opts: { startsInMinutes: number; minutes?: number; capacity?: number | null; audience?: string; invite?: number[]; title?: string }) {
    const startsAt = new Date(Date.now() + opts.startsInMinutes * MINUTE);
    const s = await sessions().save(sessions().create({
      seriesId: null, title: opts.title ?? `法治讲座 ${Math.random().toString(36).slice(2, 7)}`, kind: 'law_lecture', hostDepartmentId: null, hostTenantId: null,
      speaker: '张律师', speakerTenantId: null, startsAt, endsAt: new Date(startsAt.getTime() + (opts.minutes ?? 60) * MINUTE), location: '园区报告厅',
      capacity: opts.capacity ?? null, audience: (opts.audience ?? 'tenants') as TrainingSessionEntity['audience'], audienceFilter: null, status: 'scheduled',
      cancelReason: null, checkinSecret: randomBytes(20).toString('hex'), absencesMarkedAt: null, createdBy: staff.user.id,
    }));
    if (opts.invite?.length) await t.dataSource.getRepository(TrainingInvitationEntity).insert(opts.invite.map((tenantId) => ({ sessionId: s.id, tenantId })));
    return s;
  }

  async function postPage(b: Browser, path: string, body: Record<string, string> = {}) {
    return b.agent.post(path).type('form').send({ _csrf: b.csrf, ...body });
  }

  beforeAll(async () => {
    t = await createTestApp({ LOGIN_RATE_PER_MINUTE: '1000' });
    tenantA = await createTenant(t, { name: `甲培训测试${Date.now()}有限公司`, movedInAt: '2020-01-01' });
    tenantB = await createTenant(t, { name: `乙培训测试${Date.now()}有限公司`, movedInAt: '2020-01-01' });
    tenantC = await createTenant(t, { name: `丙培训测试${Date.now()}有限公司`, movedInAt: '2020-01-01' });
    staff = await loginAs(t, 'park_staff');
    officerA = await loginAs(t, 'tenant_officer', { tenantId: tenantA.id });
    officerB = await loginAs(t, 'tenant_officer', { tenantId: tenantB.id });
    officerC = await loginAs(t, 'tenant_officer', { tenantId: tenantC.id });
    tokenA = await tokenFor(t, officerA.user.id);
    tokenB = await tokenFor(t, officerB.user.id);
    tokenStaff = await tokenFor(t, staff.user.id);
  });

  afterAll(async () => {
    await t?.close();
  });

  it('register → full → waiting list → cancel → the first waiting moves up and is told', async () => {
    const s = await session({ startsInMinutes: 24 * 60, capacity: 1, audience: 'optional' });
    const first = await t.http().post(`/api/v1/trainings/${s.id}/registrations`).set(bearer(tokenA)).send({}).expect(201);
    expect(first.body).toMatchObject({ status: 'registered', position: null });

    // Beyond capacity is not an error: the page says the officer is waiting, and where.
    const page = await postPage(officerB.browser, `/trainings/${s.id}/register`);
    expect(page.status).toBe(303);
    const my = await officerB.browser.agent.get('/trainings/my').expect(200);
    expect(my.text).toContain('候补第 1 位');
    expect(my.text).toContain('已为您登记候补（第 1 位）');
    await t.http().post(`/api/v1/trainings/${s.id}/registrations`).set(bearer(tokenB)).send({}).expect(409);

    // Another tenant's registration looks missing.
    const seatA = await seats().findOneByOrFail({ sessionId: s.id, tenantId: tenantA.id });
    await t.http().post(`/api/v1/trainings/registrations/${seatA.id}/cancel`).set(bearer(tokenB)).send({}).expect(404);
    const other = await postPage(officerB.browser, `/trainings/registrations/${seatA.id}/cancel`);
    expect(other.status).toBe(404);
    expect((await seats().findOneByOrFail({ id: seatA.id })).status).toBe('registered');

    const cancelled = await postPage(officerA.browser, `/trainings/registrations/${seatA.id}/cancel`);
    expect(cancelled.status).toBe(303);
    expect((await seats().findOneByOrFail({ id: seatA.id })).status).toBe('cancelled');
    expect((await seats().findOneByOrFail({ sessionId: s.id, tenantId: tenantB.id })).status).toBe('registered');
    const notice = await t.dataSource.getRepository(NotificationEntity).findOneBy({ userId: officerB.user.id, template: 'training-waitlist-promoted' });
    expect(notice).not.toBeNull();
    expect(await auditEntries(t, { action: 'training.waitlistPromote' })).toHaveLength(1);

    // Registering again after cancelling joins the back of the queue.
    const again = await t.http().post(`/api/v1/trainings/${s.id}/registrations`).set(bearer(tokenA)).send({}).expect(201);
    expect(again.body).toMatchObject({ status: 'waitlisted', position: 1 });
  });

  it('two last-seat registrations at once: one seat, one waiting', async () => {
    const s = await session({ startsInMinutes: 24 * 60, capacity: 1, audience: 'optional' });
    const [a, b] = await Promise.all([
      t.http().post(`/api/v1/trainings/${s.id}/registrations`).set(bearer(tokenA)).send({}),
      t.http().post(`/api/v1/trainings/${s.id}/registrations`).set(bearer(tokenB)).send({}),
    ]);
    expect([a.status, b.status]).toEqual([201, 201]);
    expect([a.body.status, b.body.status].sort()).toEqual(['registered', 'waitlisted']);
    expect(await seats().countBy({ sessionId: s.id, status: 'registered' })).toBe(1);
  });

  it('a required session takes its invited tenants only', async () => {
    const s = await session({ startsInMinutes: 24 * 60, invite: [tenantA.id] });
    await t.http().post(`/api/v1/trainings/${s.id}/registrations`).set(bearer(tokenB)).send({}).expect(409);
    await t.http().post(`/api/v1/trainings/${s.id}/registrations`).set(bearer(tokenA)).send({}).expect(201);
  });

  it('excuse: asked before the start with a reason → staff approve (audited, officer told) → an excused mark', async () => {
    const s = await session({ startsInMinutes: 2 * 60, invite: [tenantA.id, tenantB.id] });
    const form = await officerA.browser.agent.get(`/trainings/${s.id}/excuse`).expect(200);
    const empty = await officerA.browser.agent.post(`/trainings/${s.id}/excuse`).type('form').send({ _csrf: csrfFrom(form.text), reason: '  ' });
    expect(empty.status).toBe(400);
    expect(fieldError(empty.text, 'reason')).toBeTruthy();
    expect(await t.dataSource.getRepository(TrainingExcuseEntity).countBy({ sessionId: s.id })).toBe(0);

    const asked = await postPage(officerA.browser, `/trainings/${s.id}/excuse`, { reason: '法定代表人出差' });
    expect(asked.status).toBe(303);
    await t.http().post(`/api/v1/trainings/${s.id}/excuses`).set(bearer(tokenA)).send({ reason: '再次申请' }).expect(409);
    const excuse = await t.dataSource.getRepository(TrainingExcuseEntity).findOneByOrFail({ sessionId: s.id, tenantId: tenantA.id });
    expect(excuse.status).toBe('pending');

    const list = await staff.browser.agent.get(`/trainings/excuses?session=${s.id}`).expect(200);
    expect(list.text).toContain('法定代表人出差');
    // Rejecting needs a note; officers cannot decide.
    const noNote = await postPage(staff.browser, `/trainings/excuses/${excuse.id}/decision`, { decision: 'rejected' });
    expect(noNote.status).toBe(400);
    await postPage(officerA.browser, `/trainings/excuses/${excuse.id}/decision`, { decision: 'approved' }).then((r) => expect(r.status).toBe(403));
    const approved = await postPage(staff.browser, `/trainings/excuses/${excuse.id}/decision`, { decision: 'approved', note: '同意' });
    expect(approved.status).toBe(303);
    expect(await marks().findOneByOrFail({ sessionId: s.id, tenantId: tenantA.id })).toMatchObject({ mark: 'excused' });
    expect(await auditEntries(t, { action: 'training.excuseApprove', entityId: String(excuse.id) })).toHaveLength(1);
    expect(await t.dataSource.getRepository(NotificationEntity).findOneBy({ userId: officerA.user.id, template: 'training-excuse-approved' })).not.toBeNull();
    await t.http().post(`/api/v1/trainings/excuses/${excuse.id}/decision`).set(bearer(tokenStaff)).send({ decision: 'rejected', note: '改主意' }).expect(409);

    const my = await officerA.browser.agent.get('/trainings/my').expect(200);
    expect(my.text).toContain('已准假');
  });

  it('an excuse after the start is refused, nothing written', async () => {
    const s = await session({ startsInMinutes: -5, invite: [tenantA.id] });
    await t.http().post(`/api/v1/trainings/${s.id}/excuses`).set(bearer(tokenA)).send({ reason: '迟了' }).expect(409);
    expect(await t.dataSource.getRepository(TrainingExcuseEntity).countBy({ sessionId: s.id })).toBe(0);
  });

  it('check-in: the right code marks present; wrong, expired, outside the window and not invited are refused with nothing written', async () => {
    const s = await session({ startsInMinutes: -5, invite: [tenantA.id, tenantB.id] });
    const later = await session({ startsInMinutes: 3 * 60, invite: [tenantA.id] });
    const expired = checkinCode(s.checkinSecret, new Date(Date.now() - 95_000));
    const current = () => checkinCode(s.checkinSecret, new Date());

    // The staff display shows the code, its QR code and the count; officers cannot open it.
    const display = await staff.browser.agent.get(`/trainings/${s.id}/checkin-display`).expect(200);
    expect(display.text).toContain('<svg');
    expect(display.text).toMatch(/<meta http-equiv="refresh" content="\d+">/);
    expect(display.text.replace(/\s/g, '')).toContain(current());
    await officerA.browser.agent.get(`/trainings/${s.id}/checkin-display`).expect(403);
    // The session's page leads staff to the display, the roll call and the excuse requests.
    const detail = await staff.browser.agent.get(`/trainings/${s.id}`).expect(200);
    for (const link of [`/trainings/${s.id}/checkin-display`, `/trainings/${s.id}/rollcall`, `/trainings/excuses?session=${s.id}`]) expect(detail.text).toContain(link);

    const wrong = await t.http().post(`/api/v1/trainings/${s.id}/checkin`).set(bearer(tokenA)).send({ code: current() === '000000' ? '111111' : '000000' }).expect(400);
    expect(wrong.body.errors?.code).toBeDefined();
    if (expired !== current() && expired !== checkinCode(s.checkinSecret, new Date(Date.now() - 30_000))) {
      await t.http().post(`/api/v1/trainings/${s.id}/checkin`).set(bearer(tokenA)).send({ code: expired }).expect(400);
    }
    const outside = await t.http().post(`/api/v1/trainings/${later.id}/checkin`).set(bearer(tokenA)).send({ code: checkinCode(later.checkinSecret, new Date()) }).expect(409);
    expect(outside.body.errors?.session).toBeDefined();
    await t.http().post(`/api/v1/trainings/${s.id}/checkin`).set(bearer(await tokenFor(t, officerC.user.id))).send({ code: current() }).expect(409);
    expect(await marks().countBy({ sessionId: s.id })).toBe(0);
    expect(await marks().countBy({ sessionId: later.id })).toBe(0);

    // The phone page: a wrong code is shown beside the field; the right one succeeds.
    const phone = await officerB.browser.agent.get(`/trainings/checkin?session=${s.id}`).expect(200);
    expect(phone.text).toContain(s.title);
    const bad = await officerB.browser.agent.post('/trainings/checkin').type('form').send({ _csrf: csrfFrom(phone.text), session: String(s.id), code: 'abcdef' });
    expect(bad.status).toBe(400);
    expect(fieldError(bad.text, 'code')).toContain('签到码');
    const ok = await postPage(officerB.browser, '/trainings/checkin', { session: String(s.id), code: current() });
    expect(ok.status).toBe(303);
    const after = await officerB.browser.agent.get(ok.headers.location).expect(200);
    expect(after.text).toContain('签到成功');
    expect(await marks().findOneByOrFail({ sessionId: s.id, tenantId: tenantB.id })).toMatchObject({ mark: 'present', source: 'code' });

    const api = await t.http().post(`/api/v1/trainings/${s.id}/checkin`).set(bearer(tokenA)).send({ code: current() }).expect(200);
    expect(api.body).toMatchObject({ mark: 'present', already: false });
    const twice = await t.http().post(`/api/v1/trainings/${s.id}/checkin`).set(bearer(tokenA)).send({ code: current() }).expect(200);
    expect(twice.body.already).toBe(true);
  });

  it('late after the threshold', async () => {
    const s = await session({ startsInMinutes: -20, invite: [tenantC.id] });
    await t.http().post(`/api/v1/trainings/${s.id}/checkin`).set(bearer(await tokenFor(t, officerC.user.id))).send({ code: checkinCode(s.checkinSecret, new Date()) }).expect(200);
    expect(await marks().findOneByOrFail({ sessionId: s.id, tenantId: tenantC.id })).toMatchObject({ mark: 'late' });
  });

  it('repeated wrong codes are rate limited per user (429), even with the right code', async () => {
    const s = await session({ startsInMinutes: -5, invite: [tenantC.id] });
    const phone = await officerC.browser.agent.get(`/trainings/checkin?session=${s.id}`).expect(200);
    const csrf = csrfFrom(phone.text);
    const right = checkinCode(s.checkinSecret, new Date());
    const wrongCode = right === '999999' ? '888888' : '999999';
    for (let i = 0; i < WRONG_CODE_LIMIT.attempts; i++) {
      const r = await officerC.browser.agent.post('/trainings/checkin').type('form').send({ _csrf: csrf, session: String(s.id), code: wrongCode });
      expect(r.status).toBe(400);
    }
    const limited = await officerC.browser.agent.post('/trainings/checkin').type('form').send({ _csrf: csrf, session: String(s.id), code: checkinCode(s.checkinSecret, new Date()) });
    expect(limited.status).toBe(429);
    expect(limited.text).toContain('输错次数过多');
    expect(await marks().countBy({ sessionId: s.id })).toBe(0);
    // Another officer is not affected.
    const other = await loginAs(t, 'tenant_officer', { tenantId: tenantC.id });
    const res = await other.browser.agent.get(`/trainings/checkin?session=${s.id}`).expect(200);
    const done = await other.browser.agent.post('/trainings/checkin').type('form').send({ _csrf: csrfFrom(res.text), session: String(s.id), code: checkinCode(s.checkinSecret, new Date()) });
    expect(done.status).toBe(303);
  });

  it('roll call: every invited tenant with its mark and source, saved in one POST (audited); officers cannot open it', async () => {
    const s = await session({ startsInMinutes: -30, invite: [tenantA.id, tenantB.id, tenantC.id] });
    await t.http().post(`/api/v1/trainings/${s.id}/checkin`).set(bearer(tokenA)).send({ code: checkinCode(s.checkinSecret, new Date()) }).expect(200);
    const page = await staff.browser.agent.get(`/trainings/${s.id}/rollcall`).expect(200);
    expect(page.text).toContain(tenantA.name);
    expect(page.text).toContain(tenantC.name);
    expect(page.text).toContain('签到码');
    await officerA.browser.agent.get(`/trainings/${s.id}/rollcall`).expect(403);
    await postPage(officerA.browser, `/trainings/${s.id}/rollcall`, { [`mark_${tenantB.id}`]: 'present' }).then((r) => expect(r.status).toBe(403));

    const stranger = await createTenant(t);
    const refused = await postPage(staff.browser, `/trainings/${s.id}/rollcall`, { [`mark_${tenantB.id}`]: 'present', [`mark_${stranger.id}`]: 'absent' });
    expect(refused.status).toBe(400);
    const badMark = await postPage(staff.browser, `/trainings/${s.id}/rollcall`, { [`mark_${tenantB.id}`]: 'sleeping' });
    expect(badMark.status).toBe(400);
    expect(await marks().countBy({ sessionId: s.id })).toBe(1);

    const saved = await postPage(staff.browser, `/trainings/${s.id}/rollcall`, { [`mark_${tenantB.id}`]: 'late', [`mark_${tenantC.id}`]: 'absent', [`mark_${tenantA.id}`]: 'late' });
    expect(saved.status).toBe(303);
    expect(await marks().findOneByOrFail({ sessionId: s.id, tenantId: tenantB.id })).toMatchObject({ mark: 'late', source: 'roll_call', markedBy: staff.user.id });
    expect(await marks().findOneByOrFail({ sessionId: s.id, tenantId: tenantC.id })).toMatchObject({ mark: 'absent', source: 'roll_call' });
    // Tenant A checked in 20 minutes late with the code: the same mark sent again leaves it as it was, from the code.
    expect(await marks().findOneByOrFail({ sessionId: s.id, tenantId: tenantA.id })).toMatchObject({ mark: 'late', source: 'code' });
    const entries = await auditEntries(t, { action: 'training.rollCall', entityId: String(s.id) });
    expect(entries).toHaveLength(1);
  });

  it('auto-absent: ended + grace → absent for unmarked required tenants, excused for approved excuses, none for late movers-in; idempotent', async () => {
    const mover = await createTenant(t, { movedInAt: '2099-01-01' });
    const s = await session({ startsInMinutes: -4 * 60, minutes: 60, invite: [tenantA.id, tenantB.id, tenantC.id, mover.id] });
    const recent = await session({ startsInMinutes: -70, minutes: 60, invite: [tenantA.id] }); // ended 10 min ago: inside the grace period
    await marks().insert({ sessionId: s.id, tenantId: tenantA.id, mark: 'present', source: 'code', markedBy: null, markedAt: new Date() });
    await t.dataSource.getRepository(TrainingExcuseEntity).insert({
      sessionId: s.id, tenantId: tenantC.id, reason: '出差', status: 'approved', requestedBy: officerC.user.id, requestedAt: new Date(), decidedBy: staff.user.id, decidedAt: new Date(), decisionNote: null,
    });
    const job = t.get(MarkAbsentJob);
    const first = await job.run();
    expect(first.sessions).toBeGreaterThanOrEqual(1);
    const rows = await marks().find({ where: { sessionId: s.id }, order: { tenantId: 'ASC' } });
    expect(Object.fromEntries(rows.map((r) => [r.tenantId, `${r.mark}/${r.source}`]))).toEqual({
      [tenantA.id]: 'present/code', [tenantB.id]: 'absent/auto', [tenantC.id]: 'excused/auto',
    });
    expect((await sessions().findOneByOrFail({ id: s.id })).absencesMarkedAt).not.toBeNull();
    expect(await marks().countBy({ sessionId: recent.id })).toBe(0);
    const second = await job.run();
    expect(second).toMatchObject({ absent: 0, excused: 0 });
    expect(await marks().countBy({ sessionId: s.id })).toBe(3);
    expect(await auditEntries(t, { action: 'training.autoAbsent', entityId: String(s.id) })).toHaveLength(1);
  });

  it('authorization: officers cannot list or decide excuses; staff cannot register or check in', async () => {
    await t.http().get('/api/v1/trainings/excuses').set(bearer(tokenA)).expect(403);
    await t.http().get('/api/v1/trainings/excuses').set(bearer(tokenStaff)).expect(200);
    expect((await staff.browser.agent.get('/trainings').expect(200)).text).toContain('/trainings/excuses?status=pending');
    await t.http().get('/api/v1/trainings/my').set(bearer(tokenStaff)).expect(403);
    const s = await session({ startsInMinutes: -5, invite: [tenantA.id] });
    await t.http().post(`/api/v1/trainings/${s.id}/checkin`).set(bearer(tokenStaff)).send({ code: '123456' }).expect(403);
    await staff.browser.agent.get('/trainings/checkin').expect(403);
  });
});
