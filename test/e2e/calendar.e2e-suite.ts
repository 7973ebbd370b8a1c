import { WorkingCalendarService } from '../../src/calendar/working-calendar.service.js';
import { yearsMissing } from '../../src/calendar/domain/calendar-days.rules.js';
import { CalendarDayEntity } from '../../src/calendar/entities/calendar-day.entity.js';
import { I18nService } from '../../src/i18n/i18n.service.js';
import { MonthRunService } from '../../src/scoring/cycle/month-run.service.js';
import { ScoreMonthEntity } from '../../src/scoring/entities/score-month.entity.js';
import { auditEntries, bearer, fieldError, formError, loginAs, postForm } from '../support/http-helpers.js';
import { createTenant, createTestApp, createUser, tokenFor, type Browser, type TestApp } from '../support/test-app.js';

/**
 * Issue 13: the park's working calendar. Admins keep public holidays and 调休 working weekend days
 * (one day or a whole break at once, edit, remove — audited); park staff and regulators read it;
 * deadlines in working days (here: the score month's objection window) follow it at once.
 */
describe('working calendar', () => {
  let t: TestApp;
  let today: string;
  let admin: { browser: Browser };
  let staff: { browser: Browser };
  let tokens: Record<'admin' | 'staff' | 'regulator' | 'officer' | 'evaluator', string>;

  beforeAll(async () => {
    t = await createTestApp({ LOGIN_RATE_PER_MINUTE: '1000' });
    today = t.get(I18nService).today();
    const tenant = await createTenant(t, { name: `日历${Date.now()}有限公司` });
    admin = await loginAs(t, 'admin');
    staff = await loginAs(t, 'park_staff');
    tokens = {
      admin: await tokenFor(t, (await createUser(t, 'admin')).id),
      staff: await tokenFor(t, (await createUser(t, 'park_staff')).id),
      regulator: await tokenFor(t, (await createUser(t, 'regulator', { departmentId: 1 })).id),
      officer: await tokenFor(t, (await createUser(t, 'tenant_officer', { tenantId: tenant.id })).id),
      evaluator: await tokenFor(t, (await createUser(t, 'evaluator')).id),
    };
  });
  afterAll(async () => {
    await t?.close();
  });

  const api = () => t.http();
  const addDay = (token: string, body: Record<string, unknown>) => api().post('/api/v1/calendar/days').set(bearer(token)).send(body);
  const addRange = (token: string, body: Record<string, unknown>) => api().post('/api/v1/calendar/ranges').set(bearer(token)).send(body);
  const listed = (day: string) => t.dataSource.getRepository(CalendarDayEntity).findOneBy({ day });
  const calendar = () => t.get(WorkingCalendarService);

  it('readers get a year with the 2026 notice seeded; others are refused', async () => {
    const res = await api().get('/api/v1/calendar?year=2026').set(bearer(tokens.staff)).expect(200);
    expect(res.body.year).toBe(2026);
    const byDay = new Map<string, { kind: string; name: string; weekday: number; holidayOnWeekend: boolean }>(res.body.days.map((d: { day: string }) => [d.day, d]));
    expect(byDay.get('2026-10-01')).toMatchObject({ kind: 'holiday', name: '国庆节', weekday: 4, holidayOnWeekend: false });
    expect(byDay.get('2026-10-10')).toMatchObject({ kind: 'workday', name: '国庆节调休上班', weekday: 6 });
    expect(byDay.get('2026-02-22')).toMatchObject({ kind: 'holiday', name: '春节', holidayOnWeekend: true });
    expect(res.body.days.map((d: { day: string }) => d.day)).toEqual([...res.body.days.map((d: { day: string }) => d.day)].sort());
    expect(res.body.holidays + res.body.workdays).toBe(res.body.days.length);
    expect(res.body.workdays).toBe(6);

    await api().get('/api/v1/calendar?year=2026').set(bearer(tokens.regulator)).expect(200);
    await api().get('/api/v1/calendar').set(bearer(tokens.admin)).expect(200);
    await api().get('/api/v1/calendar').expect(401);
    await api().get('/api/v1/calendar').set(bearer(tokens.officer)).expect(403);
    await api().get('/api/v1/calendar').set(bearer(tokens.evaluator)).expect(403);

    const bad = await api().get('/api/v1/calendar?year=abc').set(bearer(tokens.staff)).expect(400);
    expect(Object.keys(bad.body.errors)).toEqual(['year']);
    await api().get('/api/v1/calendar?year=1999').set(bearer(tokens.staff)).expect(400);
  });

  it('an admin adds a day: validated field by field, audited, and deadlines follow at once', async () => {
    // Monday 2030-03-04: an ordinary working day until listed.
    expect(await calendar().addWorkingDays('2030-03-01', 1)).toBe('2030-03-04');

    for (const [body, field] of [
      [{ day: '2030-02-30', kind: 'holiday', name: '假日' }, 'day'],
      [{ day: '2030/03/04', kind: 'holiday', name: '假日' }, 'day'],
      [{ day: '2030-03-04', kind: 'off', name: '假日' }, 'kind'],
      [{ day: '2030-03-04', kind: 'holiday', name: '   ' }, 'name'],
      [{ day: '2030-03-04', kind: 'holiday', name: 'x'.repeat(101) }, 'name'],
      [{ day: '2030-03-04', kind: 'holiday', name: '假日', extra: 1 }, 'extra'],
    ] as const) {
      const res = await addDay(tokens.admin, body).expect(400);
      expect(Object.keys(res.body.errors)).toEqual([field]);
    }
    // A 调休 working day on a weekday makes no sense.
    const weekday = await addDay(tokens.admin, { day: '2030-03-04', kind: 'workday', name: '调休' }).expect(400);
    expect(Object.keys(weekday.body.errors)).toEqual(['day']);
    expect(weekday.body.message).toContain('2030-03-04');
    expect(await listed('2030-03-04')).toBeNull();

    // Only admins edit.
    await addDay(tokens.staff, { day: '2030-03-04', kind: 'holiday', name: '园区假日' }).expect(403);
    await addDay(tokens.regulator, { day: '2030-03-04', kind: 'holiday', name: '园区假日' }).expect(403);
    await api().post('/api/v1/calendar/days').send({ day: '2030-03-04', kind: 'holiday', name: '园区假日' }).expect(401);
    expect(await listed('2030-03-04')).toBeNull();

    const added = await addDay(tokens.admin, { day: '2030-03-04', kind: 'holiday', name: ' 园区假日 ' }).expect(201);
    expect(added.body).toMatchObject({ day: '2030-03-04', kind: 'holiday', name: '园区假日', weekday: 1, holidayOnWeekend: false });
    const [entry] = await auditEntries(t, { entityType: 'calendar_day', entityId: '2030-03-04', action: 'calendarDay.create' });
    expect(JSON.parse(entry.after!)).toEqual({ day: '2030-03-04', kind: 'holiday', name: '园区假日' });
    // The cached calendar was dropped: the holiday is skipped now.
    expect(await calendar().isWorkingDay('2030-03-04')).toBe(false);
    expect(await calendar().addWorkingDays('2030-03-01', 1)).toBe('2030-03-05');
    // Reviewers' "working days left": Friday 03-01 to Wednesday 03-06 is 2 with the Monday off, and 2 overdue the other way.
    expect(await calendar().workingDaysBetween('2030-03-01', '2030-03-06')).toBe(2);
    expect(await calendar().workingDaysBetween('2030-03-06', '2030-03-01')).toBe(-2);

    const again = await addDay(tokens.admin, { day: '2030-03-04', kind: 'holiday', name: '再来' }).expect(409);
    expect(Object.keys(again.body.errors)).toEqual(['day']);
    expect((await listed('2030-03-04'))!.name).toBe('园区假日');

    // A working Saturday counts.
    await addDay(tokens.admin, { day: '2030-03-09', kind: 'workday', name: '调休上班' }).expect(201);
    expect(await calendar().addWorkingDays('2030-03-08', 1)).toBe('2030-03-09');
  });

  it('a whole break at once (2031 Spring Festival), all or nothing', async () => {
    const backwards = await addRange(tokens.admin, { from: '2031-01-28', to: '2031-01-22', kind: 'holiday', name: '春节' }).expect(400);
    expect(Object.keys(backwards.body.errors)).toEqual(['to']);
    const tooLong = await addRange(tokens.admin, { from: '2031-01-01', to: '2031-02-01', kind: 'holiday', name: '春节' }).expect(400);
    expect(Object.keys(tooLong.body.errors)).toEqual(['to']);
    const workdays = await addRange(tokens.admin, { from: '2031-01-17', to: '2031-01-18', kind: 'workday', name: '调休' }).expect(400);
    expect(workdays.body.message).toContain('2031-01-17');
    await addRange(tokens.staff, { from: '2031-01-22', to: '2031-01-28', kind: 'holiday', name: '春节' }).expect(403);

    const res = await addRange(tokens.admin, { from: '2031-01-22', to: '2031-01-28', kind: 'holiday', name: '春节' }).expect(201);
    expect(res.body.days.map((d: { day: string }) => d.day)).toEqual(['2031-01-22', '2031-01-23', '2031-01-24', '2031-01-25', '2031-01-26', '2031-01-27', '2031-01-28']);
    expect(await auditEntries(t, { entityType: 'calendar_day', action: 'calendarDay.create', entityId: '2031-01-25' })).toHaveLength(1);
    // Tuesday 2031-01-21 + 1 working day: the whole break is skipped.
    expect(await calendar().addWorkingDays('2031-01-21', 1)).toBe('2031-01-29');

    // Overlapping an existing break: nothing is added.
    const overlap = await addRange(tokens.admin, { from: '2031-01-28', to: '2031-01-30', kind: 'holiday', name: '春节' }).expect(409);
    expect(overlap.body.message).toContain('2031-01-28');
    expect(await listed('2031-01-29')).toBeNull();
  });

  it('an admin changes and removes a day; the audit log keeps what it was', async () => {
    await addDay(tokens.admin, { day: '2032-05-03', kind: 'holiday', name: '劳动节' }).expect(201);
    await api().patch('/api/v1/calendar/days/2032-05-03').set(bearer(tokens.staff)).send({ kind: 'holiday', name: 'x' }).expect(403);
    const bad = await api().patch('/api/v1/calendar/days/2032-05-03').set(bearer(tokens.admin)).send({ kind: 'workday', name: '劳动节' }).expect(400);
    expect(Object.keys(bad.body.errors)).toEqual(['kind']);
    await api().patch('/api/v1/calendar/days/2032-05-04').set(bearer(tokens.admin)).send({ kind: 'holiday', name: 'x' }).expect(404);
    await api().patch('/api/v1/calendar/days/not-a-day').set(bearer(tokens.admin)).send({ kind: 'holiday', name: 'x' }).expect(404);

    const changed = await api().patch('/api/v1/calendar/days/2032-05-03').set(bearer(tokens.admin)).send({ kind: 'holiday', name: '劳动节假期' }).expect(200);
    expect(changed.body).toMatchObject({ day: '2032-05-03', name: '劳动节假期' });
    const [update] = await auditEntries(t, { entityType: 'calendar_day', entityId: '2032-05-03', action: 'calendarDay.update' });
    expect(JSON.parse(update.before!)).toMatchObject({ name: '劳动节' });
    expect(JSON.parse(update.after!)).toMatchObject({ name: '劳动节假期' });

    await api().post('/api/v1/calendar/days/2032-05-03/delete').set(bearer(tokens.staff)).expect(403);
    expect(await calendar().isWorkingDay('2032-05-03')).toBe(false);
    const removed = await api().post('/api/v1/calendar/days/2032-05-03/delete').set(bearer(tokens.admin)).expect(200);
    expect(removed.body).toEqual({ removed: '2032-05-03' });
    expect(await listed('2032-05-03')).toBeNull();
    expect(await calendar().isWorkingDay('2032-05-03')).toBe(true);
    const [removal] = await auditEntries(t, { entityType: 'calendar_day', entityId: '2032-05-03', action: 'calendarDay.remove' });
    expect(JSON.parse(removal.before!)).toEqual({ day: '2032-05-03', kind: 'holiday', name: '劳动节假期' });
    await api().post('/api/v1/calendar/days/2032-05-03/delete').set(bearer(tokens.admin)).expect(404);
  });

  it('the page: readers see the year, admins edit it by form, a missing year is flagged', async () => {
    const page = await staff.browser.agent.get('/admin/calendar?year=2026').expect(200);
    expect(page.text).toContain('data-calendar-day="2026-10-01"');
    expect(page.text).not.toContain('action="/admin/calendar/range"');
    expect(page.text).not.toContain('/admin/calendar/2026-10-01/edit');
    const missing = yearsMissing(today, [2026, 2030, 2031, 2032].filter((y) => y >= Number(today.slice(0, 4))));
    for (const y of missing) expect(page.text).toContain(`data-calendar-missing="${y}"`);
    if (missing.length) expect(page.text).toContain(`${missing[0]} 年的节假日尚未录入`);
    await staff.browser.agent.get('/admin/calendar?year=abc').expect(400);

    const officer = await loginAs(t, 'tenant_officer', { tenantId: (await createTenant(t)).id });
    await officer.browser.agent.get('/admin/calendar').expect(403);
    await t.http().get('/admin/calendar').expect(303);
    await postForm(staff.browser, '/admin/calendar', { day: '2033-10-03', kind: 'holiday', name: '国庆节' }).expect(403);

    const adminPage = await admin.browser.agent.get('/admin/calendar?year=2026').expect(200);
    expect(adminPage.text).toContain('action="/admin/calendar/range"');
    expect(adminPage.text).toContain('/admin/calendar/2026-10-01/edit');

    // A form error shows beside the field, with the input kept.
    const wrong = await postForm(admin.browser, '/admin/calendar', { day: '2033-10-04', kind: 'workday', name: '调休' }).expect(400);
    expect(fieldError(wrong.text, 'day')).not.toBeNull();
    expect(formError(wrong.text)).toContain('周六或周日');
    expect(await listed('2033-10-04')).toBeNull();

    await postForm(admin.browser, '/admin/calendar', { day: '2033-10-03', kind: 'holiday', name: '国庆节' }).expect(303).expect('Location', '/admin/calendar?year=2033');
    expect((await listed('2033-10-03'))!.name).toBe('国庆节');

    const range = await postForm(admin.browser, '/admin/calendar/range', { from: '2033-10-07', to: '2033-10-05', kind: 'holiday', name: '国庆节' }).expect(400);
    expect(fieldError(range.text, 'to')).not.toBeNull();
    await postForm(admin.browser, '/admin/calendar/range', { from: '2033-10-04', to: '2033-10-07', kind: 'holiday', name: '国庆节' }).expect(303);
    const year = await admin.browser.agent.get('/admin/calendar?year=2033').expect(200);
    for (const d of ['2033-10-03', '2033-10-04', '2033-10-05', '2033-10-06', '2033-10-07']) expect(year.text).toContain(`data-calendar-day="${d}"`);
    expect(year.text).toContain('已录入 4 天');

    const edit = await admin.browser.agent.get('/admin/calendar/2033-10-07/edit').expect(200);
    expect(edit.text).toContain('国庆节');
    await staff.browser.agent.get('/admin/calendar/2033-10-07/edit').expect(403);
    await admin.browser.agent.get('/admin/calendar/2033-10-08/edit').expect(404);
    const badEdit = await postForm(admin.browser, '/admin/calendar/2033-10-07', { kind: 'holiday', name: '' }).expect(400);
    expect(fieldError(badEdit.text, 'name')).not.toBeNull();
    await postForm(admin.browser, '/admin/calendar/2033-10-07', { kind: 'holiday', name: '国庆节（补）' }).expect(303);
    expect((await listed('2033-10-07'))!.name).toBe('国庆节（补）');

    await postForm(staff.browser, '/admin/calendar/2033-10-07/delete').expect(403);
    await postForm(admin.browser, '/admin/calendar/2033-10-07/delete').expect(303);
    expect(await listed('2033-10-07')).toBeNull();
    await postForm(admin.browser, '/admin/calendar/2033-10-07/delete').expect(404);

    // The audit log names the day and links its year.
    const log = await admin.browser.agent.get('/admin/audit?entityType=calendar_day').expect(200);
    expect(log.text).toContain('/admin/calendar?year&#x3D;2033');
    expect(log.text).toContain('2033-10-03 国庆节（节假日）');

    // In English too.
    const en = await staff.browser.agent.get('/admin/calendar?year=2026&lang=en').expect(200);
    expect(en.text).toContain('Working calendar 2026');
    expect(en.text).toContain('Holiday (day off)');
    await staff.browser.agent.get('/admin/calendar?lang=zh-CN').expect(200);
  });

  it('the score month\'s objection window counts the park\'s holidays and 调休 weekends', async () => {
    // 5 working days from Wednesday 2026-09-30 with the National Day break (10-01..07 off, Saturday 10-10 worked):
    // 10-08, 10-09, 10-10, 10-12, 10-13 — without the calendar it would close on 10-07.
    const { monthId } = await t.get(MonthRunService).run('2026-09', { objectionFrom: '2026-09-30' });
    const month = await t.dataSource.getRepository(ScoreMonthEntity).findOneByOrFail({ id: monthId });
    expect(month.objectionClosesOn).toBe('2026-10-13');
  });
});
