/*
 * Every page in every role's navigation, in a real browser: it answers, logs no console error and,
 * on a 390 px phone, is no wider than the screen.
 */
import { jest } from '@jest/globals';
import { ROLES, type Role } from '../../src/accounts/domain/roles.js';
import type { Page } from 'playwright-core';
import { describeInBrowser, loginAs, navigationLinks, openPage, overflow, PHONE, startPortal, type Portal } from './browser-support.js';

jest.setTimeout(180_000);

/**
 * Linked from every page's footer but served by a library outside the portal's pages, the same for
 * every caller whoever is logged in (Swagger UI, 1.5–2 s a visit): the public pages test opens it,
 * the roles' tests do not open it again.
 */
const SAME_FOR_EVERYONE = ['/api/docs'];

/** Opens each page in turn; says which answered with an error or reached wider than the screen. */
async function visitAll(page: Page, paths: string[]): Promise<string[]> {
  const report: string[] = [];
  for (const path of paths) {
    const res = await page.goto(path);
    const status = res?.status() ?? 0;
    if (status >= 400) report.push(`${path} answered ${status}`);
    const o = await overflow(page);
    if (o.scrollWidth > o.viewport) report.push(`${path} is ${o.scrollWidth}px wide: ${o.widest.join(', ')}`);
  }
  return report;
}

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
    await page.goto('/login');
    const links = await navigationLinks(page);
    expect(links).toEqual(expect.arrayContaining(SAME_FOR_EVERYONE));
    const report = await visitAll(page, ['/login', ...links]);
    await context.close();
    expect([...report, ...problems.errors]).toEqual([]);
  });

  it.each(ROLES.map((r) => [r] as [Role]))('the %s’s pages answer, log no error and fit 390 px', async (role) => {
    const { page, problems, context } = await openPage(portal, PHONE);
    await loginAs(page, role);
    const links = await navigationLinks(page);
    expect(links.length).toBeGreaterThan(2);
    expect(links).toEqual(expect.arrayContaining(SAME_FOR_EVERYONE));
    const report = await visitAll(page, ['/', ...links.filter((link) => !SAME_FOR_EVERYONE.includes(link))]);
    await context.close();
    expect([...report, ...problems.errors]).toEqual([]);
  });
});
