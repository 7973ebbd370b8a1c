/*
 * The findings pages a navigation link does not reach (the form, a finding, annual reports), on a
 * 390 px phone in Chromium, as the demo regulator and the demo officer: they answer, log no console
 * error and are no wider than the screen.
 */
import { jest } from '@jest/globals';
import type { Page } from 'playwright-core';
import type { Role } from '../../src/accounts/domain/roles.js';
import { describeInBrowser, loginAs, openPage, overflow, PHONE, startPortal, type Portal } from './browser-support.js';

jest.setTimeout(180_000);

async function findingLinks(page: Page): Promise<string[]> {
  await page.goto('/findings');
  const hrefs = await page.$$eval('tr.finding a[href^="/findings/"]', (as) => as.map((a) => a.getAttribute('href') ?? ''));
  return [...new Set(hrefs.filter((h) => /^\/findings\/\d+$/.test(h)))];
}

describeInBrowser('findings pages on a phone', () => {
  let portal: Portal;

  beforeAll(async () => {
    portal = await startPortal();
  });

  afterAll(async () => {
    await portal?.close();
  });

  it.each<[Role, string[]]>([
    ['regulator', ['/findings/new', '/findings/annual-reports', '/findings?status=overdue']],
    ['tenant_officer', ['/findings/annual-reports']],
  ])('the %s’s findings pages fit 390 px without console errors', async (role, extra) => {
    const { page, problems, context } = await openPage(portal, PHONE);
    await loginAs(page, role);
    const findings = await findingLinks(page);
    expect(findings.length).toBeGreaterThan(0);
    const report: string[] = [];
    for (const path of [...extra, ...findings]) {
      const res = await page.goto(path);
      if ((res?.status() ?? 0) >= 400) report.push(`${path} answered ${res?.status()}`);
      const o = await overflow(page);
      if (o.scrollWidth > o.viewport) report.push(`${path} is ${o.scrollWidth}px wide: ${o.widest.join(', ')}`);
    }
    await context.close();
    expect([...report, ...problems.errors]).toEqual([]);
  });
});
