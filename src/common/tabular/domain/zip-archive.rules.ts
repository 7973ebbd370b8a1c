/**
 * The directory of an uploaded zip archive (an XLSX workbook), read without unpacking anything and
 * trusting nothing it declares: every entry must be where both of its headers say, with a plain
 * name, unencrypted, stored or deflated, and not overlapping another. Declared unpacked sizes can
 * only refuse an archive, never admit one: the inflate itself is capped as it runs.
 * Pure rules: no framework imports.
 */

/** One entry, located in the archive. */
export interface ZipEntryInfo {
  name: string;
  /** 0 stored, 8 deflate. */
  method: 0 | 8;
  /** CRC-32 of the unpacked bytes, as the central directory declares it. */
  crc: number;
  /** The entry's bytes in the archive: `[dataStart, dataEnd)`. */
  dataStart: number;
  dataEnd: number;
}

/** Why an archive is refused. `tooLarge` is declared sizes over the cap; everything else is a damaged or hostile archive. */
export type ZipProblem = 'notZip' | 'zip64' | 'tooManyEntries' | 'badName' | 'duplicateName' | 'encrypted' | 'method' | 'badEntry' | 'overlap' | 'tooLarge';

export type ZipDirectory = { ok: true; entries: ZipEntryInfo[] } | { ok: false; problem: ZipProblem; name?: string };

export interface ZipLimits {
  /** Most entries an archive may have. */
  entries: number;
  /** Most bytes the entries may unpack to, together. */
  unpackedBytes: number;
}

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
const EOCD_SIZE = 22;
const CENTRAL_SIZE = 46;
const LOCAL_SIZE = 30;
const FLAG_ENCRYPTED = 0x0001;
const FLAG_UTF8 = 0x0800;
/** Names longer than this are not part names any spreadsheet writes. */
const MAX_NAME_BYTES = 1024;

/** Why an entry name is refused, or null when it is a plain relative path (a trailing `/` marks a folder). */
export function entryNameProblem(name: string): string | null {
  if (name === '') return 'empty';
  if (/[\u0000-\u001F\u007F]/.test(name)) return 'control character';
  if (name.includes('\\')) return 'backslash';
  if (name.startsWith('/')) return 'absolute';
  if (/^[A-Za-z]:/.test(name)) return 'drive letter';
  const segments = (name.endsWith('/') ? name.slice(0, -1) : name).split('/');
  if (segments.some((s) => s === '')) return 'empty segment';
  if (segments.some((s) => s === '.' || s === '..')) return 'dot segment';
  return null;
}

/**
 * Reads the central directory and checks every entry against its local header. Refuses what a
 * spreadsheet writer never produces and a zip bomb relies on: ZIP64, more than `limits.entries`
 * entries, odd or repeated names (compared case-insensitively, as OPC part names are), encryption,
 * methods other than stored and deflate, entries outside the archive or overlapping each other, and
 * declared sizes over `limits.unpackedBytes`. Folder entries are left out of the result.
 */
export function readZipDirectory(bytes: Uint8Array, limits: ZipLimits): ZipDirectory {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const u16 = (at: number) => view.getUint16(at, true);
  const u32 = (at: number) => view.getUint32(at, true);
  const fail = (problem: ZipProblem, name?: string): ZipDirectory => ({ ok: false, problem, ...(name === undefined ? {} : { name }) });

  // The end record is the last 22 bytes plus its comment: the one whose comment ends the file.
  let eocd = -1;
  for (let at = bytes.length - EOCD_SIZE; at >= Math.max(0, bytes.length - EOCD_SIZE - 0xffff); at--) {
    if (u32(at) === EOCD && at + EOCD_SIZE + u16(at + 20) === bytes.length) {
      eocd = at;
      break;
    }
  }
  if (eocd < 0) return fail('notZip');
  const count = u16(eocd + 10);
  const directorySize = u32(eocd + 12);
  const directoryStart = u32(eocd + 16);
  if (count === 0xffff || directorySize === 0xffffffff || directoryStart === 0xffffffff) return fail('zip64');
  if (u16(eocd + 4) !== 0 || u16(eocd + 6) !== 0 || u16(eocd + 8) !== count) return fail('notZip');
  if (count > limits.entries) return fail('tooManyEntries');
  if (directoryStart + directorySize > eocd) return fail('notZip');

  const entries: ZipEntryInfo[] = [];
  const headerStarts: number[] = [];
  const seen = new Set<string>();
  let declared = 0;
  let p = directoryStart;
  for (let i = 0; i < count; i++) {
    if (p + CENTRAL_SIZE > directoryStart + directorySize || u32(p) !== CENTRAL) return fail('notZip');
    const flags = u16(p + 8);
    const method = u16(p + 10);
    const crc = u32(p + 16);
    const compressed = u32(p + 20);
    const size = u32(p + 24);
    const nameLength = u16(p + 28);
    const next = p + CENTRAL_SIZE + nameLength + u16(p + 30) + u16(p + 32);
    const headerStart = u32(p + 42);
    if (next > directoryStart + directorySize) return fail('notZip');
    if (compressed === 0xffffffff || size === 0xffffffff || headerStart === 0xffffffff) return fail('zip64');
    if (nameLength > MAX_NAME_BYTES) return fail('badName');
    const nameBytes = bytes.subarray(p + CENTRAL_SIZE, p + CENTRAL_SIZE + nameLength);
    const name = decodeName(nameBytes, flags);
    const nameProblem = name === null ? 'encoding' : entryNameProblem(name);
    if (name === null || nameProblem) return fail('badName', name ?? undefined);
    const key = name.toLowerCase();
    if (seen.has(key)) return fail('duplicateName', name);
    seen.add(key);
    if (flags & FLAG_ENCRYPTED) return fail('encrypted', name);
    if (method !== 0 && method !== 8) return fail('method', name);

    // The local header must agree with the central one, and the data must lie before the directory.
    if (headerStart + LOCAL_SIZE > directoryStart || u32(headerStart) !== LOCAL) return fail('badEntry', name);
    const localFlags = u16(headerStart + 6);
    const localNameLength = u16(headerStart + 26);
    if (u16(headerStart + 8) !== method || (localFlags & FLAG_ENCRYPTED) || localNameLength !== nameLength) return fail('badEntry', name);
    const dataStart = headerStart + LOCAL_SIZE + localNameLength + u16(headerStart + 28);
    const dataEnd = dataStart + compressed;
    if (dataEnd > directoryStart || !sameBytes(bytes.subarray(headerStart + LOCAL_SIZE, headerStart + LOCAL_SIZE + localNameLength), nameBytes)) {
      return fail('badEntry', name);
    }
    if (method === 0 && size !== compressed) return fail('badEntry', name);

    declared += size;
    if (declared > limits.unpackedBytes) return fail('tooLarge', name);
    headerStarts.push(headerStart);
    entries.push({ name, method, crc, dataStart, dataEnd });
    p = next;
  }

  // No two entries may share bytes (overlapping entries are how a small archive repeats one huge stream).
  const order = entries.map((_, i) => i).sort((a, b) => headerStarts[a] - headerStarts[b]);
  for (let k = 1; k < order.length; k++) {
    if (entries[order[k - 1]].dataEnd > headerStarts[order[k]]) return fail('overlap', entries[order[k]].name);
  }
  return { ok: true, entries: entries.filter((e) => !e.name.endsWith('/')) };
}

/** UTF-8 when flagged (refused when invalid); otherwise only ASCII, which is all a workbook's part names use. */
function decodeName(bytes: Uint8Array, flags: number): string | null {
  if (!(flags & FLAG_UTF8) && bytes.some((b) => b > 0x7f)) return null;
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return null;
  }
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/**
 * The part a relationship points at: `target` relative to the folder of `source` (or to the package
 * root when it starts with `/`), with `.` and `..` resolved; null when it climbs out of the package.
 */
export function resolvePartName(source: string, target: string): string | null {
  const base = target.startsWith('/') ? [] : source.split('/').slice(0, -1);
  const out = [...base];
  for (const segment of target.replace(/^\/+/, '').split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') {
      if (out.length === 0) return null;
      out.pop();
    } else out.push(segment);
  }
  return out.length ? out.join('/') : null;
}
