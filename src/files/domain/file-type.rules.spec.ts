import { docx, HOSTILE, jpeg, pdf, png, TEXT, webp, xlsx, zip } from '../../../test/support/upload-fixtures.js';
import {
  ACCEPTED_TYPES, attachmentDisposition, detectBufferType, detectFileType, HEAD_BYTES, safeFileName, sampleOf, servedAs, sniffKind,
  TAIL_BYTES, zipDirectoryInTail, zipDirectoryRange, type FileKind,
} from './file-type.rules.js';

const kindOf = (buf: Buffer) => detectBufferType(buf)?.kind ?? null;

describe('detectBufferType: the allow-list', () => {
  it.each<[string, Buffer, FileKind]>([
    ['a PDF', pdf(), 'pdf'],
    ['a PDF with trailing whitespace after %%EOF', Buffer.concat([pdf(), Buffer.from('\r\n\r\n')]), 'pdf'],
    ['a PDF 2.0', Buffer.from('%PDF-2.0\n1 0 obj <<>> endobj\n%%EOF'), 'pdf'],
    ['a PNG', png(), 'png'],
    ['a JPEG', jpeg(), 'jpeg'],
    ['a JPEG with a phone trailer after EOI', Buffer.concat([jpeg(), Buffer.from('SEFHtrailer')]), 'jpeg'],
    ['a WebP', webp(), 'webp'],
    ['a Word document', docx(), 'docx'],
    ['a Word document with images and an SVG icon inside', docx([{ name: 'word/media/image1.png' }, { name: 'word/media/image2.svg' }]), 'docx'],
    ['an Excel workbook', xlsx(), 'xlsx'],
    ['an Excel workbook with a zip comment', zip([{ name: '[Content_Types].xml' }, { name: 'xl/workbook.xml' }], 'made by a tool'), 'xlsx'],
    ['UTF-8 text', TEXT, 'text'],
    ['UTF-8 text with a BOM and CRLF', Buffer.from('\uFEFF第一行\r\n第二行\t制表\r\n'), 'text'],
    ['text mentioning a tag in words', Buffer.from('The form uses a select element, not an a-tag. 3 < 4 > 2.'), 'text'],
  ])('accepts %s', (_name, buf, kind) => {
    const type = detectBufferType(buf);
    expect(type).toEqual(ACCEPTED_TYPES[kind]);
  });

  it.each<[string, Buffer]>([
    // Finding 3 as reported: an HTA script, an HTML file behind a %PDF- prefix, an SVG with script.
    ['an HTA script', HOSTILE.hta],
    ['an HTA after a line of text', HOSTILE.htaAfterText],
    ['an HTML page', HOSTILE.html],
    ['HTML behind a %PDF- prefix', HOSTILE.pdfHtml],
    ['SVG behind a %PDF- prefix', HOSTILE.pdfSvg],
    ['an SVG with script', HOSTILE.svg],
    ['an SVG after a BOM, blanks and an XML declaration', HOSTILE.svgWithBom],
    ['an XML document', HOSTILE.xml],
    ['a shell script', HOSTILE.shellScript],
    // PDFs that are not PDFs.
    ['a %PDF- prefix without %%EOF', HOSTILE.pdfNoEof],
    ['a PDF header that is not at offset 0', HOSTILE.pdfLate],
    ['a PDF header without a version', Buffer.from('%PDF-x\n%%EOF')],
    ['a PDF whose %%EOF is more than 1 KiB before the end', Buffer.concat([pdf(), Buffer.alloc(2048, 0x20)])],
    // Zips that only look like office files.
    ['a zip that mentions word/ and xl/ in its first bytes', HOSTILE.zipMentioningOffice],
    ['a zip naming the parts only inside an entry', HOSTILE.zipNamingPartsInData],
    ['a zip with both a document and a workbook', HOSTILE.wordAndExcel],
    ['a zip without [Content_Types].xml', HOSTILE.noContentTypes],
    ['a zip listing a part twice (case-insensitively)', HOSTILE.duplicateParts],
    ['a macro-enabled Word document', HOSTILE.docxWithMacros],
    ['a Word document carrying an executable', HOSTILE.docxWithExecutable],
    ['a Word document with a path-escaping entry', HOSTILE.docxPathEscape],
    ['a Word document cut short (no end record)', docx().subarray(0, docx().length - 22)],
    ['a Word document with bytes appended after the end record', Buffer.concat([docx(), Buffer.from('<html>')])],
    ['a Word document with a directory offset pointing elsewhere', (() => { const b = docx(); b.writeUInt32LE(0, b.length - 6); return b; })()],
    // Images that only start like images.
    ['a PNG signature without an IHDR chunk', HOSTILE.pngSignatureOnly],
    ['a PNG with HTML appended after IEND', HOSTILE.pngWithHtmlAppended],
    ['a WebP with script appended', HOSTILE.webpWithAppendix],
    ['a JPEG SOI without a marker', Buffer.from([0xff, 0xd8, 0xff, 0x00, 0x01])],
    // Everything else.
    ['an executable', HOSTILE.exe],
    ['GBK text', Buffer.from([0xd5, 0xfb, 0xb8, 0xc4, 0xcb, 0xb5, 0xc3, 0xf7])],
    ['UTF-16 text', Buffer.from('\uFEFF整改', 'utf16le')],
    ['text with an escape character', Buffer.from('ok\u001b[31m red')],
    ['an empty file', Buffer.alloc(0)],
    ['binary with NUL bytes', Buffer.from([0x41, 0x00, 0x42])],
    ['a GIF (not on the list)', Buffer.from('GIF89a\x01\x00\x01\x00', 'latin1')],
    ['a legacy Office (OLE) file', Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0])],
  ])('refuses %s', (_name, buf) => {
    expect(kindOf(buf)).toBeNull();
  });

  it('checks text beyond the head: valid UTF-8 at both ends, a multi-byte character split at the tail boundary is fine', () => {
    const line = Buffer.from('整改说明第一段。\n');
    const long = Buffer.concat(Array.from({ length: Math.ceil((HEAD_BYTES + TAIL_BYTES) / line.length) + 10 }, () => line));
    expect(kindOf(long)).toBe('text');
    expect(kindOf(Buffer.concat([long.subarray(0, long.length - 1), Buffer.from([0x00])]))).toBeNull();
    // Shift by one byte so the tail window starts inside a three-byte character.
    expect(kindOf(Buffer.concat([Buffer.from('a'), long]))).toBe('text');
  });

  it('reads a zip directory that lies before the tail window from the file (the caller\'s job), and refuses without it', () => {
    const media = Array.from({ length: 300 }, (_, i) => ({ name: `word/media/image${i}-${'x'.repeat(80)}.png` }));
    const big = zip([{ name: '[Content_Types].xml' }, { name: 'word/document.xml' }, ...media], 'c'.repeat(30_000));
    const sample = sampleOf(big);
    const range = zipDirectoryRange(sample)!;
    expect(range.entries).toBe(302);
    expect(zipDirectoryInTail(sample, range)).toBeNull();
    expect(detectFileType(sample)?.kind).toBe('docx');
    expect(detectFileType({ ...sample, zipDirectory: undefined })).toBeNull();
    expect(detectFileType({ ...sample, zipDirectory: sample.zipDirectory!.subarray(1) })).toBeNull();
    const small = sampleOf(docx());
    expect(zipDirectoryInTail(small, zipDirectoryRange(small)!)).toEqual(small.zipDirectory);
  });
});

describe('sniffKind: the early verdict on the first bytes', () => {
  it.each<[string, Buffer, boolean, ReturnType<typeof sniffKind>]>([
    ['a PDF head', pdf().subarray(0, 20), false, 'pdf'],
    ['an HTML head behind %PDF-', HOSTILE.pdfHtml.subarray(0, 30), false, null],
    ['a zip head', docx().subarray(0, 40), false, 'zip'],
    ['a text head cut inside a character', TEXT.subarray(0, 4), false, 'text'],
    ['a whole text cut inside a character', TEXT.subarray(0, 4), true, null],
    ['an HTA head', HOSTILE.hta.subarray(0, 40), false, null],
    ['an executable head', HOSTILE.exe.subarray(0, 10), false, null],
  ])('%s', (_name, head, complete, expected) => {
    expect(sniffKind(head, complete)).toBe(expected);
  });
});

describe('safeFileName: the detected extension, never the uploader\'s', () => {
  it.each<[string | null, string, string]>([
    ['整改报告.pdf', 'pdf', '整改报告.pdf'],
    ['evil.hta', 'txt', 'evil.txt'],
    ['invoice.html', 'pdf', 'invoice.pdf'],
    ['drawing.svg', 'png', 'drawing.png'],
    ['photo.JPEG', 'jpg', 'photo.jpg'],
    ['report.hta.pdf', 'pdf', 'report.hta.pdf'],
    ['passwd', 'txt', 'passwd.txt'],
    ['../../etc/passwd', 'txt', 'passwd.txt'],
    ['C:\\Windows\\system32\\evil.exe', 'pdf', 'evil.pdf'],
    ['..hidden', 'pdf', 'hidden.pdf'],
    ['a\u0000b<c>.pdf', 'pdf', 'abc.pdf'],
    ['invoice\u202Efdp.exe', 'pdf', 'invoicefdp.pdf'],
    ['zero\u200Bwidth.png', 'png', 'zerowidth.png'],
    ['trailing dots. . .', 'pdf', 'trailing dots.pdf'],
    ['方案.最终版', 'docx', '方案.最终版.docx'],
    ['', 'pdf', 'file.pdf'],
    [null, 'pdf', 'file.pdf'],
    ['.pdf', 'pdf', 'pdf.pdf'],
    ['x'.repeat(300), 'pdf', `${'x'.repeat(200)}.pdf`],
  ])('%j as %s → %s', (input, extension, expected) => {
    expect(safeFileName(input, extension)).toBe(expected);
  });
});

describe('servedAs: downloads of stored rows', () => {
  it.each<[string, string, string, string]>([
    ['application/pdf', 'x.pdf', 'application/pdf', 'x.pdf'],
    ['text/plain; charset=utf-8', 'evil.hta', 'text/plain; charset=utf-8', 'evil.txt'],
    ['image/png', 'pic.svg', 'image/png', 'pic.png'],
    ['text/html', 'page.html', 'application/octet-stream', 'page.bin'],
    ['image/svg+xml', 'x.svg', 'application/octet-stream', 'x.bin'],
  ])('%s %s → %s %s', (stored, name, contentType, fileName) => {
    expect(servedAs(stored, name)).toEqual({ contentType, fileName });
  });
});

describe('attachmentDisposition', () => {
  it.each<[string, string]>([
    ['report.pdf', `attachment; filename="report.pdf"; filename*=UTF-8''report.pdf`],
    ['整改报告.pdf', `attachment; filename="____.pdf"; filename*=UTF-8''%E6%95%B4%E6%94%B9%E6%8A%A5%E5%91%8A.pdf`],
    ['a"b;c\\d%e.txt', `attachment; filename="a_b_c_d_e.txt"; filename*=UTF-8''a%22b%3Bc%5Cd%25e.txt`],
    ["it's (1)!*.png", `attachment; filename="it's (1)!*.png"; filename*=UTF-8''it%27s%20%281%29%21%2A.png`],
  ])('%s', (name, header) => {
    expect(attachmentDisposition(name)).toBe(header);
  });
});
