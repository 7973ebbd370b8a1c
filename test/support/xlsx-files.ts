import { constants, crc32, deflateRawSync } from 'node:zlib';

/**
 * Hand-made zip archives and workbooks for the import tests: honest ones, and the hostile shapes an
 * attacker sends (entries that lie about their size, deflate bombs, odd names, XML entity bombs).
 */

/** One entry's bytes as they are stored, with what its headers say. */
export interface ZipEntry {
  name: string;
  /** Stored (0) or deflate (8). */
  method: 0 | 8;
  /** The entry's data as it sits in the archive. */
  data: Buffer;
  crc: number;
  /** What both headers declare as the unpacked size. */
  size: number;
  flags?: number;
}

/** An entry deflated (or stored), its headers telling the truth unless `declare` says otherwise. */
export function entry(name: string, content: string | Buffer, options: { stored?: boolean; declare?: number } = {}): ZipEntry {
  const bytes = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
  return {
    name, method: options.stored ? 0 : 8, data: options.stored ? bytes : deflateRawSync(bytes),
    crc: crc32(bytes), size: options.declare ?? bytes.length,
  };
}

/**
 * A deflated entry whose content is `head`, then `repeat` bytes of spaces, then `tail`, built without
 * ever holding the spaces: each MiB of spaces deflates to the same kilobyte after a full flush, so the
 * stream is that kilobyte repeated (deflate reaches about 1000:1 on one repeated byte).
 */
export function spacesEntry(name: string, head: string, repeat: number, tail: string, options: { declare?: number } = {}): ZipEntry {
  const MiB = 1 << 20;
  if (repeat % MiB !== 0) throw new Error('repeat must be whole MiB');
  const flush = { finishFlush: constants.Z_FULL_FLUSH };
  const spaces = Buffer.alloc(MiB, 0x20);
  const block = deflateRawSync(spaces, flush);
  const parts = [deflateRawSync(Buffer.from(head), flush)];
  // A lying entry gets no true CRC either: computing one over gigabytes is what the test must not spend.
  const honest = options.declare === undefined;
  let crc = crc32(head);
  for (let i = 0; i < repeat / MiB; i++) {
    parts.push(block);
    if (honest) crc = crc32(spaces, crc);
  }
  parts.push(deflateRawSync(Buffer.from(tail)));
  crc = crc32(tail, crc);
  const size = Buffer.byteLength(head) + repeat + Buffer.byteLength(tail);
  return { name, method: 8, data: Buffer.concat(parts), crc, size: options.declare ?? size };
}

/** A zip archive of the entries in order: local headers and data, then the central directory (and an archive comment). */
export function zip(entries: readonly ZipEntry[], comment = ''): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name, 'utf8');
    const flags = e.flags ?? 0x0800;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(flags, 6);
    local.writeUInt16LE(e.method, 8);
    local.writeUInt32LE(e.crc >>> 0, 14);
    local.writeUInt32LE(e.data.length, 18);
    local.writeUInt32LE(Math.min(e.size, 0xffffffff), 22);
    local.writeUInt16LE(name.length, 26);
    locals.push(local, name, e.data);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(flags, 8);
    central.writeUInt16LE(e.method, 10);
    central.writeUInt32LE(e.crc >>> 0, 16);
    central.writeUInt32LE(e.data.length, 20);
    central.writeUInt32LE(Math.min(e.size, 0xffffffff), 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    centrals.push(central, name);
    offset += 30 + name.length + e.data.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(Math.min(entries.length, 0xffff), 8);
  end.writeUInt16LE(Math.min(entries.length, 0xffff), 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  const note = Buffer.from(comment, 'latin1');
  end.writeUInt16LE(note.length, 20);
  return Buffer.concat([...locals, directory, end, note]);
}

const NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const PKG_REL = 'http://schemas.openxmlformats.org/package/2006/relationships';

/** The sheet part around some sheetData content. */
export const sheetXml = (rows: string) => `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="${NS}"><sheetData>${rows}</sheetData></worksheet>`;

/** Rows of inline-string cells, numbered from 1. */
export function inlineRows(rows: readonly (readonly string[])[]): string {
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  return rows.map((cells, r) => `<row r="${r + 1}">${cells.map((c, i) => `<c r="${String.fromCharCode(65 + i)}${r + 1}" t="inlineStr"><is><t>${esc(c)}</t></is></c>`).join('')}</row>`).join('');
}

/**
 * The parts of a minimal workbook that Excel and exceljs open: content types, package and workbook
 * relationships, the workbook with one sheet, and the sheet (an entry, so a test can make it hostile).
 */
export function workbookEntries(sheet: ZipEntry, extra: { sharedStrings?: ZipEntry; styles?: ZipEntry } = {}): ZipEntry[] {
  const rels = [`<Relationship Id="rId1" Type="${REL}/worksheet" Target="worksheets/sheet1.xml"/>`];
  if (extra.sharedStrings) rels.push(`<Relationship Id="rId2" Type="${REL}/sharedStrings" Target="sharedStrings.xml"/>`);
  if (extra.styles) rels.push(`<Relationship Id="rId3" Type="${REL}/styles" Target="styles.xml"/>`);
  const types = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    + '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
    + '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    + '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    + (extra.sharedStrings ? '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>' : '')
    + (extra.styles ? '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>' : '')
    + '</Types>';
  return [
    entry('[Content_Types].xml', types),
    entry('_rels/.rels', `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="${PKG_REL}"><Relationship Id="rId1" Type="${REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>`),
    entry('xl/workbook.xml', `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<workbook xmlns="${NS}" xmlns:r="${REL}"><sheets><sheet name="t" sheetId="1" r:id="rId1"/></sheets></workbook>`),
    entry('xl/_rels/workbook.xml.rels', `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="${PKG_REL}">${rels.join('')}</Relationships>`),
    ...(extra.sharedStrings ? [extra.sharedStrings] : []),
    ...(extra.styles ? [extra.styles] : []),
    sheet,
  ];
}

export const SHEET_PATH = 'xl/worksheets/sheet1.xml';

/** A workbook of inline-string rows. */
export function xlsxOf(rows: readonly (readonly string[])[]): Buffer {
  return zip(workbookEntries(entry(SHEET_PATH, sheetXml(inlineRows(rows)))));
}

const GiB = 1 << 30;
const MiB = 1 << 20;

/** The sheet inflates to `spaces` bytes of spaces (2 GiB by default, a 2 MB file) while its headers say it is 1,000 bytes. */
export function spacesBomb(spaces = 2 * GiB): Buffer {
  const head = `<?xml version="1.0" encoding="UTF-8"?>\n<worksheet xmlns="${NS}"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>uscc</t></is></c></row>`;
  return zip(workbookEntries(spacesEntry(SHEET_PATH, head, spaces, '</sheetData></worksheet>', { declare: 1000 })));
}

/** An honest sheet: its headers declare the true size (250 MiB of spaces by default, a 256 KB file). */
export function honestSpaces(spaces = 250 * MiB): Buffer {
  return zip(workbookEntries(spacesEntry(SHEET_PATH, `<worksheet xmlns="${NS}"><sheetData>`, spaces, '</sheetData></worksheet>')));
}

/** One cell whose text is `spaces` bytes of spaces: a single text node as large as the inflate allows. */
export function spacesInOneCell(spaces = 2 * GiB): Buffer {
  const head = `<worksheet xmlns="${NS}"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>`;
  return zip(workbookEntries(spacesEntry(SHEET_PATH, head, spaces, '</t></is></c></row></sheetData></worksheet>', { declare: 1000 })));
}

/** The shared strings part inflates to 2 GiB of spaces inside one string. */
export function sharedStringsBomb(spaces = 2 * GiB): Buffer {
  const strings = spacesEntry('xl/sharedStrings.xml', `<sst xmlns="${NS}" count="1" uniqueCount="1"><si><t>`, spaces, '</t></si></sst>', { declare: 1000 });
  const sheet = entry(SHEET_PATH, sheetXml('<row r="1"><c r="A1" t="s"><v>0</v></c></row>'));
  return zip(workbookEntries(sheet, { sharedStrings: strings }));
}

/** Many small shared strings, each referenced once: `count` strings of `text`. */
export function manySharedStrings(count: number, text = 'x'): Buffer {
  const si = `<si><t>${text}</t></si>`;
  const strings = entry('xl/sharedStrings.xml', `<sst xmlns="${NS}">${si.repeat(count)}</sst>`);
  const sheet = entry(SHEET_PATH, sheetXml('<row r="1"><c r="A1" t="s"><v>0</v></c></row>'));
  return zip(workbookEntries(sheet, { sharedStrings: strings }));
}

/** The classic "billion laughs": nested entities that expand to 10^9 "lol"s, in the sheet's DTD. */
export function billionLaughs(): Buffer {
  const levels = ['<!ENTITY lol0 "lol">'];
  for (let i = 1; i <= 9; i++) levels.push(`<!ENTITY lol${i} "${`&lol${i - 1};`.repeat(10)}">`);
  const xml = `<?xml version="1.0"?>\n<!DOCTYPE worksheet [${levels.join('')}]>\n<worksheet xmlns="${NS}"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&lol9;</t></is></c></row></sheetData></worksheet>`;
  return zip(workbookEntries(entry(SHEET_PATH, xml)));
}
