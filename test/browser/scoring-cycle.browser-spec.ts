/*
 * Issue 12's monthly cycle in Chromium, through the pages only, on the demo park: staff review the
 * month in review (distribution, the disputed tenant); the officer objects to an item of its draft
 * with evidence, on a phone; staff answer every objection; the regulator countersigns; once the
 * objection window has passed, staff publish, and the officer reads the published result.
 */
import { jest } from '@jest/globals';
import { seedDemoScores } from '../../src/demo/demo-scores.js';
import { monthOf } from '../../src/scoring/domain/month-cycle.rules.js';
import { ScoreMonthEntity } from '../../src/scoring/entities/score-month.entity.js';
import { describeInBrowser, loginAs, openPage, overflow, PHONE, startPortal, type Portal } from './browser-support.js';

jest.setTimeout(240_000);

const PDF = Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n');
const parkToday = () => new Date().toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' });
const parkYesterday = () => new Date(Date.now() - 86_400_000).toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' });

describeInBrowser('monthly cycle journey', () => {
  let portal: Portal;
  const month = monthOf(parkToday());

  beforeAll(async () => {
    portal = await startPortal({ PARK_TIMEZONE: 'Asia/Shanghai' });
    // The demo seed publishes three months and leaves this one in review (idempotent if already seeded).
    await seedDemoScores(portal.t.app);
  });

  afterAll(async () => {
    await portal?.close();
  });

  it('staff review → officer objection → staff answer → regulator countersign → staff publish', async () => {
    // Staff open the month from the menu and see its distribution and the disputed tenant.
    const staff = await openPage(portal);
    await loginAs(staff.page, 'park_staff');
    await staff.page.goto('/scores');
    await Promise.all([staff.page.waitForURL(`**/scores/${month}`), staff.page.locator(`tr[data-month="${month}"] a[href="/scores/${month}"]`).click()]);
    expect(await staff.page.locator('table[data-distribution]').count()).toBe(1);
    expect(await staff.page.locator('[data-status]').first().getAttribute('data-status')).toBe('draft');
    expect(await staff.page.locator('[data-disputed]').count()).toBeGreaterThanOrEqual(1);

    // The officer, on a phone, objects to one item of its draft with a PDF.
    const officer = await openPage(portal, PHONE);
    await loginAs(officer.page, 'tenant_officer');
    const tenantId = await officer.page.evaluate<string>(`document.querySelector('a[href^="/tenants/"][href$="/score"]').getAttribute('href').split('/')[2]`);
    const draftPath = `/scores/${month}/tenants/${tenantId}`;
    await officer.page.goto(draftPath);
    const form = officer.page.locator(`form[action="${draftPath}/objections"]`);
    const options = await form.locator('select[name="contribution"] option').count();
    if (options > 1) await form.locator('select[name="contribution"]').selectOption({ index: 1 });
    await form.locator('textarea[name="reason"]').fill('该项记录已于本月撤销，附撤销决定书。');
    await form.locator('input[name="files"]').setInputFiles({ name: '撤销决定书.pdf', mimeType: 'application/pdf', buffer: PDF });
    await Promise.all([officer.page.waitForURL(`**${draftPath}`), form.locator('button[type="submit"]').click()]);
    expect(await officer.page.locator('[data-objection][data-status="open"]').count()).toBe(2);
    expect((await overflow(officer.page)).scrollWidth).toBeLessThanOrEqual(PHONE.width + 1);

    // Staff follow the objections queue to the tenant and answer each objection.
    await staff.page.goto(`/scores/${month}`);
    await Promise.all([staff.page.waitForURL(`**${draftPath}**`), staff.page.locator(`#objections a[href^="${draftPath}"]`).first().click()]);
    for (let i = 0; i < 2; i++) {
      const open = staff.page.locator('[data-objection][data-status="open"]').first();
      const answer = i === 0 ? 'unchanged' : 'rejected';
      await open.locator(`input[name="answer"][value="${answer}"]`).check();
      await open.locator('textarea[name="reason"]').fill(i === 0 ? '经核实，该记录在本月末仍有效，评分不变。' : '所附材料与该项无关，不予采纳。');
      await Promise.all([staff.page.waitForURL(`**${draftPath}`), open.locator('button[type="submit"]').click()]);
    }
    expect(await staff.page.locator('[data-objection][data-status="open"]').count()).toBe(0);

    // The regulator countersigns from the month's page.
    const regulator = await openPage(portal);
    await loginAs(regulator.page, 'regulator');
    await regulator.page.goto(`/scores/${month}`);
    await regulator.page.locator('textarea[name="note"]').fill('已核对等级分布与异议答复。');
    await Promise.all([regulator.page.waitForURL(`**/scores/${month}`), regulator.page.locator(`form[action="/scores/${month}/countersign"] button`).click()]);
    expect(await regulator.page.locator('[data-status]').first().getAttribute('data-status')).toBe('countersigned');

    // Publication waits for the window; once it has passed, staff publish.
    await staff.page.goto(`/scores/${month}`);
    expect(await staff.page.locator('[data-missing-item="objectionWindow"]').count()).toBe(1);
    await portal.t.dataSource.getRepository(ScoreMonthEntity).update({ month }, { objectionClosesOn: parkYesterday() });
    await staff.page.goto(`/scores/${month}`);
    await Promise.all([staff.page.waitForURL(`**/scores/${month}`), staff.page.locator(`form[action="/scores/${month}/publish"] button`).click()]);
    expect(await staff.page.locator('[data-status]').first().getAttribute('data-status')).toBe('published');

    // The officer reads the published result with its percentile.
    await officer.page.goto(draftPath);
    expect(await officer.page.locator('[data-percentile]').count()).toBe(1);
    expect([...staff.problems.errors, ...officer.problems.errors, ...regulator.problems.errors]).toEqual([]);
    await Promise.all([staff.context.close(), officer.context.close(), regulator.context.close()]);
  });
});
