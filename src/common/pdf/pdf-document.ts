import { Logger } from '@nestjs/common';
import type { Response } from 'express';
import type { Writable } from 'node:stream';
import { cjkFont } from './cjk-font.js';

type PdfKit = PDFKit.PDFDocument;

/**
 * An A4 document for the portal's PDFs (receipts, certificates), piped to `out`, in the CJK font,
 * with 56 pt margins. `finish()` ends the document and resolves once `out` has it all (or rejects
 * with the stream's or pdfkit's error). pdfkit is loaded on first use: it is slow to load and only
 * these documents need it.
 */
export async function openPdf(out: Writable, info: PDFKit.DocumentInfo): Promise<{ doc: PdfKit; left: number; width: number; finish: () => Promise<void> }> {
  const { default: PDFDocument } = await import('pdfkit');
  const font = await cjkFont();
  const doc = new PDFDocument({ size: 'A4', margin: 56, info: { Creator: 'ParkTrust', ...info } });
  const done = new Promise<void>((resolve, reject) => {
    out.on('finish', resolve);
    out.on('error', reject);
    doc.on('error', reject);
  });
  doc.pipe(out);
  // A parsed fontkit font is a font source pdfkit accepts (PDFFontFactory.open); its typings list only bytes and paths.
  doc.registerFont('cjk', font as unknown as PDFKit.Mixins.PDFFontSource);
  doc.font('cjk');
  return {
    doc,
    left: 56,
    width: doc.page.width - 112,
    finish: async () => {
      doc.end();
      await done;
    },
  };
}

/**
 * Streams a PDF download: attachment headers, never cached. An error before the first byte goes to
 * the exception filter as usual; one after it can only be logged and the connection cut, since the
 * status line is gone.
 */
export async function sendPdf(res: Response, fileName: string, logName: string, write: (out: Writable) => Promise<void>): Promise<void> {
  res.status(200);
  res.setHeader('Content-Type', 'application/pdf');
  res.setHeader('Content-Disposition', `attachment; filename="${fileName}"`);
  res.setHeader('Cache-Control', 'private, no-store');
  try {
    await write(res);
  } catch (err) {
    if (!res.headersSent) throw err;
    new Logger(logName).error(err instanceof Error ? err.stack : String(err));
    res.destroy();
  }
}
