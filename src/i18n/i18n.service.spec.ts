import { loadConfig } from '../config/app-config.js';
import { I18nService, isLocale } from './i18n.service.js';

function service(env: Record<string, string> = {}): I18nService {
  return new I18nService(loadConfig(env));
}

describe('I18nService.t', () => {
  const sut = service();

  it.each<[string | null | undefined, string, Record<string, unknown>, string]>([
    ['zh-CN', 'tenants.created', { name: '星辰微电子' }, '已登记 星辰微电子。'],
    ['en', 'tenants.created', { name: 'Star Micro' }, 'Star Micro registered.'],
    ['en', 'common.showing', { from: 21, to: 25, total: 25 }, '21–25 of 25'],
    ['zh-CN', 'common.showing', { from: 1, to: 20, total: 25 }, '第 1–20 条，共 25 条'],
    ['en', 'validation.usccCheck', { expected: '6', actual: '7' }, 'Wrong check character: GB 32100 expects "6", found "7". If this is a genuine early pilot code, give an override reason.'],
    ['en', 'validation.maxLength', { limit: 0 }, 'At most 0 characters.'],
    // Nested keys.
    ['en', 'tenants.statuses.moved_out', {}, 'Moved out'],
    ['zh-CN', 'audit.reason.head', {}, '链尾与记录不符'],
    // Unknown or missing locale: the configured default.
    [null, 'nav.home', {}, '首页'],
    [undefined, 'nav.home', {}, '首页'],
    ['fr', 'nav.home', {}, '首页'],
    ['EN', 'nav.home', {}, '首页'],
  ])('%s %s %j → %s', (locale, key, params, expected) => {
    expect(sut.t(locale, key, params)).toBe(expected);
  });

  it('returns an unknown key as itself, so it is noticed', () => {
    expect(sut.t('en', 'nope.not.a.key')).toBe('nope.not.a.key');
    expect(sut.t('zh-CN', 'tenants.nope')).toBe('tenants.nope');
  });

  it('returns a subtree key (not a message) as itself', () => {
    expect(sut.t('en', 'tenants.statuses')).toBe('tenants.statuses');
  });

  it('leaves a placeholder whose parameter is missing, null or undefined', () => {
    expect(sut.t('en', 'tenants.created')).toBe('{name} registered.');
    expect(sut.t('en', 'tenants.created', { name: null })).toBe('{name} registered.');
    expect(sut.t('en', 'tenants.created', { name: undefined })).toBe('{name} registered.');
  });

  it('formats falsy but present parameters', () => {
    expect(sut.t('en', 'common.showing', { from: 0, to: 0, total: 0 })).toBe('0–0 of 0');
    expect(sut.t('en', 'tenants.created', { name: '' })).toBe(' registered.');
  });

  it('does not interpret $-patterns or placeholders inside parameter values', () => {
    expect(sut.t('en', 'tenants.created', { name: "$& $1 $' {name}" })).toBe("$& $1 $' {name} registered.");
  });

  it('uses DEFAULT_LOCALE for an unknown locale', () => {
    const en = service({ DEFAULT_LOCALE: 'en' });
    expect(en.defaultLocale).toBe('en');
    expect(en.t(null, 'nav.home')).toBe('Home');
    expect(en.t('de', 'nav.home')).toBe('Home');
    expect(en.t('zh-CN', 'nav.home')).toBe('首页');
  });

  it('has() knows leaf keys only', () => {
    expect(sut.has('errors.title404')).toBe(true);
    expect(sut.has('errors.title418')).toBe(false);
    expect(sut.has('errors')).toBe(false);
  });
});

describe('isLocale', () => {
  it.each<[unknown, boolean]>([
    ['zh-CN', true], ['en', true], ['zh', false], ['zh-cn', false], ['EN', false], ['', false], [null, false], [undefined, false], [['en'], false],
  ])('%j → %s', (value, expected) => {
    expect(isLocale(value)).toBe(expected);
  });
});

describe('I18nService dates in the park time zone', () => {
  const sut = service();

  it.each<[Date | string | null | undefined, string]>([
    // 16:30 UTC on 31 January is half past midnight on 1 February in Shanghai (UTC+8).
    ['2026-01-31T16:30:00Z', '2026-02-01 00:30'],
    ['2026-01-31T16:30:00.000Z', '2026-02-01 00:30'],
    [new Date('2026-01-31T16:30:00Z'), '2026-02-01 00:30'],
    ['2026-01-31T15:59:59Z', '2026-01-31 23:59'],
    ['2026-01-31T16:00:00Z', '2026-02-01 00:00'],
    // Leap day, and the turn of the year.
    ['2028-02-28T16:00:00Z', '2028-02-29 00:00'],
    ['2026-12-31T16:00:00Z', '2027-01-01 00:00'],
    // An explicit offset is honoured.
    ['2026-02-01T00:30:00+08:00', '2026-02-01 00:30'],
    [null, ''],
    [undefined, ''],
    ['', ''],
    ['not a date', ''],
    [new Date(Number.NaN), ''],
  ])('formatDateTime(%j) → %j', (value, expected) => {
    expect(sut.formatDateTime(value, 'zh-CN')).toBe(expected);
    expect(sut.formatDateTime(value, 'en')).toBe(expected);
  });

  it.each<[Date | string | null | undefined, string]>([
    ['2026-01-31T16:30:00Z', '2026-02-01'],
    [new Date('2026-01-31T16:30:00Z'), '2026-02-01'],
    ['2026-01-31T15:59:59.999Z', '2026-01-31'],
    // A calendar date is not a point in time: no conversion.
    ['2026-01-31', '2026-01-31'],
    ['2024-02-29', '2024-02-29'],
    [null, ''],
    ['garbage', ''],
  ])('formatDate(%j) → %j', (value, expected) => {
    expect(sut.formatDate(value)).toBe(expected);
  });

  it('follows PARK_TIMEZONE', () => {
    const london = service({ PARK_TIMEZONE: 'Europe/London' });
    expect(london.timeZone).toBe('Europe/London');
    expect(london.formatDateTime('2026-01-31T16:30:00Z', 'en')).toBe('2026-01-31 16:30');
    // British summer time.
    expect(london.formatDateTime('2026-07-01T23:30:00Z', 'en')).toBe('2026-07-02 00:30');
    expect(london.formatDate('2026-07-01T23:30:00Z')).toBe('2026-07-02');
  });

  it("today() is the park's calendar date", () => {
    const shanghaiDate = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
    const before = shanghaiDate();
    const today = sut.today();
    const after = shanghaiDate();
    expect(today).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    // Read around midnight, the calls may straddle a day: either side is right.
    expect([before, after]).toContain(today);
    // UTC+14 and UTC-11 are never on the same calendar day.
    expect(service({ PARK_TIMEZONE: 'Pacific/Kiritimati' }).today()).not.toBe(service({ PARK_TIMEZONE: 'Pacific/Pago_Pago' }).today());
  });

  it.each<[string, number, string]>([
    ['zh-CN', 1234567, '1,234,567'],
    ['en', 1234567, '1,234,567'],
    ['en', 0, '0'],
    ['en', 12.5, '12.5'],
  ])('formatNumber %s %d → %s', (locale, value, expected) => {
    expect(sut.formatNumber(value, locale)).toBe(expected);
  });
});
