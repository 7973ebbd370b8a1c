import { Injectable } from '@nestjs/common';
import Handlebars from 'handlebars';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { VIEWS_DIR } from '../common/project-root.js';
import { AppConfig } from '../config/app-config.js';
import { I18nService } from '../i18n/i18n.service.js';

export interface RenderedMail {
  subject: string;
  html: string;
  text: string;
}

/** A template could not be rendered: names the template and, when known, the missing variable. */
export class MailTemplateError extends Error {
  constructor(readonly template: string, readonly variable: string | null, detail: string) {
    super(variable ? `template "${template}": variable "${variable}" is missing` : `template "${template}": ${detail}`);
  }
}

const EMAILS_DIR = join(VIEWS_DIR, 'emails');

/**
 * Handlebars' strict mode checks only a plain {{x}}, not helper arguments ({{t "k" name=x}}):
 * reading a property the context lacks is the error here.
 */
function strictContext(template: string, context: Record<string, unknown>): Record<string, unknown> {
  return new Proxy(context, {
    get(target, prop, receiver) {
      if (typeof prop === 'string' && !(prop in target)) throw new MailTemplateError(template, prop, 'missing');
      return Reflect.get(target, prop, receiver);
    },
  });
}

/**
 * Renders e-mail from `views/emails/<template>.html.hbs` and `.text.hbs` inside the shared layouts,
 * strictly: a variable missing at render time is an error, never a blank in a sent message.
 * Strings come from the catalogues (`emails.<template>.*`) in the recipient's language.
 */
@Injectable()
export class MailRenderer {
  private readonly hbs = Handlebars.create();
  private readonly cache = new Map<string, HandlebarsTemplateDelegate>();

  constructor(private readonly i18n: I18nService, private readonly config: AppConfig) {
    const locale = (options: Handlebars.HelperOptions) => options.data?.root?.locale as string;
    this.hbs.registerHelper('t', (key: string, options: Handlebars.HelperOptions) => {
      const params = (options.hash ?? {}) as Record<string, unknown>;
      this.assertFilled(options.data?.root?.template as string, locale(options), key, params);
      return this.i18n.t(locale(options), key, params);
    });
    this.hbs.registerHelper('tp', (prefix: string, value: string, options: Handlebars.HelperOptions) => this.i18n.t(locale(options), `${prefix}.${value}`));
    this.hbs.registerHelper('datetime', (value: Date | string, options: Handlebars.HelperOptions) => this.i18n.formatDateTime(value, locale(options)));
    this.hbs.registerHelper('date', (value: Date | string) => this.i18n.formatDate(value));
    this.hbs.registerHelper('url', (path: string) => `${this.config.publicUrl}${path.startsWith('/') ? path : `/${path}`}`);
  }

  /**
   * Every placeholder the catalogue's text has must get a value. Checked on the catalogue's text,
   * not on the result: user data may itself contain braces ("X{x}公司").
   */
  private assertFilled(template: string, locale: string, key: string, params: Record<string, unknown>): void {
    const missing = this.i18n.placeholders(locale, key).find((name) => params[name] === undefined || params[name] === null);
    if (missing) throw new MailTemplateError(template, missing, key);
  }

  private compile(file: string, template: string): HandlebarsTemplateDelegate {
    let compiled = this.cache.get(file);
    if (!compiled) {
      const path = join(EMAILS_DIR, file);
      if (!existsSync(path)) throw new MailTemplateError(template, null, `no file views/emails/${file}`);
      compiled = this.hbs.compile(readFileSync(path, 'utf8'), { strict: true, noEscape: file.endsWith('.text.hbs') });
      if (this.config.cachesTemplates) this.cache.set(file, compiled);
    }
    return compiled;
  }

  render(template: string, locale: string, params: Record<string, unknown>): RenderedMail {
    if (!/^[a-z0-9-]+$/.test(template)) throw new MailTemplateError(template, null, 'invalid template name');
    const context = { ...params, template, locale, appName: this.i18n.t(locale, 'app.name'), portalUrl: this.config.publicUrl };
    const subjectKey = `emails.${template}.subject`;
    if (!this.i18n.has(subjectKey)) throw new MailTemplateError(template, null, `no catalogue entry ${subjectKey}`);
    try {
      this.assertFilled(template, locale, subjectKey, params);
      const subject = this.i18n.t(locale, subjectKey, params);
      const strict = (c: Record<string, unknown>) => strictContext(template, c);
      const htmlBody = new Handlebars.SafeString(this.compile(`${template}.html.hbs`, template)(strict(context)));
      const html = this.compile('layout.html.hbs', template)(strict({ ...context, subject, body: htmlBody }));
      const textBody = this.compile(`${template}.text.hbs`, template)(strict(context));
      const text = this.compile('layout.text.hbs', template)(strict({ ...context, subject, body: textBody }));
      return { subject, html, text };
    } catch (err) {
      if (err instanceof MailTemplateError) throw err;
      const message = err instanceof Error ? err.message : String(err);
      const variable = /"([^"]+)" not defined/.exec(message)?.[1] ?? null;
      throw new MailTemplateError(template, variable, message);
    }
  }
}
