/*
 * The public disclosure pages on a 390 px phone in Chromium, without logging in: the red and black
 * lists (with long names and legal bases, more than a page of them), the search and the pager used
 * as a reader would (no script), the inspections and scheme pages, in Chinese and English. They
 * answer, log no console error, are no wider than the screen, and show each entry's fields labelled.
 */
import { jest } from '@jest/globals';
import type { Page } from 'playwright-core';
import { I18nService } from '../../src/i18n/i18n.service.js';
import type { ListKind } from '../../src/lists/domain/list-kinds.js';
import { ListEntryEntity } from '../../src/lists/entities/list-entry.entity.js';
import { ListRuleEntity } from '../../src/lists/entities/list-rule.entity.js';
import { createTenant, createUser } from '../support/test-app.js';
import { describeInBrowser, openPage, overflow, PHONE, startPortal, type Portal } from './browser-support.js';

jest.setTimeout(180_000);

const RED_COUNT = 23;

async function fits(page: Page, path: string, report: string[]): Promise<void> {
  const res = await page.goto(path);
  if ((res?.status() ?? 0) >= 400) report.push(`${path} answered ${res?.status()}`);
  const o = await overflow(page);
  if (o.scrollWidth > o.viewport) report.push(`${path} is ${o.scrollWidth}px wide: ${o.widest.join(', ')}`);
}

describeInBrowser('public disclosure pages on a phone', () => {
  let portal: Portal;
  const stamp = Date.now();
  let firstRed = '';
  let blackName = '';
  let blackUscc = '';
  /** Red entries in force, the demo park's included (the portal runs with the demo seed). */
  let redTotal = 0;

  beforeAll(async () => {
    portal = await startPortal();
    const t = portal.t;
    const today = t.get(I18nService).today();
    const day = (n: number) => new Date(Date.parse(`${today}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
    const staff = await createUser(t, 'park_staff');
    const rules = Object.fromEntries((await t.dataSource.getRepository(ListRuleEntity).find()).map((r) => [r.list, r.id])) as Record<ListKind, number>;
    const rows: Partial<ListEntryEntity>[] = [];
    const add = (tenantId: number, list: ListKind, startsOn: string, legalBasis: string) => rows.push({
      tenantId, list, status: 'active', criterion: 'other', reasons: '内部理由', legalBasis, records: [], listRuleId: rules[list], proposedById: staff.id,
      proposedAt: new Date(), decidedById: staff.id, decidedAt: new Date(), startsOn, plannedEndOn: day(300), createdAt: new Date(), updatedAt: new Date(),
    });
    for (let i = 0; i < RED_COUNT; i++) {
      const tenant = await createTenant(t, { name: `深圳市前海深港现代服务业合作区诚信示范科技发展股份有限公司第${i}分公司${stamp}` });
      add(tenant.id, 'red', day(-i), '《园区管理公约》诚信主体评定办法；年度自律评分结果（2025 年度），园区管理委员会第十二次会议提名，市场监督管理局批准');
      if (i === 0) firstRed = tenant.name;
    }
    const black = await createTenant(t, { name: `公示黑名单企业${stamp}有限公司` });
    blackName = black.name;
    blackUscc = black.uscc;
    add(black.id, 'black', day(-30), '《市场监督管理严重违法失信名单管理办法》第二条、第十条');
    await t.dataSource.getRepository(ListEntryEntity).save(rows as ListEntryEntity[]);
    redTotal = (await t.http().get('/api/v1/public/lists/red').expect(200)).body.total as number;
    expect(redTotal).toBeGreaterThanOrEqual(RED_COUNT);
    expect(redTotal).toBeLessThan(40);
  });

  afterAll(async () => {
    await portal?.close();
  });

  it('every public page fits 390 px without console errors, in Chinese and in English', async () => {
    const { page, problems, context } = await openPage(portal, PHONE);
    const report: string[] = [];
    for (const lang of ['zh-CN', 'en']) {
      for (const path of ['/public', '/public/lists/red', '/public/lists/red?page=2', '/public/lists/black', '/public/inspections', '/public/scheme']) {
        await fits(page, `${path}${path.includes('?') ? '&' : '?'}lang=${lang}`, report);
      }
    }
    await context.close();
    expect([...report, ...problems.errors]).toEqual([]);
  });

  it('a reader on a phone finds the lists from the footer, searches and pages through without logging in', async () => {
    const { page, problems, context } = await openPage(portal, PHONE);
    await page.goto('/public/lists/black?lang=zh-CN');
    await page.goto('/');
    // Anonymous: the home page sends to the login page; the footer links to the public pages.
    await page.locator('footer a[href="/public"]').click();
    await page.waitForURL((url) => url.pathname === '/public');
    await page.locator('a.tile[href="/public/lists/red"]').click();
    await page.waitForURL((url) => url.pathname === '/public/lists/red');
    const rows = page.locator('#public-list tr.public-entry');
    expect(await rows.count()).toBe(20);
    // The newest first; each cell carries its label on a phone (the table stacks as cards).
    const first = rows.first();
    expect((await first.locator('td').first().textContent())?.trim()).toBe(firstRed);
    expect(await first.locator('td').evaluateAll((tds) => tds.map((td) => td.getAttribute('data-label')))).toEqual(['企业名称', '统一社会信用代码', '名单', '列入依据', '列入日期', '届满日期']);
    const box = await first.boundingBox();
    expect(box!.width).toBeLessThanOrEqual(PHONE.width);
    await page.locator('nav.pager a[rel="next"]').click();
    await page.waitForURL((url) => url.searchParams.get('page') === '2');
    expect(await page.locator('#public-list tr.public-entry').count()).toBe(redTotal - 20);
    // Search the black list by USCC with the form.
    await page.goto('/public/lists/black');
    await page.locator('input[name="q"]').fill(blackUscc);
    await Promise.all([page.waitForURL((url) => url.searchParams.get('q') === blackUscc), page.locator('form[role="search"] button[type="submit"]').click()]);
    expect(await page.locator('#public-list tr.public-entry td').first().textContent()).toBe(blackName);
    await page.locator('input[name="q"]').fill('没有这家企业');
    await Promise.all([page.waitForURL((url) => url.searchParams.get('q') === '没有这家企业'), page.locator('form[role="search"] button[type="submit"]').click()]);
    expect(await page.locator('#public-list tr.public-entry').count()).toBe(0);
    expect(await page.locator('#public-list').textContent()).toContain('没有符合搜索条件的主体。');
    // English through the language switch.
    await page.goto('/public/lists/black');
    await page.locator('.lang a[lang="en"]').click();
    await page.waitForURL((url) => url.pathname === '/public/lists/black');
    expect(await page.locator('h1').textContent()).toBe('Black list (seriously untrustworthy tenants)');
    const o = await overflow(page);
    await context.close();
    expect(o.scrollWidth).toBeLessThanOrEqual(o.viewport);
    expect(problems.errors).toEqual([]);
  });
});
