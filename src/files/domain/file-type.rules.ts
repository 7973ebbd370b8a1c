/**
 * What an upload is, decided by its bytes, never by its name or the browser's claim; and only from
 * an allow-list of what people attach as evidence or scans:
 *
 * | kind | accepted when | stored as |
 * |---|---|---|
 * | PDF | `%PDF-n.n` at offset 0, `%%EOF` in the last 1 KiB, no HTML/SVG/XML/script markup in the first 1 KiB | `application/pdf`, `.pdf` |
 * | PNG | signature and an IHDR chunk first, the IEND chunk last (nothing appended) | `image/png`, `.png` |
 * | JPEG | SOI followed by a marker (trailers after EOI are common on phones and tolerated) | `image/jpeg`, `.jpg` |
 * | WebP | RIFF…WEBP with a VP8/VP8L/VP8X chunk, the RIFF size covering exactly the file | `image/webp`, `.webp` |
 * | Word / Excel | a zip whose central directory (found from the end of the file) lists `[Content_Types].xml` and exactly one main part, `word/document.xml` or `xl/workbook.xml`; no macros (`vbaProject.bin`), no executable or path-escaping entries, no duplicates | `.docx` / `.xlsx` |
 * | text | UTF-8 without control characters other than tab, line breaks and form feed, not starting with `<` or `#!`, no HTML/SVG/XML markup in the first 64 KiB | `text/plain; charset=utf-8`, `.txt` |
 *
 * Refused, among everything else: SVG and HTML (they run script when opened), HTA and other scripts,
 * legacy Office (.doc/.xls) and macro-enabled OOXML, GIF/HEIC/TIFF (nobody asked for them yet),
 * archives and executables.
 */
export type FileKind = 'pdf' | 'png' | 'jpeg' | 'webp' | 'docx' | 'xlsx' | 'text';

export interface DetectedType {
  kind: FileKind;
  contentType: string;
  extension: string;
}

export const ACCEPTED_TYPES: Readonly<Record<FileKind, DetectedType>> = {
  pdf: { kind: 'pdf', contentType: 'application/pdf', extension: 'pdf' },
  png: { kind: 'png', contentType: 'image/png', extension: 'png' },
  jpeg: { kind: 'jpeg', contentType: 'image/jpeg', extension: 'jpg' },
  webp: { kind: 'webp', contentType: 'image/webp', extension: 'webp' },
  docx: { kind: 'docx', contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', extension: 'docx' },
  xlsx: { kind: 'xlsx', contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', extension: 'xlsx' },
  text: { kind: 'text', contentType: 'text/plain; charset=utf-8', extension: 'txt' },
};

/** Bytes kept from the start of a file to decide its type (the whole text check runs on them). */
export const HEAD_BYTES = 64 * 1024;
/** Bytes kept from the end: a zip's end record with the longest possible comment; also holds `%%EOF` and IEND. */
export const TAIL_BYTES = 22 + 0xffff;
/** A central directory larger than this is not an office document's (thousands of entries). */
export const MAX_ZIP_DIRECTORY = 1024 * 1024;
const MAX_ZIP_ENTRIES = 10_000;
/** PDF readers look for `%%EOF` within the last 1 KiB; the markup scan covers the first 1 KiB (older sniffers read 256 bytes). */
const PDF_WINDOW = 1024;

/** What the detection needs of a file: its size, its first and last bytes, and a zip's central directory when it is one. */
export interface FileSample {
  size: number;
  /** The first min(size, HEAD_BYTES) bytes. */
  head: Uint8Array;
  /** The last min(size, TAIL_BYTES) bytes. */
  tail: Uint8Array;
  /** The bytes at `zipDirectoryRange(sample)`, when the head is a zip's; read by the caller. */
  zipDirectory?: Uint8Array | null;
}

export interface ZipDirectoryRange {
  offset: number;
  length: number;
  entries: number;
}

const startsWith = (buf: Uint8Array, bytes: number[], offset = 0) => bytes.every((b, i) => buf[offset + i] === b);
const ascii = (buf: Uint8Array, from = 0, to = buf.length) => Buffer.from(buf.buffer, buf.byteOffset + from, Math.max(0, Math.min(to, buf.length) - from)).toString('latin1');
const u16 = (buf: Uint8Array, at: number) => buf[at] | (buf[at + 1] << 8);
const u32 = (buf: Uint8Array, at: number) => (buf[at] | (buf[at + 1] << 8) | (buf[at + 2] << 16)) + buf[at + 3] * 0x1000000;

/**
 * Opening tags that make a browser or an old content sniffer treat bytes as HTML, SVG or XML, or
 * that carry script: anywhere in the window looked at, whatever comes before.
 */
const MARKUP = /<(?:!doctype\b|!--|\?xml\b|(?:html|head|body|script|svg|iframe|frame|frameset|object|embed|applet|meta|link|style|title|img|image|form|base|math|xsl:stylesheet|hta:application)(?=[\s/>]|$))/i;

export function hasMarkup(bytes: Uint8Array): boolean {
  return MARKUP.test(ascii(bytes));
}

/** UTF-8 text with no control characters but tab, line feed, form feed and carriage return. `partial`: the bytes may end inside a character. */
function isPlainText(bytes: Uint8Array, partial: boolean): boolean {
  if (bytes.length === 0) return false;
  for (const b of bytes) {
    if ((b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0c && b !== 0x0d) || b === 0x7f) return false;
  }
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes, { stream: partial });
    return true;
  } catch {
    return false;
  }
}

/** Text that a browser, a shell or an XML parser would treat as something else. */
function looksLikeCode(head: Uint8Array): boolean {
  let i = startsWith(head, [0xef, 0xbb, 0xbf]) ? 3 : 0;
  while (i < head.length && (head[i] === 0x20 || head[i] === 0x09 || head[i] === 0x0a || head[i] === 0x0d || head[i] === 0x0c)) i++;
  if (head[i] === 0x3c) return true; // `<`: a markup document of some kind
  if (head[i] === 0x23 && head[i + 1] === 0x21) return true; // `#!`: a script
  return hasMarkup(head);
}

/**
 * The kind the first bytes promise, or null when they can only be refused. Enough to stop an upload
 * early; `detectFileType` then checks the whole sample. `complete`: `head` is the whole file.
 */
export function sniffKind(head: Uint8Array, complete: boolean): FileKind | 'zip' | null {
  if (head.length === 0) return null;
  if (startsWith(head, [0x25, 0x50, 0x44, 0x46, 0x2d])) {
    return /^%PDF-\d\.\d/.test(ascii(head, 0, 8)) && !hasMarkup(head.subarray(0, PDF_WINDOW)) ? 'pdf' : null;
  }
  if (startsWith(head, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) {
    return head.length >= 33 && startsWith(head, [0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52], 8) ? 'png' : null;
  }
  if (startsWith(head, [0xff, 0xd8, 0xff])) return head.length > 3 && head[3] >= 0xc0 && head[3] <= 0xfe ? 'jpeg' : null;
  if (startsWith(head, [0x52, 0x49, 0x46, 0x46]) && startsWith(head, [0x57, 0x45, 0x42, 0x50], 8)) {
    return ['VP8 ', 'VP8L', 'VP8X'].includes(ascii(head, 12, 16)) ? 'webp' : null;
  }
  if (startsWith(head, [0x50, 0x4b, 0x03, 0x04])) return 'zip';
  return isPlainText(head, !complete) && !looksLikeCode(head) ? 'text' : null;
}

/**
 * Where a zip's central directory is, from its end-of-central-directory record (the last one whose
 * comment runs exactly to the end of the file); null when there is none, the zip spans disks, needs
 * Zip64, or the directory does not end where the record starts.
 */
export function zipDirectoryRange(sample: Pick<FileSample, 'size' | 'tail'>): ZipDirectoryRange | null {
  const { tail, size } = sample;
  for (let i = tail.length - 22; i >= 0; i--) {
    if (!startsWith(tail, [0x50, 0x4b, 0x05, 0x06], i) || u16(tail, i + 20) !== tail.length - i - 22) continue;
    const entries = u16(tail, i + 10);
    const length = u32(tail, i + 12);
    const offset = u32(tail, i + 16);
    const recordAt = size - tail.length + i;
    if (u16(tail, i + 4) !== 0 || u16(tail, i + 6) !== 0 || u16(tail, i + 8) !== entries) return null;
    if (entries === 0 || entries > MAX_ZIP_ENTRIES || length > MAX_ZIP_DIRECTORY || offset + length !== recordAt) return null;
    return { offset, length, entries };
  }
  return null;
}

/** The directory's bytes when they lie inside the tail already (the usual case); null when the caller must read them. */
export function zipDirectoryInTail(sample: Pick<FileSample, 'size' | 'tail'>, range: ZipDirectoryRange): Uint8Array | null {
  const tailStart = sample.size - sample.tail.length;
  return range.offset >= tailStart ? sample.tail.subarray(range.offset - tailStart, range.offset - tailStart + range.length) : null;
}

/** The entry names of a central directory, or null when it is not one (or holds another count of entries). */
export function zipEntryNames(directory: Uint8Array, entries: number): string[] | null {
  const names: string[] = [];
  let p = 0;
  for (let n = 0; n < entries; n++) {
    if (p + 46 > directory.length || !startsWith(directory, [0x50, 0x4b, 0x01, 0x02], p)) return null;
    const nameLength = u16(directory, p + 28);
    const end = p + 46 + nameLength + u16(directory, p + 30) + u16(directory, p + 32);
    if (end > directory.length) return null;
    const raw = directory.subarray(p + 46, p + 46 + nameLength);
    names.push((u16(directory, p + 8) & 0x0800) ? Buffer.from(raw).toString('utf8') : ascii(raw));
    p = end;
  }
  return p === directory.length ? names : null;
}

/** Entries an office document never needs and a crafted one might carry. */
const DANGEROUS_ENTRY = /(?:^|\/)vbaproject\.bin$|\.(?:exe|dll|com|scr|msi|bat|cmd|ps1|vbs|vbe|js|jse|wsf|wsh|hta|lnk|jar)$/;

/** Word or Excel by the structure of the package: the content types and exactly one main part. */
export function officeKind(names: string[]): 'docx' | 'xlsx' | null {
  const lower = names.map((n) => n.toLowerCase());
  if (new Set(lower).size !== lower.length) return null;
  if (lower.some((n) => n.includes('\\') || n.startsWith('/') || n.split('/').includes('..') || DANGEROUS_ENTRY.test(n))) return null;
  if (!lower.includes('[content_types].xml')) return null;
  const word = lower.includes('word/document.xml');
  const excel = lower.includes('xl/workbook.xml');
  if (word === excel) return null;
  return word ? 'docx' : 'xlsx';
}

/** The accepted type of a sample, or null when it must be refused. */
export function detectFileType(sample: FileSample): DetectedType | null {
  const { size, head, tail } = sample;
  const kind = sniffKind(head, size === head.length);
  switch (kind) {
    case 'pdf':
      return ascii(tail.subarray(Math.max(0, tail.length - PDF_WINDOW))).includes('%%EOF') ? ACCEPTED_TYPES.pdf : null;
    case 'png':
      return tail.length >= 12 && startsWith(tail, [0, 0, 0, 0, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82], tail.length - 12) ? ACCEPTED_TYPES.png : null;
    case 'jpeg':
      return ACCEPTED_TYPES.jpeg;
    case 'webp':
      return u32(head, 4) + 8 === size ? ACCEPTED_TYPES.webp : null;
    case 'zip': {
      const range = zipDirectoryRange(sample);
      const directory = sample.zipDirectory;
      if (!range || !directory || directory.length !== range.length) return null;
      const names = zipEntryNames(directory, range.entries);
      const office = names ? officeKind(names) : null;
      return office ? ACCEPTED_TYPES[office] : null;
    }
    case 'text': {
      if (size === head.length) return ACCEPTED_TYPES.text;
      // The tail may start inside a character: skip up to three continuation bytes.
      let from = 0;
      while (from < 3 && (tail[from] & 0xc0) === 0x80) from++;
      return isPlainText(tail.subarray(from), false) ? ACCEPTED_TYPES.text : null;
    }
    default:
      return null;
  }
}

/** The sample of a file held in memory, with its zip directory. */
export function sampleOf(buf: Uint8Array): FileSample {
  const sample: FileSample = { size: buf.length, head: buf.subarray(0, HEAD_BYTES), tail: buf.subarray(Math.max(0, buf.length - TAIL_BYTES)) };
  const range = sniffKind(sample.head, buf.length <= HEAD_BYTES) === 'zip' ? zipDirectoryRange(sample) : null;
  if (range) sample.zipDirectory = buf.subarray(range.offset, range.offset + range.length);
  return sample;
}

/** The accepted type of a file held in memory, or null. */
export function detectBufferType(buf: Uint8Array): DetectedType | null {
  return detectFileType(sampleOf(buf));
}

/**
 * The name a stored file is shown and downloaded under: the uploader's name without folders,
 * control, bidirectional or invisible formatting characters, reserved characters or leading dots,
 * and always with the extension of the detected type in place of the uploader's.
 */
export function safeFileName(name: string | undefined | null, extension: string): string {
  const base = String(name ?? '').split(/[\\/]/).pop() ?? '';
  const cleaned = base.normalize('NFC')
    .replace(/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}<>:"|?*]/gu, '')
    .replace(/\s+/g, ' ')
    .replace(/^[\s.]+|[\s.]+$/g, '');
  const stem = cleaned.replace(/\.[A-Za-z0-9]{1,10}$/, '').replace(/[\s.]+$/, '').slice(0, 200);
  return `${stem || 'file'}.${extension}`;
}

/** How a stored attachment is served: an accepted type as itself, anything else (rows from before the allow-list) as opaque bytes. */
export function servedAs(contentType: string, fileName: string): { contentType: string; fileName: string } {
  const type = Object.values(ACCEPTED_TYPES).find((t) => t.contentType === contentType);
  return type
    ? { contentType: type.contentType, fileName: safeFileName(fileName, type.extension) }
    : { contentType: 'application/octet-stream', fileName: safeFileName(fileName, 'bin') };
}

/** `Content-Disposition` of a download: always an attachment, with an ASCII fallback name and the exact UTF-8 one (RFC 6266/5987). */
export function attachmentDisposition(fileName: string): string {
  const fallback = fileName.replace(/[^\x20-\x7e]|["\\%;]/g, '_');
  const encoded = encodeURIComponent(fileName).replace(/['()*!]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}
