import type { Request } from 'express';
import type { StorageEngine } from 'multer';
import { createHash, randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, open, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { PayloadTooLargeError, UnsupportedMediaTypeError } from '../common/errors/domain-error.js';
import { formatBytes } from '../common/format-bytes.js';
import {
  detectFileType, HEAD_BYTES, sniffKind, TAIL_BYTES, zipDirectoryInTail, zipDirectoryRange, type DetectedType, type FileSample,
} from './domain/file-type.rules.js';

/** An uploaded file as the application reads it: on disk in the incoming folder, measured, hashed and typed while it streamed in. */
export interface UploadedPart {
  fieldname: string;
  /** The uploader's name for it: shown (cleaned), never used on disk. */
  originalname: string;
  /** A temporary file under `<FILES_DIR>/.incoming`; removed after the request unless FilesService.store moved it. */
  path: string;
  size: number;
  sha256: string;
  /** Detected from the content (allow-list); null only on routes that take any type and check it themselves (imports). */
  type: DetectedType | null;
  /** The content, only on routes that ask for it (`buffer: true`). */
  buffer?: Buffer;
}

export interface UploadStorageLimits {
  /** Largest file, in bytes. */
  file: number;
  /** Largest sum of the files of one request, in bytes. */
  total: number;
}

/** The uploader's name, for messages only. */
const shownName = (name: string | undefined) => (String(name ?? '').split(/[\\/]/).pop() ?? '').replace(/[\p{Cc}\p{Cf}]/gu, '').slice(0, 100);

/** A file too large, or the files together: 413, keyed by the form field. */
export function uploadTooLarge(field: string, name: string | undefined, limit: number, together = false): PayloadTooLargeError {
  const params = { name: shownName(name), limit: formatBytes(limit) };
  return new PayloadTooLargeError({ limit: params.limit }, { [field]: [{ code: together ? 'filesTooLarge' : 'fileTooLarge', params }] });
}

/** A type off the allow-list: 415, keyed by the form field. */
export function uploadRefusedType(field: string, rawName: string | undefined): UnsupportedMediaTypeError {
  const name = shownName(rawName);
  return new UnsupportedMediaTypeError('files.unsupportedType', { name }, { [field]: [{ code: 'fileType', params: { name } }] });
}

/**
 * A multer storage engine that streams each file to a temporary file, never holding more of it in
 * memory than its first and last bytes: it counts the bytes of the file and of the whole request
 * against the limits, hashes them, and decides the type from the first bytes (refusing early) and
 * from the finished file (structure). On any failure the temporary file is removed before multer
 * hears of it; multer removes the request's other files.
 */
export class UploadStorage implements StorageEngine {
  private readonly received = new WeakMap<Request, number>();

  constructor(
    private readonly dir: string,
    private readonly limits: UploadStorageLimits,
    /** false: take any content (the route checks it itself). */
    private readonly detect: boolean,
    /** Checked as each file begins, before a byte of it is stored (the CSRF token of the fields before it); throws to refuse. */
    private readonly admit: (req: Request) => void = () => undefined,
  ) {}

  _handleFile(req: Request, file: Express.Multer.File, callback: (error?: unknown, info?: Partial<UploadedPart>) => void): void {
    this.receive(req, file).then((info) => callback(null, info), (err: unknown) => callback(err));
  }

  _removeFile(_req: Request, file: Express.Multer.File, callback: (error: Error | null) => void): void {
    const path = file.path;
    rm(path, { force: true }).then(() => callback(null), (err: Error) => callback(err));
  }

  private async receive(req: Request, file: Express.Multer.File): Promise<Partial<UploadedPart>> {
    this.admit(req);
    const field = file.fieldname;
    const name = file.originalname;
    await mkdir(this.dir, { recursive: true });
    const path = join(this.dir, randomUUID());
    const hash = createHash('sha256');
    const head: Buffer[] = [];
    let headLength = 0;
    let tail: Buffer[] = [];
    let tailLength = 0;
    let size = 0;
    let sniffed = !this.detect;

    const meter = new Transform({
      transform: (chunk: Buffer, _encoding, done) => {
        size += chunk.length;
        const total = (this.received.get(req) ?? 0) + chunk.length;
        this.received.set(req, total);
        if (size > this.limits.file) return done(uploadTooLarge(field, name, this.limits.file));
        if (total > this.limits.total) return done(uploadTooLarge(field, name, this.limits.total, true));
        hash.update(chunk);
        if (headLength < HEAD_BYTES) {
          const part = chunk.subarray(0, HEAD_BYTES - headLength);
          head.push(part);
          headLength += part.length;
          if (!sniffed && headLength === HEAD_BYTES) {
            sniffed = true;
            if (!sniffKind(Buffer.concat(head), false)) return done(uploadRefusedType(field, name));
          }
        }
        tail.push(chunk);
        tailLength += chunk.length;
        while (tail.length > 1 && tailLength - tail[0].length >= TAIL_BYTES) tailLength -= tail.shift()!.length;
        done(null, chunk);
      },
    });

    try {
      await pipeline(file.stream, meter, createWriteStream(path, { flags: 'wx', mode: 0o600 }));
      let type: DetectedType | null = null;
      if (this.detect) {
        const whole = Buffer.concat(tail);
        type = await this.typeOf(path, { size, head: Buffer.concat(head), tail: whole.subarray(Math.max(0, whole.length - TAIL_BYTES)) });
        if (!type) throw uploadRefusedType(field, name);
      }
      tail = [];
      return { path, size, sha256: hash.digest('hex'), type };
    } catch (err) {
      await rm(path, { force: true });
      throw err;
    }
  }

  /** The detected type; a zip's central directory is read from the file when it lies before the tail. */
  private async typeOf(path: string, sample: FileSample): Promise<DetectedType | null> {
    if (sniffKind(sample.head, sample.size === sample.head.length) === 'zip') {
      const range = zipDirectoryRange(sample);
      if (!range) return null;
      sample.zipDirectory = zipDirectoryInTail(sample, range) ?? await readRange(path, range.offset, range.length);
    }
    return detectFileType(sample);
  }
}

async function readRange(path: string, offset: number, length: number): Promise<Buffer> {
  const handle = await open(path, 'r');
  try {
    const buf = Buffer.alloc(length);
    const { bytesRead } = await handle.read(buf, 0, length, offset);
    return buf.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}
