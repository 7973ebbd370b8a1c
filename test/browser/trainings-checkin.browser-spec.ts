/*
 * Check-in in Chromium: staff open the projector display, an officer on a 390 px phone types the code the display
 * shows and sees the success; the phone pages fit the screen.
 */
import { jest } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { UserEntity } from '../../src/accounts/entities/user.entity.js';
import { TrainingAttendanceEntity } from '../../src/trainings/entities/training-attendance.entity.js';
import { TrainingInvitationEntity } from '../../src/trainings/entities/training-invitation.entity.js';
import { TrainingSessionEntity } from '../../src/trainings/entities/training-session.entity.js';
import { demoAccount, describeInBrowser, DESKTOP, loginAs, openPage, overflow, PHONE, startPortal, type Portal } from './browser-support.js';

jest.setTimeout(180_000);

describeInBrowser('training check-in in Chromium', () => {
  let portal: Portal;

  beforeAll(async () => {
    portal = await startPortal();
  });

  afterAll(async () => {
    await portal?.close();
  });

  it('the officer types the code from the display on a phone and is checked in', async () => {
    const ds = portal.t.dataSource;
    const officer = await ds.getRepository(UserEntity).findOneByOrFail({ email: demoAccount('tenant_officer').email });
    const staffUser = await ds.getRepository(UserEntity).findOneByOrFail({ email: demoAccount('park_staff').email });
    const startsAt = new Date(Date.now() - 5 * 60_000);
    const session = await ds.getRepository(TrainingSessionEntity).save(ds.getRepository(TrainingSessionEntity).create({
      seriesId: null, title: '安全生产法宣讲（签到测试）', kind: 'law_lecture', hostDepartmentId: null, hostTenantId: null, speaker: '李老师', speakerTenantId: null,
      startsAt, endsAt: new Date(startsAt.getTime() + 90 * 60_000), location: '园区报告厅', capacity: null, audience: 'tenants', audienceFilter: null,
      status: 'scheduled', cancelReason: null, checkinSecret: randomBytes(20).toString('hex'), absencesMarkedAt: null, createdBy: staffUser.id,
    }));
    await ds.getRepository(TrainingInvitationEntity).insert({ sessionId: session.id, tenantId: officer.tenantId! });

    const staff = await openPage(portal, DESKTOP);
    await loginAs(staff.page, 'park_staff');
    await staff.page.goto(`/trainings/${session.id}/checkin-display`);
    await staff.page.locator('.checkin-qr svg').waitFor();
    const code = (await staff.page.locator('[data-testid="checkin-code"]').innerText()).replace(/\s/g, '');
    expect(code).toMatch(/^\d{6}$/);

    const phone = await openPage(portal, PHONE);
    await loginAs(phone.page, 'tenant_officer');
    await phone.page.goto('/trainings/my');
    expect(await phone.page.locator('main').innerText()).toContain(session.title);
    let o = await overflow(phone.page);
    expect(o.scrollWidth <= o.viewport ? [] : o.widest).toEqual([]);

    await phone.page.goto(`/trainings/checkin?session=${session.id}`);
    o = await overflow(phone.page);
    expect(o.scrollWidth <= o.viewport ? [] : o.widest).toEqual([]);
    await phone.page.locator('input[name="code"]').fill(code);
    await phone.page.locator('main form button.primary').click();
    await phone.page.locator('.flash-success').waitFor();
    expect(await phone.page.locator('.flash-success').innerText()).toContain('签到成功');
    expect(await ds.getRepository(TrainingAttendanceEntity).findOneBy({ sessionId: session.id, tenantId: officer.tenantId! })).toMatchObject({ mark: 'present', source: 'code' });

    // The display counts the arrival after its next refresh (a reload here).
    await staff.page.reload();
    expect(await staff.page.locator('.checkin-count').innerText()).toContain('1');

    await staff.context.close();
    await phone.context.close();
    expect([...staff.problems.errors, ...phone.problems.errors]).toEqual([]);
  });
});
