import { Injectable } from '@nestjs/common';
import { DateTime } from 'luxon';
import { AppConfig } from '../config/app-config.js';
import { catalogues, LOCALES, type Locale } from './messages/index.js';

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

function flatten(tree: object, prefix = '', out = new Map<string, string>()): Map<string, string> {
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') out.set(path, value);
    else flatten(value as object, path, out);
  }
  return out;
}

const FLAT: Record<Locale, Map<string, string>> = {
  'zh-CN': flatten(catalogues['zh-CN']),
  en: flatten(catalogues.en),
};

/**
 * A message with `{name}` placeholders as its parts: text at even indexes, placeholder names at odd ones. Split once per
 * message (a regular expression replace with a callback cost ten times a lookup, on every row of a table that names
 * its rows in an aria-label).
 */
const PARTS = new Map<string, string[]>();

function partsOf(template: string): string[] {
  let parts = PARTS.get(template);
  if (!parts) {
    parts = template.split(/\{(\w+)\}/);
    PARTS.set(template, parts);
  }
  return parts;
}

/** Building an Intl formatter costs far more than using one; pages format many numbers. */
const NUMBER_FORMATS: Record<Locale, Intl.NumberFormat> = { 'zh-CN': new Intl.NumberFormat('zh-CN'), en: new Intl.NumberFormat('en') };

/** Translates catalogue keys and formats dates in the park's time zone; the one source of user-facing text. */
@Injectable()
export class I18nService {
  constructor(private readonly config: AppConfig) {}

  get defaultLocale(): Locale {
    return this.config.DEFAULT_LOCALE;
  }

  get timeZone(): string {
    return this.config.PARK_TIMEZONE;
  }

  has(key: string): boolean {
    return FLAT['zh-CN'].has(key);
  }

  /** The `{name}` placeholders a message has in the catalogue (before anything is substituted). */
  placeholders(locale: string | null | undefined, key: string): string[] {
    const lang = isLocale(locale) ? locale : this.defaultLocale;
    const template = FLAT[lang].get(key) ?? FLAT['zh-CN'].get(key) ?? '';
    return [...new Set([...template.matchAll(/\{(\w+)\}/g)].map((m) => m[1]))];
  }

  /** `{name}` placeholders are replaced from params; an unknown key comes back as itself so it is noticed. */
  t(locale: string | null | undefined, key: string, params: Record<string, unknown> = {}): string {
    const lang = isLocale(locale) ? locale : this.defaultLocale;
    const template = FLAT[lang].get(key) ?? FLAT['zh-CN'].get(key) ?? key;
    if (!template.includes('{')) return template;
    const parts = partsOf(template);
    let out = parts[0];
    for (let i = 1; i < parts.length; i += 2) {
      const value = params[parts[i]];
      out += (value === undefined || value === null ? `{${parts[i]}}` : String(value)) + parts[i + 1];
    }
    return out;
  }

  formatDateTime(value: Date | string | null | undefined, locale: string | null | undefined): string {
    if (!value) return '';
    const dt = typeof value === 'string' ? DateTime.fromISO(value, { zone: 'utc' }) : DateTime.fromJSDate(value);
    if (!dt.isValid) return '';
    return dt.setZone(this.timeZone).setLocale(isLocale(locale) ? locale : this.defaultLocale).toFormat('yyyy-MM-dd HH:mm');
  }

  /** A date and time for documents, in words of the reader's language and the park's zone: 2026年3月5日 14:07, March 5, 2026 at 14:07. */
  formatLongDateTime(value: Date, locale: string | null | undefined): string {
    return DateTime.fromJSDate(value).setZone(this.timeZone).setLocale(isLocale(locale) ? locale : this.defaultLocale)
      .toLocaleString({ year: 'numeric', month: 'long', day: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
  }

  /** A calendar date (YYYY-MM-DD) needs no zone conversion; a timestamp is shown as its park-zone date. */
  formatDate(value: Date | string | null | undefined): string {
    if (!value) return '';
    if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)) return value;
    const dt = typeof value === 'string' ? DateTime.fromISO(value, { zone: 'utc' }) : DateTime.fromJSDate(value);
    return dt.isValid ? dt.setZone(this.timeZone).toFormat('yyyy-MM-dd') : '';
  }

  formatNumber(value: number, locale: string | null | undefined): string {
    return NUMBER_FORMATS[isLocale(locale) ? locale : this.defaultLocale].format(value);
  }

  /** Today's date in the park's time zone. */
  today(): string {
    return DateTime.now().setZone(this.timeZone).toISODate() as string;
  }
}
