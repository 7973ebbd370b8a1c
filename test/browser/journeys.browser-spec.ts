/*
 * The main journeys, clicked through in Chromium on the demo park, in the order users meet them:
 * staff import and publish, the officer signs on a phone, the public verifies the receipt, a breach
 * goes from record to confirmation, and the regulator reads the signing progress.
 * The tests share one portal and run in order; each builds on the one before.
 */
import { jest } from '@jest/globals';
import { DEMO_TENANTS, demoUscc } from '../../src/demo/demo-data.js';
import { describeInBrowser, loginAs, openPage, overflow, PHONE, startPortal, type OpenPage, type Portal } from './browser-support.js';

jest.setTimeout(120_000);

/** A CSV of new tenants; `bad` gives row 3 an invalid USCC. */
function tenantsCsv(bad: boolean): Buffer {
  const header = 'uscc,name,legalRepresentative,industry,building,unit,movedInAt';
  const rows = [0, 1, 2].map((k) => {
    const uscc = bad && k === 1 ? '91310115MA1G9999XX' : demoUscc(900 + k);
    return `${uscc},浏览器测试企业${k + 1}有限公司,张三,计算机、通信和其他电子设备制造业,A1,10${k + 1},2026-01-0${k + 1}`;
  });
  return Buffer.from([header, ...rows].join('\n') + '\n', 'utf8');
}

/** The page logged no error and is no wider than its viewport (the widest elements say why when it is). */
async function noProblems(open: OpenPage): Promise<void> {
  expect(open.problems.errors).toEqual([]);
  const o = await overflow(open.page);
  const path = new URL(open.page.url()).pathname;
  expect({ path, wider: o.scrollWidth > o.viewport ? o.widest : [] }).toEqual({ path, wider: [] });
}

describeInBrowser('the main journeys in Chromium', () => {
  let portal: Portal;
  let staff: OpenPage;
  let publishedVersionId: number;
  let verificationCode: string;

  beforeAll(async () => {
    portal = await startPortal();
    staff = await openPage(portal);
    await loginAs(staff.page, 'park_staff');
  });

  afterAll(async () => {
    await staff?.context.close();
    await portal?.close();
  });

  it('staff import tenants: a file with one bad row is refused with the row named, the corrected file is previewed and imported', async () => {
    const { page } = staff;
    await page.goto('/tenants/import');
    await page.locator('input[type="file"][name="file"]').setInputFiles({ name: 'tenants.csv', mimeType: 'text/csv', buffer: tenantsCsv(true) });
    await page.locator('form[enctype="multipart/form-data"] button[type="submit"]').click();
    await page.waitForLoadState();
    expect(page.url()).not.toContain('_csrf');
    const errors = page.locator('table.report tbody tr');
    expect(await errors.allTextContents()).toHaveLength(1);
    await expect(errors.first().locator('td').first().textContent()).resolves.toContain('3');

    await page.goto('/tenants/import');
    await page.locator('input[type="file"][name="file"]').setInputFiles({ name: 'tenants.csv', mimeType: 'text/csv', buffer: tenantsCsv(false) });
    await page.locator('form[enctype="multipart/form-data"] button[type="submit"]').click();
    await page.waitForLoadState();
    expect(page.url()).not.toContain('_csrf');
    // The preview lists the rows that will be created before anything is.
    await expect(page.locator('main').textContent()).resolves.toContain('浏览器测试企业3有限公司');
    await page.locator('form[action="/tenants/import/commit"] button[type="submit"]').click();
    await page.waitForLoadState();
    await page.goto('/tenants?q=浏览器测试企业');
    await expect(page.locator('main').textContent()).resolves.toContain('浏览器测试企业2有限公司');
    await noProblems(staff);
  });

  it('staff publish a new version of a convention', async () => {
    const { page } = staff;
    await page.goto('/conventions');
    // A new draft copied from the first convention's published version, saved unchanged, then published.
    await page.locator('form[action$="/versions"] button[type="submit"]').first().click();
    await page.waitForURL(/\/conventions\/versions\/\d+\/edit$/);
    publishedVersionId = Number(/versions\/(\d+)\/edit/.exec(page.url())![1]);
    await page.locator('input[name="title"]').fill('园区企业管理公约（浏览器测试修订）');
    await page.locator('main form button.primary[type="submit"]').click();
    await page.waitForLoadState();
    await page.goto(`/conventions/versions/${publishedVersionId}/publish`);
    await page.locator(`form[action="/conventions/versions/${publishedVersionId}/publish"] button[type="submit"]`).click();
    await page.waitForURL((url) => !url.pathname.endsWith('/publish'));
    await page.goto(`/conventions/versions/${publishedVersionId}`);
    await expect(page.locator('main').textContent()).resolves.toContain('园区企业管理公约（浏览器测试修订）');
    await noProblems(staff);
  });

  it('the officer signs on a phone and opens the receipt', async () => {
    const officer = await openPage(portal, PHONE);
    const { page } = officer;
    await loginAs(page, 'tenant_officer');
    await page.goto('/conventions/my');
    await noProblems(officer);
    await page.locator(`a[href^="/conventions/obligations/"]`).filter({ hasText: /签署/ }).first().click();
    await page.waitForURL(/\/conventions\/obligations\/\d+$/);
    await noProblems(officer);
    await page.locator('input[name="signerName"]').fill('钱坤');
    await page.locator('input[name="signerTitle"]').fill('合规专员');
    await page.locator('input[name="consent"]').check();
    await page.locator('form[action$="/sign"] button[type="submit"]').click();
    await page.waitForURL(/\/conventions\/signatures\/\d+$/);
    const text = (await page.locator('main').textContent()) ?? '';
    verificationCode = /[A-Z0-9]{4}(?:-[A-Z0-9]{4}){2,}/.exec(text)?.[0] ?? '';
    expect(verificationCode).not.toBe('');
    // The raw IP and User-Agent are not shown to the officer.
    expect(text).not.toContain('HeadlessChrome');
    await noProblems(officer);
    const pdf = await page.request.get(`${page.url()}/receipt.pdf`);
    expect(pdf.status()).toBe(200);
    expect(pdf.headers()['content-type']).toContain('application/pdf');
    await officer.context.close();
  });

  it('the public verifies the receipt code', async () => {
    const visitor = await openPage(portal, PHONE);
    const { page } = visitor;
    await page.goto('/login');
    await page.locator('a[href^="/verify"]').first().click();
    await page.locator('input[name="code"]').fill(verificationCode);
    await page.locator('form[action="/verify"] button[type="submit"]').click();
    await page.waitForLoadState();
    await expect(page.locator('main').textContent()).resolves.toContain(DEMO_TENANTS[0].name);
    await noProblems(visitor);
    await visitor.context.close();
  });

  it('staff record a breach, the officer replies on a phone, staff confirm it', async () => {
    const { page } = staff;
    await page.goto(`/tenants?q=${encodeURIComponent(DEMO_TENANTS[0].name.slice(2, 6))}`);
    await page.locator('main a', { hasText: DEMO_TENANTS[0].name }).first().click();
    await page.locator('a[href^="/conventions/breaches/new"]').first().click();
    await page.locator('select[name="clauseId"]').selectOption({ index: 1 });
    await page.locator('input[name="occurredOn"]').fill('2026-11-20');
    const severity = page.locator('select[name="severity"]');
    if (await severity.count()) await severity.selectOption({ index: 1 });
    await page.locator('textarea[name="description"]').fill('消防通道堆放杂物，浏览器测试记录。');
    await page.locator('main form[enctype="multipart/form-data"] button[type="submit"]').click();
    await page.waitForURL(/\/conventions\/breaches\/\d+$/);
    expect(page.url()).not.toContain('_csrf');
    const breachPath = new URL(page.url()).pathname;
    await noProblems(staff);

    const officer = await openPage(portal, PHONE);
    await loginAs(officer.page, 'tenant_officer');
    await officer.page.goto(breachPath);
    await officer.page.locator('textarea[name="text"]').fill('已清理通道并加强巡查。');
    await officer.page.locator('main form[action*="/responses"] button[type="submit"]').click();
    await officer.page.waitForURL((url) => url.pathname === breachPath);
    expect(officer.page.url()).not.toContain('_csrf');
    await expect(officer.page.locator('main').textContent()).resolves.toContain('已清理通道并加强巡查。');
    await noProblems(officer);
    await officer.context.close();

    await page.goto(breachPath);
    const decision = page.locator('form[action$="/decision"]');
    await decision.locator('input[name="decision"][value="confirm"]').check();
    await decision.locator('textarea[name="reason"]').fill('现场复核属实。');
    await decision.locator('button[type="submit"]').click();
    await page.waitForURL((url) => url.pathname === breachPath);
    const confirmed = (await page.locator('main').textContent()) ?? '';
    expect(confirmed).toContain('现场复核属实。');
    expect(confirmed).toContain('已确认');
    await noProblems(staff);
  });

  it('the regulator reads the signing progress', async () => {
    const regulator = await openPage(portal);
    const { page } = regulator;
    await loginAs(page, 'regulator');
    await page.goto('/conventions');
    await page.locator(`a[href="/conventions/versions/${publishedVersionId}/progress"]`).first().click();
    await page.waitForURL(new RegExp(`/conventions/versions/${publishedVersionId}/progress`));
    await noProblems(regulator);
    // The version's 已签署 count leads to the tenants that signed: the officer's, a moment ago.
    await page.goto('/conventions');
    await page.locator(`a[href="/conventions/versions/${publishedVersionId}/progress?state=signed"]`).first().click();
    await page.waitForURL(/state=signed/);
    const signed = page.locator('main table tbody tr');
    expect(await signed.count()).toBe(1);
    await expect(signed.first().textContent()).resolves.toContain(DEMO_TENANTS[0].name);
    await noProblems(regulator);
    await regulator.context.close();
  });
});
