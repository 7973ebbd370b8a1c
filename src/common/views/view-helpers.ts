import type { HelperOptions } from 'handlebars';
import type { I18nService } from '../../i18n/i18n.service.js';

type Hbs = { registerHelper(name: string, fn: (...args: any[]) => unknown): void; handlebars: { SafeString: new (s: string) => unknown; escapeExpression(s: string): string } };

function localeOf(options: HelperOptions): string {
  return (options?.data?.root?.locale as string) ?? 'zh-CN';
}

/** Page helpers: every string through the catalogues, every date in the park's time zone. */
export function registerViewHelpers(hbs: Hbs, i18n: I18nService): void {
  // {{t "key" name=value}}
  hbs.registerHelper('t', (key: string, options: HelperOptions) => i18n.t(localeOf(options), key, options.hash ?? {}));
  // {{tp "prefix" value}}: translate a code, e.g. {{tp "roles" user.role}}
  hbs.registerHelper('tp', (prefix: string, value: string, options: HelperOptions) => i18n.t(localeOf(options), `${prefix}.${value}`));
  // {{localized title titleEn}}: the English text for English readers when there is one, else the Chinese.
  hbs.registerHelper('localized', (zh: string, en: string | null | undefined, options: HelperOptions) => (localeOf(options) === 'en' && en ? en : zh));
  hbs.registerHelper('date', (value: Date | string | null) => i18n.formatDate(value));
  hbs.registerHelper('datetime', (value: Date | string | null, options: HelperOptions) => i18n.formatDateTime(value, localeOf(options)));
  hbs.registerHelper('fmtNumber', (value: number, options: HelperOptions) => i18n.formatNumber(Number(value ?? 0), localeOf(options)));
  hbs.registerHelper('eq', (a: unknown, b: unknown) => String(a) === String(b));
  // Menus: <a href="/x"{{current "/x"}}> marks the link of the page shown; {{#if (pathIn "/a" "/b")}} whether it is one of those.
  // One helper each instead of an `if` around an `eq` per link: the menu is on every page.
  const ariaCurrent = new hbs.handlebars.SafeString(' aria-current="page"');
  hbs.registerHelper('current', (path: string, options: HelperOptions) => (options?.data?.root?.path === String(path) ? ariaCurrent : ''));
  hbs.registerHelper('pathIn', (...args: unknown[]) => {
    const options = args[args.length - 1] as HelperOptions;
    const path = options?.data?.root?.path as string | undefined;
    return args.slice(0, -1).some((p) => String(p) === path);
  });
  hbs.registerHelper('or', (...args: unknown[]) => args.slice(0, -1).some(Boolean));
  hbs.registerHelper('and', (...args: unknown[]) => args.slice(0, -1).every(Boolean));
  hbs.registerHelper('not', (a: unknown) => !a);
  hbs.registerHelper('concat', (...args: unknown[]) => args.slice(0, -1).join(''));
  hbs.registerHelper('json', (value: unknown) => JSON.stringify(value, null, 2));
  // {{#each (fieldErrors errors "name")}}…{{/each}}
  hbs.registerHelper('fieldErrors', (errors: Record<string, { message: string }[]> | undefined, field: string) => errors?.[field] ?? []);
  hbs.registerHelper('hasError', (errors: Record<string, unknown> | undefined, field: string) => Boolean(errors?.[field]));
  // Query string for the current filters with one value replaced: {{query filters page=3}}
  hbs.registerHelper('query', (base: Record<string, unknown> | undefined, options: HelperOptions) => {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries({ ...(base ?? {}), ...(options.hash ?? {}) })) {
      if (v !== undefined && v !== null && v !== '') params.set(k, String(v));
    }
    const s = params.toString();
    return s ? `?${s}` : '';
  });
}
