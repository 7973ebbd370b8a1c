import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../config/app-config.js';
import { I18nService } from '../i18n/i18n.service.js';
import { MailRenderer, MailTemplateError } from './mail-renderer.js';

const config = loadConfig({ NODE_ENV: 'test', DATA_DIR: mkdtempSync(join(tmpdir(), 'pt-mail-')), DB_TYPE: 'sqlite', DATABASE_URL: ':memory:' });
const sut = new MailRenderer(new I18nService(config), config);

const responded = { recipientName: '王五', tenantName: '星辰科技有限公司', clauseNumber: '3', occurredOn: '2026-11-01', link: '/conventions/breaches/1' };
const published = { recipientName: '王五', title: '园区管理公约', versionNo: 2, deadline: '2026-12-31', link: '/conventions/my' };

describe('MailRenderer', () => {
  it.each([
    ['breach-confirmed with a rectification deadline', 'breach-confirmed', '2026-12-31', ['2026-12-31', '整改']],
    ['breach-confirmed without one', 'breach-confirmed', '', ['理由：证据确凿']],
    ['breach-withdrawn', 'breach-withdrawn', '', ['理由：证据确凿']],
    ['breach-recorded with a rectification deadline', 'breach-recorded', '2026-12-31', ['2026-12-31']],
  ])('renders the breach outcome notices: %s', (_name, template, rectifyBy, shown) => {
    const mail = sut.render(template, 'zh-CN', { ...responded, title: '园区管理公约', reason: '证据确凿', rectifyBy });
    for (const s of shown) expect(mail.text).toContain(s);
    if (!rectifyBy) expect(mail.text).not.toContain('整改期限');
    expect(sut.render(template, 'en', { ...responded, title: 'Convention', reason: 'evidence', rectifyBy }).subject).toContain('3');
  });

  it.each<[string, string, Record<string, unknown>, string]>([
    ['a tenant name with braces', 'breach-responded', { ...responded, tenantName: 'X{x}公司' }, 'X{x}公司'],
    ['a title with braces', 'convention-published', { ...published, title: '公约{x}' }, '公约{x}'],
    ['a title with a placeholder-looking value', 'convention-published', { ...published, title: '{versionNo}' }, '{versionNo}'],
  ])('renders user data with braces as written: %s', (_name, template, params, shown) => {
    for (const locale of ['zh-CN', 'en']) {
      const mail = sut.render(template, locale, params);
      expect(mail.subject).toContain(shown);
      expect(mail.text).toContain(shown);
    }
  });

  it.each<[string, string, Record<string, unknown>, string]>([
    ['a subject placeholder without a value', 'breach-responded', { ...responded, tenantName: undefined }, 'tenantName'],
    ['a body placeholder without a value', 'convention-published', { ...published, deadline: null }, 'deadline'],
    ['a template variable the context lacks', 'breach-responded', { ...responded, recipientName: undefined }, 'recipientName'],
  ])('refuses to send with %s, naming the variable', (_name, template, params, variable) => {
    const params2 = Object.fromEntries(Object.entries(params).filter(([, v]) => v !== undefined));
    expect(() => sut.render(template, 'zh-CN', params2)).toThrow(MailTemplateError);
    expect(() => sut.render(template, 'zh-CN', params2)).toThrow(`variable "${variable}" is missing`);
  });
});
