/*
 * The score page as the demo officer sees it in Chromium: reached from the menu, the score and its
 * explanation (every contribution's record linked where it has a page), the what-if form ticked and
 * submitted without JavaScript help, on a desktop and on a 390 px phone, with no console errors; and
 * the score card of the officer's home (their tenant's hub).
 */
import { jest } from '@jest/globals';
import { DESKTOP, describeInBrowser, loginAs, openPage, overflow, PHONE, startPortal, type Portal } from './browser-support.js';

jest.setTimeout(180_000);

describeInBrowser('score page and what-if (officer)', () => {
  let portal: Portal;

  beforeAll(async () => {
    portal = await startPortal();
  });

  afterAll(async () => {
    await portal?.close();
  });

  it.each([['desktop', DESKTOP], ['phone', PHONE]])('on a %s: menu → score → explanation → what-if', async (_name, viewport) => {
    const { page, problems, context } = await openPage(portal, viewport);
    await loginAs(page, 'tenant_officer');

    // The officer's home (their tenant's hub) shows the score card with a link to the page.
    await page.goto('/');
    const home = page.locator('#hub-score');
    await home.waitFor();
    const homeScore = Number(await home.locator('[data-score]').first().textContent());

    // The menu link (on a phone the menu sits behind its toggle, so follow the link's address).
    const href = await page.locator('header a[href$="/score"]').first().getAttribute('href');
    expect(href).toMatch(/^\/tenants\/\d+\/score$/);
    await page.goto(href!);
    const total = Number(await page.locator('#score-summary [data-score]').textContent());
    expect(total).toBe(homeScore);
    const grade = (await page.locator('#score-summary [data-grade]').textContent())?.trim();
    expect(['A', 'B', 'C', 'D', 'M']).toContain(grade);

    // The explanation: the equation ends on the total; every contribution row names its rule and points.
    const equation = (await page.locator('[data-equation]').first().textContent()) ?? '';
    expect(equation.trim().endsWith(String(total))).toBe(true);
    const rows = page.locator('#score-explanation tr.score-contribution');
    expect(await rows.count()).toBeGreaterThan(0);
    const sum = (await rows.evaluateAll((trs) => trs.map((tr) => Number(tr.getAttribute('data-points'))))).reduce((s, p) => s + p, 0);
    expect(Math.max(0, Math.min(100, 60 + sum))).toBe(total);

    // What-if: tick the first option, submit the form, see the hypothetical result; nothing saved.
    const boxes = page.locator('#score-what-if input[type="checkbox"][name="options"]');
    if (await boxes.count()) {
      await boxes.first().check();
      await Promise.all([page.waitForURL(/\/score\/what-if$/), page.locator('#score-what-if button[type="submit"]').click()]);
      await page.locator('#score-what-if-result').waitFor();
      expect(await page.locator('#score-what-if input[type="checkbox"][name="options"]').first().isChecked()).toBe(true);
      const whatIf = Number(await page.locator('[data-what-if-total]').textContent());
      const delta = (await page.locator('[data-what-if-delta]').textContent())?.trim() ?? '';
      expect(delta).toBe(whatIf > total ? `+${whatIf - total}` : whatIf < total ? `\u2212${total - whatIf}` : '0');
      // The live score is what it was.
      await page.goto(href!);
      expect(Number(await page.locator('#score-summary [data-score]').textContent())).toBe(total);
    } else {
      await page.locator('#score-what-if-none').waitFor();
    }

    // A past date: that day's score, no what-if form.
    await page.locator('#f-asOf').fill('2026-06-30');
    await Promise.all([page.waitForURL(/asOf=2026-06-30/), page.locator('#score-as-of button[type="submit"]').click()]);
    expect(await page.locator('#score-what-if').count()).toBe(0);

    const o = await overflow(page);
    await context.close();
    expect(o.scrollWidth <= o.viewport ? [] : [`score page is ${o.scrollWidth}px wide: ${o.widest.join(', ')}`]).toEqual([]);
    expect(problems.errors).toEqual([]);
  });

  it('staff see the score card on the officer’s tenant hub', async () => {
    const { page, problems, context } = await openPage(portal, DESKTOP);
    await loginAs(page, 'tenant_officer');
    const href = await page.locator('header a[href$="/score"]').first().getAttribute('href');
    await context.close();
    const staff = await openPage(portal, DESKTOP);
    await loginAs(staff.page, 'park_staff');
    await staff.page.goto(href!.replace(/\/score$/, ''));
    await staff.page.locator('#hub-score').waitFor();
    await staff.page.locator('#hub-score a[href$="/score"]').click();
    await staff.page.locator('#score-explanation').waitFor();
    await staff.context.close();
    expect([...problems.errors, ...staff.problems.errors]).toEqual([]);
  });
});
