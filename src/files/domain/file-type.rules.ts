/**
 * Content sniffing for uploads: the type is decided by the bytes, never by the file name.
 * Only types people actually attach as evidence are recognised.
 */
export interface DetectedType {
  contentType: string;
  extension: string;
}

const startsWith = (buf: Uint8Array, bytes: number[], offset = 0) => bytes.every((b, i) => buf[offset + i] === b);

function isUtf8Text(buf: Uint8Array): boolean {
  if (buf.length === 0) return false;
  if (buf.includes(0)) return false;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(buf);
    return true;
  } catch {
    return false;
  }
}

/** Office Open XML files are zips whose first entry, or an early one, names the document part. */
function officeType(buf: Uint8Array): DetectedType | null {
  const head = Buffer.from(buf.subarray(0, Math.min(buf.length, 4096))).toString('latin1');
  if (head.includes('word/')) return { contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', extension: 'docx' };
  if (head.includes('xl/')) return { contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', extension: 'xlsx' };
  return null;
}

export function detectFileType(buf: Uint8Array): DetectedType | null {
  if (startsWith(buf, [0x25, 0x50, 0x44, 0x46, 0x2d])) return { contentType: 'application/pdf', extension: 'pdf' };
  if (startsWith(buf, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return { contentType: 'image/png', extension: 'png' };
  if (startsWith(buf, [0xff, 0xd8, 0xff])) return { contentType: 'image/jpeg', extension: 'jpg' };
  if (startsWith(buf, [0x52, 0x49, 0x46, 0x46]) && startsWith(buf, [0x57, 0x45, 0x42, 0x50], 8)) return { contentType: 'image/webp', extension: 'webp' };
  if (startsWith(buf, [0x50, 0x4b, 0x03, 0x04])) return officeType(buf);
  if (isUtf8Text(buf.subarray(0, Math.min(buf.length, 65536)))) return { contentType: 'text/plain; charset=utf-8', extension: 'txt' };
  return null;
}

/** A display name without directories, control characters or reserved characters; never empty. */
export function cleanFileName(name: string | undefined | null, fallbackExtension: string): string {
  const base = String(name ?? '').split(/[\\/]/).pop() ?? '';
  const cleaned = base.replace(/[\u0000-\u001f\u007f<>:"|?*]/g, '').replace(/^\.+/, '').trim().slice(0, 200);
  return cleaned || `file.${fallbackExtension}`;
}
