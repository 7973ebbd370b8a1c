/*
 * Issue 10's journey in one piece, through HTTP, on SQLite and MariaDB: staff schedule a session for
 * four tenants → each officer is invited (the .ics parses) → registrations fill the two seats and the
 * third waits → a cancellation moves it up → one tenant is excused → one checks in with the rotating
 * code → the session ends and the auto-absent job marks the rest → the rate and the score facts follow.
 * The suites beside it (trainings-scheduling, -checkin, -attendance) test each step's edges.
 */
import { jest } from '@jest/globals';
import ICAL from 'ical.js';
import { DateTime } from 'luxon';
import type { UserEntity } from '../../src/accounts/entities/user.entity.js';
import { I18nService } from '../../src/i18n/i18n.service.js';
import { OutboxMessageEntity } from '../../src/notifications/entities/outbox-message.entity.js';
import type { TenantEntity } from '../../src/tenants/entities/tenant.entity.js';
import { MarkAbsentJob } from '../../src/trainings/checkin/jobs/mark-absent.job.js';
import { checkinCode } from '../../src/trainings/domain/checkin-code.rules.js';
import { TrainingAttendanceEntity } from '../../src/trainings/entities/training-attendance.entity.js';
import { TrainingInvitationEntity } from '../../src/trainings/entities/training-invitation.entity.js';
import { TrainingRegistrationEntity } from '../../src/trainings/entities/training-registration.entity.js';
import { TrainingSessionEntity } from '../../src/trainings/entities/training-session.entity.js';
import { bearer, loginAs } from '../support/http-helpers.js';
import { waitFor } from '../support/outbox-helpers.js';
import { createTenant, createTestApp, tokenFor, type TestApp } from '../support/test-app.js';

jest.setTimeout(120_000);

describe('trainings: schedule → invite → register → waiting list → excuse → check in → auto-absent → rate → facts', () => {
  let t: TestApp;
  const tenants: TenantEntity[] = [];
  const officers: UserEntity[] = [];
  const tokens: string[] = [];
  let staffToken: string;

  beforeAll(async () => {
    t = await createTestApp({ LOGIN_RATE_PER_MINUTE: '1000' });
    const stamp = Date.now();
    for (const name of ['甲', '乙', '丙', '丁']) {
      const tenant = await createTenant(t, { name: `旅程${name}${stamp}有限公司`, movedInAt: '2020-01-01' });
      const officer = await loginAs(t, 'tenant_officer', { tenantId: tenant.id });
      tenants.push(tenant);
      officers.push(officer.user);
      tokens.push(await tokenFor(t, officer.user.id));
    }
    staffToken = await tokenFor(t, (await loginAs(t, 'park_staff')).user.id);
  });
  afterAll(async () => {
    await t?.close();
  });

  const [A, B, C, D] = [0, 1, 2, 3];
  const api = (token: string) => ({
    post: (path: string, body: object = {}) => t.http().post(path).set(bearer(token)).send(body),
    get: (path: string) => t.http().get(path).set(bearer(token)),
  });

  it('runs end to end', async () => {
    // Staff schedule a two-seat law lecture starting in 20 minutes for the four tenants.
    const startsAt = DateTime.now().plus({ minutes: 20 }).startOf('minute').toUTC();
    const created = await api(staffToken).post('/api/v1/trainings', {
      title: '合同法律风险讲座', kind: 'law_lecture', speaker: '王律师', location: '园区会议中心 301', capacity: 2,
      startsAt: startsAt.toISO(), endsAt: startsAt.plus({ hours: 1 }).toISO(), audience: 'tenants', tenantIds: tenants.map((x) => x.id),
    }).expect(201);
    const id = Number(created.body.sessions[0].id);
    const invited = await t.dataSource.getRepository(TrainingInvitationEntity).find({ where: { sessionId: id }, order: { tenantId: 'ASC' } });
    expect(invited.map((i) => i.tenantId)).toEqual(tenants.map((x) => x.id).sort((a, b) => a - b));

    // Each officer gets the invitation with a calendar file that a calendar library reads back.
    for (const officer of officers) {
      const mail = await waitFor(`invitation to ${officer.email}`, () =>
        t.dataSource.getRepository(OutboxMessageEntity).findOneBy({ dedupeKey: `training-invitation:${id}:0:${officer.id}` }));
      const [file] = JSON.parse(mail.attachments!) as { content: string }[];
      const event = new ICAL.Event(new ICAL.Component(ICAL.parse(file.content)).getFirstSubcomponent('vevent')!);
      expect([event.summary, event.startDate.toJSDate().toISOString()]).toEqual(['合同法律风险讲座', startsAt.toJSDate().toISOString()]);
    }

    // Two seats: A and B register, C waits; B cancels and C moves up.
    expect((await api(tokens[A]).post(`/api/v1/trainings/${id}/registrations`).expect(201)).body.status).toBe('registered');
    expect((await api(tokens[B]).post(`/api/v1/trainings/${id}/registrations`).expect(201)).body.status).toBe('registered');
    expect((await api(tokens[C]).post(`/api/v1/trainings/${id}/registrations`).expect(201)).body).toMatchObject({ status: 'waitlisted', position: 1 });
    const seatB = await t.dataSource.getRepository(TrainingRegistrationEntity).findOneByOrFail({ sessionId: id, tenantId: tenants[B].id });
    expect((await api(tokens[B]).post(`/api/v1/trainings/registrations/${seatB.id}/cancel`).expect(200)).body.promoted).toEqual([tenants[C].id]);

    // D asks to be excused before the start; staff approve.
    const excuse = await api(tokens[D]).post(`/api/v1/trainings/${id}/excuses`, { reason: '法定代表人出差' }).expect(201);
    await api(staffToken).post(`/api/v1/trainings/excuses/${excuse.body.id}/decision`, { decision: 'approved' }).expect(200);

    // A checks in with the code the display shows (the window opens 30 minutes before the start); a wrong code changes nothing.
    const session = await t.dataSource.getRepository(TrainingSessionEntity).findOneByOrFail({ id });
    const code = checkinCode(session.checkinSecret, new Date());
    await api(tokens[B]).post(`/api/v1/trainings/${id}/checkin`, { code: code === '000000' ? '111111' : '000000' }).expect(400);
    expect((await api(tokens[A]).post(`/api/v1/trainings/${id}/checkin`, { code }).expect(200)).body).toMatchObject({ mark: 'present' });

    // The session is held and ends; past the grace period, the job marks whoever has no mark.
    const heldAt = DateTime.now().minus({ hours: 3 });
    await t.dataSource.getRepository(TrainingSessionEntity).update({ id }, { startsAt: heldAt.toJSDate(), endsAt: heldAt.plus({ hours: 1 }).toJSDate() });
    await t.get(MarkAbsentJob).run();
    const marks = await t.dataSource.getRepository(TrainingAttendanceEntity).findBy({ sessionId: id });
    expect(Object.fromEntries(marks.map((m) => [m.tenantId, m.mark]))).toEqual({
      [tenants[A].id]: 'present', [tenants[B].id]: 'absent', [tenants[C].id]: 'absent', [tenants[D].id]: 'excused',
    });

    // The rate and the facts: A attended its one required session (100 %, P07); B and C were absent (N03, no P07); D was excused (no rate).
    const today = t.get(I18nService).today();
    const facts = async (k: number) => {
      const res = await api(staffToken).get(`/api/v1/tenants/${tenants[k].id}/facts?asOf=${today}`).expect(200);
      return (res.body.facts as { rule: string; recordId: number; detail: Record<string, unknown> }[]).filter((f) => ['P07', 'P08', 'N03'].includes(f.rule));
    };
    expect(await facts(A)).toEqual([expect.objectContaining({ rule: 'P07', detail: expect.objectContaining({ rate: 100, attended: 1, required: 1 }) })]);
    expect(await facts(B)).toEqual([expect.objectContaining({ rule: 'N03', recordId: id })]);
    expect(await facts(C)).toEqual([expect.objectContaining({ rule: 'N03', recordId: id })]);
    expect(await facts(D)).toEqual([]);
    // An officer reads its own tenant's facts only.
    await api(tokens[A]).get(`/api/v1/tenants/${tenants[B].id}/facts?asOf=${today}`).expect(404);
  });
});
