import { jest } from '@jest/globals';
import ICAL from 'ical.js';
import { DateTime } from 'luxon';
import type { UserEntity } from '../../src/accounts/entities/user.entity.js';
import { NotificationEntity } from '../../src/notifications/entities/notification.entity.js';
import { OutboxMessageEntity } from '../../src/notifications/entities/outbox-message.entity.js';
import { QueueService } from '../../src/queue/queue.service.js';
import { BuildingsService } from '../../src/tenants/buildings.service.js';
import type { TenantEntity } from '../../src/tenants/entities/tenant.entity.js';
import { TenantsService } from '../../src/tenants/tenants.service.js';
import { TrainingInvitationEntity } from '../../src/trainings/entities/training-invitation.entity.js';
import { TrainingRegistrationEntity } from '../../src/trainings/entities/training-registration.entity.js';
import { TrainingSessionEntity } from '../../src/trainings/entities/training-session.entity.js';
import { TrainingReminders } from '../../src/trainings/scheduling/training-reminders.js';
import { auditEntries, bearer, fieldError, loginAs } from '../support/http-helpers.js';
import { waitFor } from '../support/outbox-helpers.js';
import { createTenant, createTestApp, TEST_ACTOR, tokenFor, type Browser, type TestApp } from '../support/test-app.js';

jest.setTimeout(90_000);

const ZONE = 'Asia/Shanghai';

describe('trainings: scheduling and invitations', () => {
  let t: TestApp;
  let t39a: TenantEntity; // industry 39, building A1
  let t39b: TenantEntity; // industry 39, building B1
  let t13a: TenantEntity; // industry 13, building A1
  let t13c: TenantEntity; // industry 13, building C1
  let staff: { user: UserEntity; browser: Browser };
  let officer39a: { user: UserEntity; browser: Browser };
  let officer13c: { user: UserEntity; browser: Browser };
  let regulator: { user: UserEntity; browser: Browser };
  let tokens: Record<'staff' | 'officer' | 'regulator' | 'evaluator', string>;
  let buildingId: (name: string) => number;

  const sessions = () => t.dataSource.getRepository(TrainingSessionEntity);
  const invitedOf = async (sessionId: number) =>
    (await t.dataSource.getRepository(TrainingInvitationEntity).find({ where: { sessionId }, order: { tenantId: 'ASC' } })).map((i) => i.tenantId);
  const activeIds = async () => (await t.dataSource.query("SELECT id FROM tenants WHERE status = 'active' ORDER BY id")).map((r: { id: number }) => Number(r.id));
  /** Park-local form time, `days` from now at hh:mm. */
  const local = (days: number, hm: string) => `${DateTime.now().setZone(ZONE).plus({ days }).toISODate()}T${hm}`;
  const utc = (l: string) => DateTime.fromISO(l, { zone: ZONE }).toUTC().toJSDate();

  beforeAll(async () => {
    t = await createTestApp({ LOGIN_RATE_PER_MINUTE: '1000' });
    const stamp = Date.now();
    t39a = await createTenant(t, { name: `培训甲${stamp}有限公司`, industry: '39', building: 'A1' });
    t39b = await createTenant(t, { name: `培训乙${stamp}有限公司`, industry: '39', building: 'B1' });
    t13a = await createTenant(t, { name: `培训丙${stamp}有限公司`, industry: '13', building: 'A1' });
    t13c = await createTenant(t, { name: `培训丁${stamp}有限公司`, industry: '13', building: 'C1' });
    const buildings = await t.get(BuildingsService).all();
    buildingId = (name) => buildings.find((b) => b.name === name)!.id;
    staff = await loginAs(t, 'park_staff');
    officer39a = await loginAs(t, 'tenant_officer', { tenantId: t39a.id });
    officer13c = await loginAs(t, 'tenant_officer', { tenantId: t13c.id });
    regulator = await loginAs(t, 'regulator');
    const evaluator = await loginAs(t, 'evaluator');
    tokens = {
      staff: await tokenFor(t, staff.user.id), officer: await tokenFor(t, officer39a.user.id),
      regulator: await tokenFor(t, regulator.user.id), evaluator: await tokenFor(t, evaluator.user.id),
    };
  });
  afterAll(async () => {
    await t?.close();
  });

  const form = (over: Record<string, string | string[]> = {}) => ({
    title: '安全生产法治讲座', kind: 'law_lecture', startsAt: local(10, '09:30'), endsAt: local(10, '11:30'), location: '园区会议中心 301',
    capacity: '50', audience: 'all', speaker: '张律师', ...over,
  });
  const post = (browser: Browser, path: string, body: Record<string, string | string[]>) =>
    browser.agent.post(path).type('form').send({ _csrf: browser.csrf, ...body });
  const schedulePage = async (over: Record<string, string | string[]> = {}) => {
    const res = await post(staff.browser, '/trainings', form(over));
    expect([res.status, fieldError(res.text, 'endsAt')]).toEqual([303, null]);
    return Number(/^\/trainings\/(\d+)$/.exec(res.headers.location)?.[1]);
  };
  /** The e-mail with its calendar file sent to `user` for `kind` of session `id` at `sequence`. */
  const mailFor = (kind: string, id: number, sequence: number, user: UserEntity) =>
    waitFor(`${kind} mail to ${user.email}`, () => t.dataSource.getRepository(OutboxMessageEntity).findOneBy({ dedupeKey: `training-${kind}:${id}:${sequence}:${user.id}` }));
  const calendarOf = (row: OutboxMessageEntity) => {
    const [file] = JSON.parse(row.attachments!) as { filename: string; contentType: string; content: string }[];
    const comp = new ICAL.Component(ICAL.parse(file.content));
    return { file, method: comp.getFirstPropertyValue('method'), events: comp.getAllSubcomponents('vevent').map((v) => new ICAL.Event(v)) };
  };

  it('schedules for all active tenants: invitations, a notice and an e-mail with an .ics that parses, audited', async () => {
    const id = await schedulePage();
    const s = await sessions().findOneByOrFail({ id });
    expect(s.startsAt.toISOString()).toBe(utc(form().startsAt as string).toISOString());
    expect(s).toMatchObject({ status: 'scheduled', capacity: 50, audience: 'all', sequence: 0, speaker: '张律师' });
    expect(s.checkinSecret).toMatch(/^[0-9a-f]{40}$/);
    expect(await invitedOf(id)).toEqual(await activeIds());
    const [audit] = await auditEntries(t, { action: 'training.schedule', entityId: String(id) });
    expect(audit.actorId).toBe(staff.user.id);

    const mail = await mailFor('invitation', id, 0, officer39a.user);
    expect(mail.template).toBe('training-invitation');
    const cal = calendarOf(mail);
    expect(cal.file.contentType).toContain('method=REQUEST');
    expect(cal.method).toBe('REQUEST');
    expect(cal.events).toHaveLength(1);
    expect(cal.events[0].uid).toBe(`training-${id}@parktrust`);
    expect(cal.events[0].sequence).toBe(0);
    expect(cal.events[0].startDate.toJSDate().toISOString()).toBe(s.startsAt.toISOString());
    expect(cal.events[0].endDate.toJSDate().toISOString()).toBe(s.endsAt.toISOString());
    expect(cal.events[0].summary).toBe('安全生产法治讲座');
    expect(cal.events[0].location).toBe('园区会议中心 301');
    await waitFor('the invitation to be sent', async () => (await t.dataSource.getRepository(OutboxMessageEntity).findOneBy({ id: mail.id, status: 'sent' })) ?? null);
    expect(await t.dataSource.getRepository(NotificationEntity).countBy({ userId: officer13c.user.id, template: 'training-invitation' })).toBeGreaterThanOrEqual(1);

    // Staff and regulators see it in the list and on the detail page.
    for (const b of [staff.browser, regulator.browser]) {
      expect((await b.agent.get('/trainings').expect(200)).text).toContain(`/trainings/${id}`);
      const detail = await b.agent.get(`/trainings/${id}`).expect(200);
      expect(detail.text).toContain(t39a.name);
    }
  });

  it.each([
    ['industries', { audience: 'industries', industries: ['39'] }, () => [t39a.id, t39b.id]],
    ['buildings', { audience: 'buildings', buildingIds: ['A1'] }, () => [t39a.id, t13a.id]],
    ['listed tenants', { audience: 'tenants', tenantIds: ['T13C', 'T39B'] }, () => [t39b.id, t13c.id]],
    ['optional', { audience: 'optional' }, () => []],
  ] as const)('invites the right tenants: %s', async (_name, audience, expected) => {
    const body: Record<string, string | string[]> = { ...audience } as Record<string, string | string[]>;
    if ('buildingIds' in audience) body.buildingIds = audience.buildingIds.map((n) => String(buildingId(n)));
    if ('tenantIds' in audience) body.tenantIds = `${t13c.id}, ${t39b.id}`;
    const id = await schedulePage(body);
    expect(await invitedOf(id)).toEqual([...expected()].sort((a, b) => a - b));
  });

  it('a series: one session per occurrence, each invited; one e-mail carries all occurrences', async () => {
    const until = DateTime.now().setZone(ZONE).plus({ days: 10 + 14 }).toISODate()!;
    const res = await post(staff.browser, '/trainings', form({ title: '政策解读系列', kind: 'policy_briefing', audience: 'industries', industries: ['13'], repeat: 'weekly', untilDate: until }));
    expect(res.status).toBe(303);
    const first = await sessions().findOneByOrFail({ id: Number(/(\d+)$/.exec(res.headers.location)![1]) });
    const series = await sessions().find({ where: { seriesId: first.seriesId! }, order: { startsAt: 'ASC' } });
    expect(series).toHaveLength(3);
    expect(series.map((s) => s.startsAt.getTime() - first.startsAt.getTime())).toEqual([0, 7, 14].map((d) => d * 86_400_000));
    for (const s of series) expect(await invitedOf(s.id)).toEqual([t13a.id, t13c.id]);
    const cal = calendarOf(await mailFor('invitation', first.id, 0, officer13c.user));
    expect(cal.events.map((e) => e.uid)).toEqual(series.map((s) => `training-${s.id}@parktrust`));

    // Editing "this and the following" moves the later ones by the same shift; the first stays.
    const second = series[1];
    const moved = DateTime.fromJSDate(second.startsAt).setZone(ZONE).plus({ hours: 1 });
    const edit = await post(staff.browser, `/trainings/${second.id}`, form({
      title: '政策解读系列', kind: 'policy_briefing', audience: 'industries', industries: ['13'], scope: 'following',
      startsAt: moved.toFormat("yyyy-MM-dd'T'HH:mm"), endsAt: moved.plus({ hours: 2 }).toFormat("yyyy-MM-dd'T'HH:mm"),
    }));
    expect(edit.status).toBe(303);
    const after = await sessions().find({ where: { seriesId: first.seriesId! }, order: { startsAt: 'ASC' } });
    expect(after.map((s) => s.startsAt.getTime() - series[after.indexOf(s)].startsAt.getTime())).toEqual([0, 3_600_000, 3_600_000]);
    expect(after.map((s) => s.sequence)).toEqual([0, 1, 1]);
  });

  it('editing time and place notifies with SEQUENCE + 1 and the same UID; the audience change moves invitations; cancelling sends METHOD:CANCEL', async () => {
    const id = await schedulePage({ audience: 'industries', industries: ['39'] });
    await mailFor('invitation', id, 0, officer39a.user);
    const res = await post(staff.browser, `/trainings/${id}`, form({ audience: 'industries', industries: ['39', '13'], location: '园区会议中心 502', startsAt: local(11, '14:00'), endsAt: local(11, '16:00') }));
    expect(res.status).toBe(303);
    const s = await sessions().findOneByOrFail({ id });
    expect(s).toMatchObject({ sequence: 1, location: '园区会议中心 502' });
    expect(await invitedOf(id)).toEqual([t39a.id, t39b.id, t13a.id, t13c.id].sort((a, b) => a - b));
    const changed = calendarOf(await mailFor('changed', id, 1, officer39a.user));
    expect(changed.method).toBe('REQUEST');
    expect([changed.events[0].uid, changed.events[0].sequence, changed.events[0].location]).toEqual([`training-${id}@parktrust`, 1, '园区会议中心 502']);
    expect(changed.events[0].startDate.toJSDate().toISOString()).toBe(utc(local(11, '14:00')).toISOString());
    // The tenant newly named by the audience is told too.
    await mailFor('changed', id, 1, officer13c.user);
    expect((await auditEntries(t, { action: 'training.update', entityId: String(id) })).length).toBe(1);

    // Cancelling needs a reason (a field error, nothing written) …
    const empty = await post(staff.browser, `/trainings/${id}/cancel`, { reason: '' });
    expect(empty.status).toBe(400);
    expect(fieldError(empty.text, 'reason')).not.toBeNull();
    expect((await sessions().findOneByOrFail({ id })).status).toBe('scheduled');
    // … and sends METHOD:CANCEL with the next sequence.
    expect((await post(staff.browser, `/trainings/${id}/cancel`, { reason: '讲师临时有事' })).status).toBe(303);
    expect(await sessions().findOneByOrFail({ id })).toMatchObject({ status: 'cancelled', cancelReason: '讲师临时有事', sequence: 2 });
    const cancel = calendarOf(await mailFor('cancelled', id, 2, officer13c.user));
    // The earlier notices about it left the bell; the cancellation is the one unread.
    const bell = await t.dataSource.getRepository(NotificationEntity).find({ where: { userId: officer13c.user.id, subject: `training:${id}` }, order: { id: 'ASC' } });
    expect(bell.map((n) => [n.template, n.readAt === null])).toEqual([['training-changed', false], ['training-cancelled', true]]);
    expect(cancel.method).toBe('CANCEL');
    expect([cancel.events[0].uid, cancel.events[0].sequence]).toEqual([`training-${id}@parktrust`, 2]);
    expect(cancel.file.contentType).toContain('method=CANCEL');
    expect((await auditEntries(t, { action: 'training.cancel', entityId: String(id) })).length).toBe(1);
    // A cancelled session cannot be cancelled or edited again.
    expect((await post(staff.browser, `/trainings/${id}/cancel`, { reason: '再次' })).status).toBe(409);
  });

  it('a session recorded after it was held keeps who had to attend but invites nobody', async () => {
    const enqueue = jest.spyOn(t.get(QueueService), 'enqueue');
    try {
      const heldAt = DateTime.now().minus({ days: 3 }).startOf('hour').toUTC();
      const created = await t.http().post('/api/v1/trainings').set(bearer(tokens.staff))
        .send({ ...form({ audience: 'tenants', title: '已举办的讲座' }), tenantIds: [t39a.id], capacity: 5, startsAt: heldAt.toISO(), endsAt: heldAt.plus({ hours: 2 }).toISO() }).expect(201);
      const id = Number(created.body.sessions[0].id);
      expect(await invitedOf(id)).toEqual([t39a.id]);
      // The notices are enqueued after the commit, before the answer: none was for this session.
      expect(enqueue.mock.calls.filter(([name]) => name === 'trainings.notices')).toEqual([]);
      expect(await t.dataSource.getRepository(OutboxMessageEntity).countBy({ dedupeKey: `training-invitation:${id}:0:${officer39a.user.id}` })).toBe(0);
    } finally {
      enqueue.mockRestore();
    }
  });

  it('raising the capacity moves the waiting list up at once, in order, and tells the tenant', async () => {
    const id = await schedulePage({ audience: 'optional', capacity: '1' });
    const officer13cToken = await tokenFor(t, officer13c.user.id);
    expect((await t.http().post(`/api/v1/trainings/${id}/registrations`).set(bearer(tokens.officer)).send({}).expect(201)).body.status).toBe('registered');
    expect((await t.http().post(`/api/v1/trainings/${id}/registrations`).set(bearer(officer13cToken)).send({}).expect(201)).body.status).toBe('waitlisted');
    const seat = () => t.dataSource.getRepository(TrainingRegistrationEntity).findOneByOrFail({ sessionId: id, tenantId: t13c.id });

    // An edit that keeps the seats leaves the queue alone.
    expect((await post(staff.browser, `/trainings/${id}`, form({ audience: 'optional', capacity: '1', location: '园区会议中心 302' }))).status).toBe(303);
    expect((await seat()).status).toBe('waitlisted');

    expect((await post(staff.browser, `/trainings/${id}`, form({ audience: 'optional', capacity: '2', location: '园区会议中心 302' }))).status).toBe(303);
    expect((await seat()).status).toBe('registered');
    const told = await t.dataSource.getRepository(NotificationEntity).findOneBy({ userId: officer13c.user.id, template: 'training-waitlist-promoted' });
    expect(told).not.toBeNull();
    expect(await auditEntries(t, { action: 'training.waitlistPromote', entityId: String((await seat()).id) })).toHaveLength(1);
  });

  it('field errors: end before start, capacity zero or below, a series with no end; nothing written', async () => {
    const before = await sessions().count();
    const cases: [Record<string, string>, string][] = [
      [{ startsAt: local(5, '10:00'), endsAt: local(5, '09:00') }, 'endsAt'],
      [{ capacity: '0' }, 'capacity'],
      [{ capacity: '-3' }, 'capacity'],
      [{ repeat: 'weekly', untilDate: '' }, 'untilDate'],
      [{ audience: 'industries' }, 'industries'],
      [{ startsAt: 'tomorrow' }, 'startsAt'],
    ];
    for (const [over, field] of cases) {
      const res = await post(staff.browser, '/trainings', form(over));
      expect([JSON.stringify(over), res.status, fieldError(res.text, field) !== null]).toEqual([JSON.stringify(over), 400, true]);
    }
    const api = await t.http().post('/api/v1/trainings').set(bearer(tokens.staff)).send({ ...form({ repeat: 'monthly' }), capacity: 10 });
    expect(api.status).toBe(400);
    expect(api.body.errors?.untilDate).toBeDefined();
    expect(await sessions().count()).toBe(before);
  });

  it('authorization: an officer cannot schedule or read the staff pages; a regulator and an evaluator read; the API schedules with UTC instants', async () => {
    expect((await post(officer39a.browser, '/trainings', form())).status).toBe(403);
    expect((await officer39a.browser.agent.get('/trainings/new')).status).toBe(403);
    expect((await post(regulator.browser, '/trainings', form())).status).toBe(403);
    expect((await t.http().post('/api/v1/trainings').set(bearer(tokens.officer)).send(form())).status).toBe(403);
    expect((await t.http().get('/api/v1/trainings').set(bearer(tokens.regulator))).status).toBe(200);
    expect((await t.http().get('/api/v1/trainings').set(bearer(tokens.evaluator))).status).toBe(200);

    const startsAt = DateTime.now().plus({ days: 20 }).startOf('hour').toUTC();
    const created = await t.http().post('/api/v1/trainings').set(bearer(tokens.staff))
      .send({ ...form({ audience: 'tenants' }), tenantIds: [t39a.id], capacity: 5, startsAt: startsAt.toISO(), endsAt: startsAt.plus({ hours: 1 }).toISO() }).expect(201);
    const id = created.body.sessions[0].id as number;
    expect(created.body.sessions[0].startsAt).toBe(startsAt.toJSDate().toISOString());
    const read = await t.http().get(`/api/v1/trainings/${id}`).set(bearer(tokens.regulator)).expect(200);
    expect(read.body.session.checkinSecret).toBeUndefined();
    expect(read.body.invitedCount).toBe(1);
    const list = await t.http().get('/api/v1/trainings').query({ kind: 'law_lecture', month: startsAt.setZone(ZONE).toFormat('yyyy-MM') }).set(bearer(tokens.evaluator)).expect(200);
    expect(list.body.items.map((i: { id: number }) => i.id)).toContain(id);
    expect((await t.http().patch(`/api/v1/trainings/${id}`).set(bearer(tokens.regulator)).send(form())).status).toBe(403);
  });

  it('registry changes: a joining tenant is invited to matching upcoming sessions; a moved-out one leaves them (and the confirmation says so)', async () => {
    const id = await schedulePage({ audience: 'industries', industries: ['13'] });
    const newcomer = await createTenant(t, { name: `培训新入驻${Date.now()}有限公司`, industry: '13', building: 'C1' });
    expect(await invitedOf(id)).toContain(newcomer.id);
    const other = await createTenant(t, { name: `培训新入驻乙${Date.now()}有限公司`, industry: '39', building: 'C1' });
    expect(await invitedOf(id)).not.toContain(other.id);

    const confirm = await staff.browser.agent.get(`/tenants/${newcomer.id}/status?status=moved_out`).expect(200);
    expect(confirm.text).toMatch(/<li>不再须参加 \d+ 场即将举行的培训（\d+ 项）。<\/li>/);
    await t.get(TenantsService).changeStatus(newcomer.id, { status: 'moved_out', reason: '迁出' }, TEST_ACTOR);
    expect(await invitedOf(id)).not.toContain(newcomer.id);
  });

  it('the day before, officers of invited tenants are reminded once', async () => {
    const id = await schedulePage({ audience: 'tenants', tenantIds: String(t13c.id), startsAt: local(3, '09:00'), endsAt: local(3, '10:00') });
    const dayBefore = DateTime.now().setZone(ZONE).plus({ days: 2 }).toISODate()!;
    const reminders = t.get(TrainingReminders);
    expect(await reminders.run(dayBefore)).toBeGreaterThanOrEqual(1);
    expect(await t.dataSource.getRepository(OutboxMessageEntity).countBy({ dedupeKey: `training-reminder:${id}:${dayBefore}:${officer13c.user.id}` })).toBe(1);
    await reminders.run(dayBefore);
    expect(await t.dataSource.getRepository(OutboxMessageEntity).countBy({ dedupeKey: `training-reminder:${id}:${dayBefore}:${officer13c.user.id}` })).toBe(1);
    expect(await t.dataSource.getRepository(OutboxMessageEntity).countBy({ dedupeKey: `training-reminder:${id}:${dayBefore}:${officer39a.user.id}` })).toBe(0);
  });
});
