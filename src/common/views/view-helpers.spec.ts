import Handlebars from 'handlebars';
import type { I18nService } from '../../i18n/i18n.service.js';
import { registerViewHelpers } from './view-helpers.js';

function render(template: string, context: Record<string, unknown>): string {
  const hbs = Handlebars.create();
  const i18n = { t: (_l: string, key: string) => key, formatDate: (v: string) => v, formatDateTime: () => '', formatNumber: (n: number) => String(n) };
  registerViewHelpers({ registerHelper: hbs.registerHelper.bind(hbs), handlebars: hbs } as never, i18n as unknown as I18nService);
  return hbs.compile(template)(context);
}

describe('view helpers', () => {
  it.each([
    ['en', '管理公约', 'Convention', 'Convention'],
    ['zh-CN', '管理公约', 'Convention', '管理公约'],
    ['en', '管理公约', null, '管理公约'],
    ['en', '管理公约', '', '管理公约'],
  ])('localized in %s: %s / %s → %s', (locale, zh, en, expected) => {
    expect(render('{{localized zh en}}', { locale, zh, en })).toBe(expected);
  });

  it('a field named like a helper renders the field when written this.field', () => {
    expect(render('{{#each items}}{{this.number}};{{/each}}', { locale: 'en', items: [{ number: '1' }, { number: '2.3' }] })).toBe('1;2.3;');
  });

  it.each([
    [{ q: 'a b', page: 2 }, { page: 3 }, '?q=a+b&page=3'],
    [{ q: '', status: undefined }, {}, ''],
    [{ q: 'x', page: 2 }, { page: null }, '?q=x'],
  ])('query %j with %j → %s', (base, hash, expected) => {
    const hashText = Object.entries(hash).map(([k, v]) => `${k}=${v === null ? 'null' : v}`).join(' ');
    expect(render(`{{query base ${hashText}}}`, { locale: 'en', base })).toBe(expected.replace(/&/g, '&amp;').replace(/=/g, '&#x3D;'));
  });
});
