import { jest } from '@jest/globals';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { TenantEntity } from '../../src/tenants/entities/tenant.entity.js';
import { createTestApp, createUser, login, testDb, testUscc, tokenFor, type TestApp } from '../support/test-app.js';
import {
  billionLaughs, entry, honestSpaces, sharedStringsBomb, sheetXml, spacesBomb, spacesInOneCell, SHEET_PATH, workbookEntries, xlsxOf, zip,
} from '../support/xlsx-files.js';

/**
 * Issue 8, finding 1: a workbook that lies about its size, or is simply huge once unpacked, is refused
 * with a 400 on the `file` field while the process keeps its memory and keeps serving everyone else.
 */
jest.setTimeout(120_000);

const MiB = 1024 * 1024;
const HEADER = ['uscc', 'name', 'legalRepresentative', 'industry', 'building', 'unit', 'movedInAt', 'contactPhone'];
const honestRow = () => [testUscc(), '诚信示范有限公司', '张三', '电子信息', 'B2', '', '2024-03-01', ''];

/** The process's peak resident set since the last reset (Linux), or null where /proc is not there. */
function peakRss(reset = false): number | null {
  try {
    if (reset) writeFileSync('/proc/self/clear_refs', '5');
    const kb = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
    return kb ? Number(kb[1]) * 1024 : null;
  } catch {
    return null;
  }
}

/**
 * Peak heap and RSS above where they were when watching started. The heap is sampled every 10 ms;
 * the RSS peak also comes from the kernel's high-water mark, which sees what a blocked event loop
 * keeps the sampler from seeing.
 */
function memoryWatch() {
  (globalThis as { gc?: () => void }).gc?.();
  const base = process.memoryUsage();
  peakRss(true);
  let heap = base.heapUsed;
  let rss = base.rss;
  const timer = setInterval(() => {
    const now = process.memoryUsage();
    heap = Math.max(heap, now.heapUsed);
    rss = Math.max(rss, now.rss);
  }, 10);
  return {
    stop: () => {
      clearInterval(timer);
      rss = Math.max(rss, peakRss() ?? 0);
      return { heapGrowth: heap - base.heapUsed, rssGrowth: rss - base.rss, heapBase: base.heapUsed, rssBase: base.rss };
    },
  };
}

const mb = (bytes: number) => `${Math.round(bytes / MiB)} MiB`;

/**
 * The file is refused while it is read, before any statement reaches the database, so one run is
 * enough: on SQLite. (The suite is the slowest of all: it inflates gigabytes on purpose.)
 */
const describeOnce = testDb === 'sqlite' ? describe : describe.skip;

describeOnce('import bombs', () => {
  let t: TestApp;
  let token: string;
  let staffEmail: string;

  beforeAll(async () => {
    t = await createTestApp();
    const staff = await createUser(t, 'park_staff');
    staffEmail = staff.email;
    token = await tokenFor(t, staff.id);
  });
  afterAll(async () => {
    await t?.close();
  });

  const dryRun = (file: Buffer, name = 'tenants.xlsx') =>
    t.http().post('/api/v1/tenants/import?dryRun=true').set('Authorization', `Bearer ${token}`).attach('file', file, name);

  it.each<[string, () => Buffer, string]>([
    ['a sheet that declares 1,000 bytes and inflates to 2 GiB of spaces', () => spacesBomb(), 'importUnpackedTooLarge'],
    ['an honest 250 MiB sheet in a 256 KB file', () => honestSpaces(), 'importUnpackedTooLarge'],
    ['one cell of 2 GiB', () => spacesInOneCell(), 'importUnpackedTooLarge'],
    ['a shared-string table of 2 GiB', () => sharedStringsBomb(), 'importUnpackedTooLarge'],
    ['five million empty elements', () => zip(workbookEntries(entry(SHEET_PATH, sheetXml('<x/>'.repeat(5_000_000))))), 'importUnpackedTooLarge'],
    ['a sheet with nested entities (billion laughs)', billionLaughs, 'importMalformed'],
    ['a truncated workbook', () => xlsxOf([HEADER, honestRow()]).subarray(0, 700), 'importMalformed'],
    ['a workbook of 1,001 entries', () => zip([...workbookEntries(entry(SHEET_PATH, sheetXml(''))), ...Array.from({ length: 996 }, (_, i) => entry(`xl/media/image${i}.png`, 'x'))]), 'importMalformed'],
    ['an entry named outside the archive', () => zip([...workbookEntries(entry(SHEET_PATH, sheetXml(''))), entry('../../../tmp/evil.sh', '#!/bin/sh')]), 'importMalformed'],
    ['an entry named with a backslash', () => zip([...workbookEntries(entry(SHEET_PATH, sheetXml(''))), entry('xl\\..\\evil.xml', 'x')]), 'importMalformed'],
    ['the sheet twice under one name', () => zip([...workbookEntries(entry(SHEET_PATH, sheetXml(''))), entry('XL/WORKSHEETS/SHEET1.XML', sheetXml(''))]), 'importMalformed'],
    ['a CSV line of 20,000 cells', () => Buffer.from(`${HEADER.join(',')}\r\n${','.repeat(20_000)}\r\n`), 'importMalformedCsv'],
  ])('refuses %s with a 400 on the file field, writing nothing', async (_, build, code) => {
    const before = await t.dataSource.getRepository(TenantEntity).count();
    const res = await dryRun(build()).expect(400);
    expect(res.body.errors.file).toEqual([expect.objectContaining({ code })]);
    expect(res.body.message).toEqual(res.body.errors.file[0].message);
    expect(res.body.message).not.toMatch(/^validation\./);
    expect(await t.dataSource.getRepository(TenantEntity).count()).toBe(before);
  });

  it('says what the limit is, in the caller\'s language', async () => {
    const res = await t.http().post('/api/v1/tenants/import?dryRun=true&lang=en').set('Authorization', `Bearer ${token}`).attach('file', spacesBomb(), 'bomb.xlsx').expect(400);
    expect(res.body.errors.file[0].message).toContain('128 MB');
    expect(res.body.errors.file[0].message).toContain('Split it');
  });

  it('keeps serving others while four 2 GiB bombs are refused, and keeps its memory', async () => {
    const bomb = spacesBomb();
    const watch = memoryWatch();
    const bombs = Promise.all([1, 2, 3, 4].map(() => dryRun(bomb, 'bomb.xlsx')));
    // Another user's requests while the bombs are being unpacked: a page and an honest import.
    const others = (async () => {
      await new Promise((resolve) => setTimeout(resolve, 50));
      const health = await t.http().get('/health');
      const honest = await dryRun(xlsxOf([HEADER, honestRow()]), 'honest.xlsx');
      return { health, honest };
    })();
    const [refused, { health, honest }] = await Promise.all([bombs, others]);
    const memory = watch.stop();

    for (const res of refused) {
      expect(res.status).toBe(400);
      expect(res.body.errors.file[0].code).toBe('importUnpackedTooLarge');
    }
    expect(health.status).toBe(200);
    expect(honest.status).toBe(200);
    expect(honest.body).toMatchObject({ format: 'xlsx', rows: 1, valid: 1, errors: [] });
    // Unpacked whole, each bomb took 2 GiB of heap (two concurrent ones ran the process out of it).
    console.log(`four concurrent 2 GiB bombs: heap +${mb(memory.heapGrowth)} (from ${mb(memory.heapBase)}), RSS +${mb(memory.rssGrowth)} (from ${mb(memory.rssBase)})`);
    expect(memory.heapGrowth).toBeLessThan(300 * MiB);
    expect(memory.rssGrowth).toBeLessThan(600 * MiB);
  });

  it('reads a CSV of four million empty lines without holding a row for each', async () => {
    const watch = memoryWatch();
    const res = await dryRun(Buffer.alloc(4 * MiB, '\n'), 'empty.csv').expect(400);
    const memory = watch.stop();
    expect(res.body.errors.file[0].code).toBe('importEmpty');
    // Parsed whole into records, the same file took about a gigabyte.
    console.log(`four million empty CSV lines: heap +${mb(memory.heapGrowth)}, RSS +${mb(memory.rssGrowth)}`);
    expect(memory.heapGrowth).toBeLessThan(300 * MiB);
    expect(memory.rssGrowth).toBeLessThan(600 * MiB);
  });

  it('refuses a bomb through the upload page too, with the reason next to the form', async () => {
    const b = await login(t, staffEmail);
    const res = await b.agent.post(`/tenants/import`).field('_csrf', b.csrf).attach('file', spacesBomb(), 'bomb.xlsx').expect(400);
    expect(res.text).toContain('enctype="multipart/form-data"');
    expect(res.text).toContain('工作簿内容过多');
    expect(res.text).toContain('128 MB');
    const dir = join(t.config.dataDir, 'imports');
    expect(existsSync(dir) ? readdirSync(dir) : []).toEqual([]);
  });
});
