import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import nodemailer, { type Transporter } from 'nodemailer';
import { AppConfig } from '../config/app-config.js';

export interface OutgoingMail {
  to: string;
  subject: string;
  html: string;
  text: string;
  /** Stable per outbox message, so a receiver can recognise a resend. */
  messageId: string;
  attachments?: MailAttachment[];
}

/** A small text file sent with a message, e.g. a calendar entry (`text/calendar; method=REQUEST`). */
export interface MailAttachment {
  filename: string;
  contentType: string;
  content: string;
}

/**
 * Sends through SMTP when SMTP_HOST is set (pooled connections); otherwise writes each message as an
 * .eml file under `<DATA_DIR>/mail`, which is what the embedded default does.
 */
@Injectable()
export class MailTransport implements OnApplicationShutdown {
  private readonly logger = new Logger('Mail');
  private readonly transporter: Transporter;
  readonly mode: 'smtp' | 'file';
  readonly mailDir: string;

  constructor(private readonly config: AppConfig) {
    this.mailDir = join(config.dataDir, 'mail');
    if (config.SMTP_HOST) {
      this.mode = 'smtp';
      this.transporter = nodemailer.createTransport({
        host: config.SMTP_HOST,
        port: config.SMTP_PORT ?? (config.SMTP_SECURE ? 465 : 587),
        secure: config.SMTP_SECURE,
        auth: config.SMTP_USER ? { user: config.SMTP_USER, pass: config.SMTP_PASSWORD } : undefined,
        pool: true,
        maxConnections: 5,
        connectionTimeout: 10_000,
        greetingTimeout: 10_000,
        socketTimeout: 30_000,
      });
    } else {
      this.mode = 'file';
      this.transporter = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
    }
  }

  async send(mail: OutgoingMail): Promise<{ messageId: string }> {
    const info = await this.transporter.sendMail({
      from: this.config.MAIL_FROM,
      to: mail.to,
      subject: mail.subject,
      html: mail.html,
      text: mail.text,
      messageId: mail.messageId,
      attachments: mail.attachments?.map((a) => ({ filename: a.filename, contentType: a.contentType, content: a.content })),
    });
    if (this.mode === 'file') {
      mkdirSync(this.mailDir, { recursive: true });
      const safeId = mail.messageId.replace(/^<|>$/g, '').replace(/[^A-Za-z0-9.-]/g, '_');
      const file = join(this.mailDir, `${new Date().toISOString().replace(/[:.]/g, '-')}-${safeId}.eml`);
      writeFileSync(file, (info as unknown as { message: Buffer }).message);
      this.logger.debug(`wrote ${file}`);
    }
    return { messageId: mail.messageId };
  }

  /** After the queue has drained (JobRunner.beforeApplicationShutdown), so running sends keep their connection. */
  onApplicationShutdown(): void {
    this.transporter.close();
  }
}
