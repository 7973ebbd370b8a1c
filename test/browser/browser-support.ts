/*
 * The browser suite's harness: the real portal on SQLite with the demo park, listening on a free
 * port, and Debian's Chromium driven by playwright-core.
 *
 * `npm test` runs these suites when Chromium is present (CHROMIUM_PATH, else /usr/bin/chromium) and
 * skips them otherwise; with BROWSER_TESTS=required (what `.ci/run` sets) a missing Chromium fails.
 */
import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { DEMO_ACCOUNTS } from '../../src/demo/demo-data.js';
import type { Role } from '../../src/accounts/domain/roles.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const chromiumPresent = existsSync(CHROMIUM_PATH);

if (!chromiumPresent && process.env.BROWSER_TESTS === 'required') {
  throw new Error(`BROWSER_TESTS=required but there is no Chromium at ${CHROMIUM_PATH} (apt-get install -y chromium)`);
}

/** `describe` when Chromium is here, `describe.skip` otherwise (see the file comment). */
export const describeInBrowser: jest.Describe = chromiumPresent ? describe : describe.skip;

/** A phone: the width the officer pages must fit without sideways scrolling. */
export const PHONE = { width: 390, height: 844 };
export const DESKTOP = { width: 1280, height: 860 };

export interface Portal {
  t: TestApp;
  baseUrl: string;
  browser: Browser;
  close(): Promise<void>;
}

const LAUNCH_ARGS = [
  '--no-sandbox', '--headless=new', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
  '--disable-sync', '--no-first-run', '--disable-quic', '--disable-dev-shm-usage',
];

/** The portal with its demo park (the README's accounts), and a Chromium to look at it with. */
export async function startPortal(env: Record<string, string> = {}): Promise<Portal> {
  const t = await createTestApp({ DEMO_SEED: 'true', ...env });
  const { port } = t.app.getHttpServer().address() as AddressInfo;
  const baseUrl = `http://127.0.0.1:${port}`;
  let browser: Browser;
  try {
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: LAUNCH_ARGS });
  } catch (err) {
    await t.close();
    throw err;
  }
  return {
    t,
    baseUrl,
    browser,
    close: async () => {
      await browser.close();
      await t.close();
    },
  };
}

/** What went wrong on a page while a test used it: console errors, uncaught exceptions, failed responses. */
export interface PageProblems {
  errors: string[];
}

export interface OpenPage {
  context: BrowserContext;
  page: Page;
  problems: PageProblems;
}

/** A fresh browser profile (own cookies) at the given viewport, recording console errors and page errors. */
export async function openPage(portal: Portal, viewport = DESKTOP): Promise<OpenPage> {
  const context = await portal.browser.newContext({ baseURL: portal.baseUrl, viewport, locale: 'zh-CN' });
  const page = await context.newPage();
  const problems: PageProblems = { errors: [] };
  page.on('console', (msg) => {
    if (msg.type() === 'error') problems.errors.push(`console: ${msg.text()} (${page.url()})`);
  });
  page.on('pageerror', (err) => problems.errors.push(`pageerror: ${err.message} (${page.url()})`));
  page.on('response', (res) => {
    if (res.status() >= 500) problems.errors.push(`HTTP ${res.status()} ${res.url()}`);
  });
  return { context, page, problems };
}

export function demoAccount(role: Role) {
  const account = DEMO_ACCOUNTS.find((a) => a.role === role);
  if (!account) throw new Error(`no demo account for ${role}`);
  return account;
}

/** Logs in through the login form as the demo account of a role and waits for the home page. */
export async function loginAs(page: Page, role: Role): Promise<void> {
  const account = demoAccount(role);
  await page.goto('/login');
  await page.locator('input[name="email"]').fill(account.email);
  await page.locator('input[name="password"]').fill(account.password);
  await Promise.all([page.waitForURL((url) => !url.pathname.startsWith('/login')), page.locator('form button[type="submit"]').first().click()]);
}

/** How far the page reaches sideways: the document's scroll width against the viewport's. */
export async function overflow(page: Page): Promise<{ scrollWidth: number; viewport: number; widest: string[] }> {
  // A string, so the project's type check (no DOM library) does not see browser globals.
  return page.evaluate(`(() => {
    const viewport = document.documentElement.clientWidth;
    const widest = [];
    for (const el of document.querySelectorAll('body *')) {
      const r = el.getBoundingClientRect();
      if (r.right > viewport + 1 && r.width > 0 && getComputedStyle(el).position !== 'fixed') {
        const cls = typeof el.className === 'string' && el.className.trim() ? '.' + el.className.trim().split(/\\s+/).join('.') : '';
        widest.push(el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + cls + ' → ' + Math.round(r.right) + 'px');
      }
      if (widest.length >= 5) break;
    }
    return { scrollWidth: document.documentElement.scrollWidth, viewport, widest };
  })()`);
}

/** The same-origin pages the header and footer link to, in order, without duplicates. */
export async function navigationLinks(page: Page): Promise<string[]> {
  const hrefs = await page.evaluate<string[]>(`Array.from(document.querySelectorAll('header a[href], footer a[href]'), (a) => a.href)`);
  const origin = new URL(page.url()).origin;
  const seen = new Set<string>();
  for (const href of hrefs) {
    const url = new URL(href);
    if (url.origin !== origin || url.pathname.startsWith('/locale/')) continue;
    seen.add(url.pathname + url.search);
  }
  return [...seen];
}
