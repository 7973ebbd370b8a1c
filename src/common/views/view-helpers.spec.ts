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

  it.each([
    ['/tenants', '/tenants', '<a href="/tenants" aria-current="page">'],
    ['/tenants/new', '/tenants', '<a href="/tenants">'],
    ['/tenants', '/trainings', '<a href="/trainings">'],
  ])('current on %s for the link to %s', (path, link, expected) => {
    expect(render(`<a href="${link}"{{current "${link}"}}>`, { locale: 'en', path })).toBe(expected);
  });

  it('current takes a path built in the template', () => {
    expect(render('<a{{current (concat "/tenants/" id "/score")}}>', { locale: 'en', path: '/tenants/7/score', id: 7 })).toBe('<a aria-current="page">');
    expect(render('<a{{current (concat "/tenants/" id "/score")}}>', { locale: 'en', path: '/tenants/8/score', id: 7 })).toBe('<a>');
  });

  it.each([
    ['/repairs', 'yes'],
    ['/lists', 'yes'],
    ['/lists/red', 'no'],
    [undefined, 'no'],
  ])('pathIn on %s', (path, expected) => {
    expect(render('{{#if (pathIn "/lists" "/repairs")}}yes{{else}}no{{/if}}', { locale: 'en', path })).toBe(expected);
  });
});
