import { Injectable } from '@nestjs/common';
import type { Writable } from 'node:stream';
import { openPdf } from '../../common/pdf/pdf-document.js';
import { AppConfig } from '../../config/app-config.js';
import { I18nService } from '../../i18n/i18n.service.js';
import type { TenantSummary } from '../../tenants/tenants.queries.js';
import type { TrainingAttendanceEntity } from '../entities/training-attendance.entity.js';
import type { TrainingSessionEntity } from '../entities/training-session.entity.js';

export interface CertificateDetail {
  session: TrainingSessionEntity;
  tenant: TenantSummary;
  attendance: TrainingAttendanceEntity;
  /** The host or speaker tenant's name, when one of them is a tenant. */
  hostTenantName: string | null;
  speakerTenantName: string | null;
}

/** The certificate's number: the session and tenant it certifies, and the session's park day. Stable: the same certificate downloads twice with the same number. */
export function certificateNumber(session: Pick<TrainingSessionEntity, 'id' | 'startsAt'>, tenantId: number, timeZone: string): string {
  const day = session.startsAt.toLocaleDateString('sv-SE', { timeZone }).replaceAll('-', '');
  return `TR-${day}-${String(session.id).padStart(6, '0')}-${String(tenantId).padStart(6, '0')}`;
}

/**
 * A certificate of attendance (PDF) for a session a tenant attended (present or late): the park,
 * the tenant, the session, its kind, time in park time, host and speaker, the mark, a number and a
 * verification line. The credit-repair process takes it as evidence; staff check it against the
 * session's attendance page.
 */
@Injectable()
export class CertificatePdfService {
  constructor(private readonly i18n: I18nService, private readonly config: AppConfig) {}

  fileName(d: CertificateDetail): string {
    return `training-certificate-${certificateNumber(d.session, d.tenant.id, this.i18n.timeZone)}.pdf`;
  }

  async write(d: CertificateDetail, locale: string, out: Writable): Promise<void> {
    const t = (key: string, params: Record<string, unknown> = {}) => this.i18n.t(locale, `trainingsAttendance.${key}`, params);
    const park = this.config.PARK_NAME;
    const number = certificateNumber(d.session, d.tenant.id, this.i18n.timeZone);
    const paren = (x: string) => (locale === 'en' ? ` (${x})` : `（${x}）`);
    const { doc, left, width, finish } = await openPdf(out, {
      Title: `${t('cert.title')} · ${d.session.title}`, Subject: `${d.tenant.uscc} session ${d.session.id}`, Keywords: `certificate:${number}`, Author: park,
    });
    doc.fontSize(11).fillColor('#444').text(park, { align: 'center' });
    doc.moveDown(0.2).fontSize(22).fillColor('#000').text(t('cert.title'), { align: 'center' });
    doc.moveDown(1.2).fontSize(11).text(t('cert.body', { tenant: d.tenant.name, uscc: d.tenant.uscc }), left, doc.y, { width });
    doc.moveDown(0.8);
    const host = [d.hostTenantName, d.session.speaker, d.speakerTenantName].filter((x) => x).join(' · ');
    const time = `${this.i18n.formatLongDateTime(d.session.startsAt, locale)} – ${this.i18n.formatDateTime(d.session.endsAt, locale).slice(-5)}${paren(this.i18n.timeZone)}`;
    const rows: [string, string][] = [
      [t('cert.session'), d.session.title],
      [t('cert.kind'), t(`kinds.${d.session.kind}`)],
      [t('cert.time'), time],
      [t('location'), d.session.location],
      ...(host ? [[t('cert.host'), host] as [string, string]] : []),
      [t('cert.mark'), t(`marks.${d.attendance.mark}`)],
      [t('cert.number'), number],
      [t('cert.issuedAt'), this.i18n.formatLongDateTime(new Date(), locale)],
    ];
    doc.fontSize(10);
    for (const [label, value] of rows) {
      const y = doc.y;
      doc.fillColor('#444').text(label, left, y, { width: 100 });
      const labelBottom = doc.y;
      doc.fillColor('#000').text(value, left + 110, y, { width: width - 110 });
      doc.y = Math.max(doc.y, labelBottom) + 5;
    }
    doc.moveDown(1.5).fontSize(9).fillColor('#444').text(t('cert.verify', { url: this.config.publicUrl }), left, doc.y, { width });
    doc.moveDown(2).fontSize(11).fillColor('#000').text(park, left, doc.y, { width, align: 'right' });
    await finish();
  }
}
