import { Injectable } from '@nestjs/common';
import type { Writable } from 'node:stream';
import QRCode from 'qrcode';
import { openPdf } from '../../common/pdf/pdf-document.js';
import { AppConfig } from '../../config/app-config.js';
import { I18nService } from '../../i18n/i18n.service.js';
import { groupClauses } from '../domain/clause-groups.rules.js';
import { formatVerificationCode } from '../domain/verification-code.rules.js';
import type { SignatureDetail } from './signing.service.js';

/** The page and the PDF print the same address: the public check, with the code as printed on the receipt. */
export function verificationUrl(publicUrl: string, verificationCode: string): string {
  return `${publicUrl}/verify?code=${formatVerificationCode(verificationCode)}`;
}

/**
 * The PDF receipt of a signature, laid out as a document a company files: the park and issuer, the
 * document's title and version, the signer, the date in the park's zone and the reader's language,
 * the text hash, and the verification address with its QR code; then the clauses as they read.
 * The canonical text the hash covers stays on the receipt page.
 */
@Injectable()
export class ReceiptPdfService {
  constructor(private readonly i18n: I18nService, private readonly config: AppConfig) {}

  fileName(detail: SignatureDetail): string {
    return `receipt-${detail.signature.verificationCode}.pdf`;
  }

  verificationUrl(detail: SignatureDetail): string {
    return verificationUrl(this.config.publicUrl, detail.signature.verificationCode);
  }

  /** The verification address as an SVG QR code, for the receipt page. */
  async qrSvg(detail: SignatureDetail): Promise<string> {
    return QRCode.toString(this.verificationUrl(detail), { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
  }

  async write(detail: SignatureDetail, locale: string, out: Writable): Promise<void> {
    const { signature: s, tenant, version } = detail;
    const t = (key: string, params: Record<string, unknown> = {}) => this.i18n.t(locale, `conventionsSigning.${key}`, params);
    const code = formatVerificationCode(s.verificationCode);
    const url = this.verificationUrl(detail);
    const park = this.config.PARK_NAME;
    const paren = (x: string) => (locale === 'en' ? ` (${x})` : `（${x}）`);
    const title = locale === 'en' && version.version.titleEn ? version.version.titleEn : version.version.title;
    const { doc, left, width, finish } = await openPdf(out, {
      Title: `${t('receipt.pdfTitle')} · ${title}`,
      Subject: `${tenant.uscc} v${version.version.versionNo} sha256:${s.textSha256}`,
      Keywords: `verification-code:${s.verificationCode}`,
      Author: park,
      CreationDate: new Date(s.createdAt ?? s.signedAt),
    });

    doc.fontSize(11).fillColor('#444').text(park, { align: 'center' });
    doc.moveDown(0.2).fontSize(20).fillColor('#000').text(t('receipt.pdfTitle'), { align: 'center' });
    doc.moveDown(0.3).fontSize(13).text(title, { align: 'center' });
    doc.moveDown(0.2).fontSize(10).fillColor('#444')
      .text(`${t(`kinds.${version.kind}`)} · ${t('receipt.versionNo', { no: version.version.versionNo })}`, { align: 'center' });
    doc.fillColor('#000').moveDown(1.2);

    const rows: [string, string][] = [
      [t('receipt.issuer'), t('receipt.issuedBy', { park })],
      [t('receipt.tenant'), `${tenant.name}${paren(tenant.uscc)}`],
      [t('receipt.document'), `${title} · ${t('receipt.versionNo', { no: version.version.versionNo })}`],
      [t('receipt.signer'), `${s.signerName} · ${s.signerTitle}`],
      [t('receipt.signedAt'), `${this.i18n.formatLongDateTime(new Date(s.signedAt), locale)}${paren(this.i18n.timeZone)}`],
      [t('receipt.method'), t(`methods.${s.method}`)],
      ...(s.paperReason ? [[t('receipt.paperReason'), s.paperReason] as [string, string]] : []),
      [t('receipt.hash'), s.textSha256],
      [t('receipt.code'), code],
    ];
    doc.fontSize(10);
    for (const [label, value] of rows) {
      const y = doc.y;
      doc.fillColor('#444').text(label, left, y, { width: 100 });
      const labelBottom = doc.y;
      doc.fillColor('#000').text(value, left + 110, y, { width: width - 110 });
      doc.y = Math.max(doc.y, labelBottom) + 5;
    }

    // The check: the QR code drawn as vector squares, the address beside it.
    const qr = QRCode.create(url, { errorCorrectionLevel: 'M' });
    const size = qr.modules.size;
    const box = 96;
    const cell = box / size;
    if (doc.y + 8 + box > doc.page.height - 56) doc.addPage();
    const qrTop = doc.y + 8;
    for (let r = 0; r < size; r++) {
      for (let c = 0; c < size; c++) {
        if (qr.modules.get(r, c)) doc.rect(left + c * cell, qrTop + r * cell, cell, cell);
      }
    }
    doc.fill('#000');
    const textLeft = left + box + 16;
    doc.fontSize(10).text(t('receipt.verifyScan'), textLeft, qrTop, { width: width - box - 16 });
    doc.moveDown(0.4).fontSize(9).fillColor('#444').text(t('receipt.verifyUrl'), { width: width - box - 16 });
    doc.fillColor('#0b57d0').text(url, { width: width - box - 16, link: url, underline: true });
    doc.fillColor('#000');
    doc.x = left;
    doc.y = Math.max(doc.y, qrTop + box) + 12;

    doc.moveDown(0.5).fontSize(13).text(t('receipt.textHeading'), left);
    doc.moveDown(0.3);
    for (const group of groupClauses(version.clauses, locale)) {
      doc.moveDown(0.4).fontSize(11).fillColor('#000').text(group.categoryKey ? this.i18n.t(locale, group.categoryKey) : (group.name ?? ''), left, doc.y, { width });
      for (const clause of group.clauses) {
        doc.moveDown(0.2).fontSize(10).fillColor('#000').text(`${clause.number}　${clause.text}`, left, doc.y, { width, lineGap: 2 });
        if (clause.other) doc.fontSize(9).fillColor('#555').text(clause.other, left + 16, doc.y, { width: width - 16, lineGap: 1 });
      }
    }
    doc.moveDown(1).fontSize(8).fillColor('#555').text(t('receipt.hashNote'), left, doc.y, { width });
    await finish();
  }
}
