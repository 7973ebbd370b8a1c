/*
 * Every page in every role's navigation, in a real browser: it answers, logs no console error and,
 * on a 390 px phone, is no wider than the screen.
 */
import { jest } from '@jest/globals';
import { ROLES, type Role } from '../../src/accounts/domain/roles.js';
import { describeInBrowser, loginAs, navigationLinks, openPage, overflow, PHONE, startPortal, type Portal } from './browser-support.js';

jest.setTimeout(180_000);

describeInBrowser('every role’s navigation in Chromium', () => {
  let portal: Portal;

  beforeAll(async () => {
    portal = await startPortal();
  });

  afterAll(async () => {
    await portal?.close();
  });

  it('the public pages (login, verify, forgot password) fit a phone without console errors', async () => {
    const { page, problems, context } = await openPage(portal, PHONE);
    const report: string[] = [];
    await page.goto('/login');
    for (const path of ['/login', ...(await navigationLinks(page))]) {
      const res = await page.goto(path);
      const status = res?.status() ?? 0;
      if (status >= 400) report.push(`${path} answered ${status}`);
      const o = await overflow(page);
      if (o.scrollWidth > o.viewport) report.push(`${path} is ${o.scrollWidth}px wide: ${o.widest.join(', ')}`);
    }
    await context.close();
    expect([...report, ...problems.errors]).toEqual([]);
  });

  it.each(ROLES.map((r) => [r] as [Role]))('the %s’s pages answer, log no error and fit 390 px', async (role) => {
    const { page, problems, context } = await openPage(portal, PHONE);
    await loginAs(page, role);
    const links = await navigationLinks(page);
    expect(links.length).toBeGreaterThan(2);
    const report: string[] = [];
    for (const path of ['/', ...links]) {
      const res = await page.goto(path);
      const status = res?.status() ?? 0;
      if (status >= 400) report.push(`${path} answered ${status}`);
      const o = await overflow(page);
      if (o.scrollWidth > o.viewport) report.push(`${path} is ${o.scrollWidth}px wide: ${o.widest.join(', ')}`);
    }
    await context.close();
    expect([...report, ...problems.errors]).toEqual([]);
  });
});
