import { Injectable } from '@nestjs/common';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Writable } from 'node:stream';
import { I18nService } from '../../i18n/i18n.service.js';
import { formatVerificationCode } from '../domain/verification-code.rules.js';
import type { SignatureDetail } from './signing.service.js';

/**
 * Noto Sans Hans (OFL 1.1) from @embedpdf/fonts-sc: an OpenType/CFF font covering GB 2312 (the
 * 6,763 common simplified characters plus Latin). Characters outside GB 2312 (rare names) render
 * as missing glyphs; the hash and code are ASCII and always print.
 */
function cjkFontPath(): string {
  const entry = createRequire(import.meta.url).resolve('@embedpdf/fonts-sc');
  return join(dirname(entry), '..', 'fonts', 'NotoSansHans-Regular.otf');
}

/** The PDF receipt of a signature: details, hash, verification code, then the exact text signed. */
@Injectable()
export class ReceiptPdfService {
  private font?: Buffer;

  constructor(private readonly i18n: I18nService) {}

  /** Read once, on first use (about 8 MB); pdfkit embeds only the glyphs a receipt uses. */
  private fontData(): Buffer {
    return (this.font ??= readFileSync(cjkFontPath()));
  }

  fileName(detail: SignatureDetail): string {
    return `receipt-${detail.signature.verificationCode}.pdf`;
  }

  async write(detail: SignatureDetail, locale: string, out: Writable): Promise<void> {
    const { signature: s, tenant, version } = detail;
    const t = (key: string, params: Record<string, unknown> = {}) => this.i18n.t(locale, `conventionsSigning.${key}`, params);
    const code = formatVerificationCode(s.verificationCode);
    // Loaded on first use: pdfkit is slow to load and only receipts need it.
    const { default: PDFDocument } = await import('pdfkit');
    const doc = new PDFDocument({
      size: 'A4', margin: 56,
      info: {
        Title: `ParkTrust receipt ${s.verificationCode}`,
        Subject: `${tenant.uscc} v${version.version.versionNo} sha256:${s.textSha256}`,
        Keywords: `verification-code:${s.verificationCode}`,
        Author: 'ParkTrust',
        CreationDate: new Date(s.createdAt ?? s.signedAt),
      },
    });
    const done = new Promise<void>((resolve, reject) => {
      out.on('finish', resolve);
      out.on('error', reject);
      doc.on('error', reject);
    });
    doc.pipe(out);
    doc.registerFont('cjk', this.fontData());
    doc.font('cjk');

    doc.fontSize(18).text(t('receipt.pdfTitle'), { align: 'center' });
    doc.moveDown(0.3).fontSize(12).text(version.version.title, { align: 'center' });
    doc.moveDown(1);

    const rows: [string, string][] = [
      [t('receipt.tenant'), `${tenant.name} (${tenant.uscc})`],
      [t('receipt.version'), t('receipt.versionNo', { no: version.version.versionNo })],
      [t('receipt.signer'), s.signerName],
      [t('receipt.signerTitle'), s.signerTitle],
      [t('receipt.signedAt'), `${this.i18n.formatDateTime(s.signedAt, locale)} (${this.i18n.timeZone})`],
      [t('receipt.method'), t(`methods.${s.method}`)],
      ...(s.method === 'online' ? [[t('receipt.ip'), s.ip ?? '—'] as [string, string]] : []),
      ...(s.paperReason ? [[t('receipt.paperReason'), s.paperReason] as [string, string]] : []),
      [t('receipt.hash'), s.textSha256],
      [t('receipt.code'), code],
    ];
    doc.fontSize(10);
    for (const [label, value] of rows) {
      const y = doc.y;
      doc.text(label, 56, y, { width: 110 });
      const labelBottom = doc.y;
      doc.text(value, 170, y, { width: doc.page.width - 170 - 56 });
      doc.y = Math.max(doc.y, labelBottom) + 4;
    }
    doc.x = 56;
    doc.moveDown(0.5).fontSize(9).fillColor('#444').text(t('receipt.verifyHint', { code }), { width: doc.page.width - 112 });
    doc.moveDown(1).fillColor('#000').fontSize(12).text(t('receipt.textHeading'));
    doc.moveDown(0.3).fontSize(9).text(detail.text, { width: doc.page.width - 112, lineGap: 2 });
    doc.end();
    await done;
  }
}
