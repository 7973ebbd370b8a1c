/*
 * Issue 11's main journeys in Chromium, through the pages only, on the demo park:
 *  - the evaluator lands on their work queue, follows an engagement due to the form, submits an
 *    evaluation with its PDF report; staff find it on their home page and accept it;
 *  - the officer submits rectification evidence for the finding the market regulator recorded; the
 *    regulator finds it on their home page and verifies it; the officer's hub then shows it verified.
 */
import { jest } from '@jest/globals';
import { describeInBrowser, loginAs, openPage, PHONE, startPortal, type Portal } from './browser-support.js';

jest.setTimeout(240_000);

/** A one-page PDF: what the report field's content check accepts. */
const PDF = Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n');

function plusYear(day: string): string {
  const [y, m, d] = day.split('-').map(Number);
  return `${y + 1}-${String(m).padStart(2, '0')}-${String(Math.min(d, 28)).padStart(2, '0')}`;
}

describeInBrowser('evaluations and findings journeys', () => {
  let portal: Portal;

  beforeAll(async () => {
    portal = await startPortal();
  });

  afterAll(async () => {
    await portal?.close();
  });

  it('an evaluator submits from the work queue and staff accept from theirs', async () => {
    const evaluator = await openPage(portal);
    const page = evaluator.page;
    await loginAs(page, 'evaluator');
    const due = page.locator('a[href^="/evaluations/new?engagement="]').first();
    await due.waitFor();
    await Promise.all([page.waitForURL(/\/evaluations\/new\?engagement=\d+/), due.click()]);
    // The engagement's period is filled in; the evaluation is valid for a year after it.
    const periodTo = await page.locator('input[name="periodTo"]').inputValue();
    expect(periodTo).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    for (const input of await page.locator('input[name^="score_"]').all()) await input.fill('88');
    await page.locator('select[name="grade"]').selectOption('A');
    await page.locator('input[name="validUntil"]').fill(plusYear(periodTo));
    await page.locator('textarea[name="summary"]').fill('内控健全，安全生产台账完整。');
    await page.locator('input[name="report"]').setInputFiles({ name: '评价报告.pdf', mimeType: 'application/pdf', buffer: PDF });
    await Promise.all([page.waitForURL(/\/evaluations\/\d+$/), page.locator('form[enctype="multipart/form-data"] button[type="submit"]').click()]);
    const evaluationPath = new URL(page.url()).pathname;
    expect(await page.locator('[data-status]').first().getAttribute('data-status')).toBe('submitted');
    await evaluator.context.close();

    const staff = await openPage(portal);
    await loginAs(staff.page, 'park_staff');
    // The home page's queue names the evaluation awaiting acceptance.
    await staff.page.locator(`a[href="${evaluationPath}"]`).first().click();
    await staff.page.waitForURL(`**${evaluationPath}`);
    await Promise.all([staff.page.waitForURL(`**${evaluationPath}`), staff.page.locator(`form[action="${evaluationPath}/accept"] button`).click()]);
    expect(await staff.page.locator('[data-status]').first().getAttribute('data-status')).toBe('accepted');
    expect(new URL(staff.page.url()).search).toBe('');
    expect([...evaluator.problems.errors, ...staff.problems.errors]).toEqual([]);
    await staff.context.close();
  });

  it('an officer submits rectification evidence on a phone and the regulator verifies it from the work queue', async () => {
    const officer = await openPage(portal, PHONE);
    await loginAs(officer.page, 'tenant_officer');
    // The open rectification of the officer's tenant, from the findings list.
    await officer.page.goto('/findings?status=open');
    const hrefs = await officer.page.$$eval('a[href^="/findings/"]', (as) => as.map((a) => a.getAttribute('href') ?? ''));
    const findingPath = hrefs.find((h) => /^\/findings\/\d+$/.test(h));
    expect(findingPath).toBeDefined();
    await officer.page.goto(`${findingPath}/rectification`);
    await officer.page.locator('textarea[name="statement"]').fill('已更换产品标识并完成自查，附整改照片与说明。');
    await officer.page.locator('input[name="files"]').setInputFiles({ name: '整改说明.pdf', mimeType: 'application/pdf', buffer: PDF });
    await Promise.all([officer.page.waitForURL(`**${findingPath}/rectification`), officer.page.locator('form[enctype="multipart/form-data"] button[type="submit"]').click()]);
    expect(await officer.page.content()).toContain('整改说明.pdf');

    const regulator = await openPage(portal);
    await loginAs(regulator.page, 'regulator');
    // The home queue links the finding awaiting verification.
    expect(await regulator.page.locator(`a[href="${findingPath}/rectification"]`).count()).toBeGreaterThan(0);
    await regulator.page.goto(`${findingPath}/rectification`);
    await regulator.page.locator('input[name="decision"][value="verify"]').check();
    await Promise.all([regulator.page.waitForURL(`**${findingPath}/rectification`), regulator.page.locator('form[action$="/decision"] button[type="submit"]').click()]);
    expect(new URL(regulator.page.url()).search).toBe('');

    await officer.page.goto(findingPath!);
    expect(await officer.page.content()).toMatch(/已核验|已完成/);
    expect([...officer.problems.errors, ...regulator.problems.errors]).toEqual([]);
    await officer.context.close();
    await regulator.context.close();
  });
});
