import {
  BadRequestException, Injectable, mixin, PayloadTooLargeException, type CallHandler, type ExecutionContext, type NestInterceptor, type Type,
} from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { FileInterceptor, FilesInterceptor } from '@nestjs/platform-express';
import type { Request } from 'express';
import { readFile, rm } from 'node:fs/promises';
import { finalize, type Observable } from 'rxjs';
import { CHECKS_MULTIPART_CSRF, csrf, csrfDeferred } from '../accounts/auth/csrf.js';
import { CsrfError, ValidationFailedError } from '../common/errors/domain-error.js';
import type { Principal } from '../common/principal.js';
import { AppConfig } from '../config/app-config.js';
import { incomingDir } from './files.service.js';
import { uploadTooLarge, UploadStorage, type UploadedPart } from './upload-storage.js';

export type { UploadedPart } from './upload-storage.js';

export interface UploadAccessContext {
  req: Request;
  principal: Principal;
  /** A provider of the application (a service of the route's context), to load the record the upload is for. */
  get<T>(type: Type<T>): T;
}

/**
 * Decides, before a byte of the body is read, whether the caller may upload to this route's record:
 * loads the record named by the route's parameters and throws (NotFoundError for another tenant's or
 * a missing one) when not. Runs after the guards, so the principal and the route's roles are settled.
 */
export type UploadAccess = (ctx: UploadAccessContext) => Promise<void>;

/** For routes that upload to no existing record (a new breach, an import): their @Roles are the whole check. */
export const ROLES_SUFFICE: UploadAccess = async () => undefined;

/** The positive integer route parameter `name`, or the 400 ParseIntPipe would give; for access checks that run before the pipes. */
export function routeId(req: Request, name = 'id'): number {
  const raw = req.params?.[name];
  const id = /^\d{1,15}$/.test(String(raw)) ? Number(raw) : NaN;
  if (!Number.isSafeInteger(id)) throw new ValidationFailedError({ [name]: [{ code: 'integer' }] });
  return id;
}

export interface UploadOptions {
  /** Form field of the file(s). */
  field: string;
  /** 1 for a single file (req.file), more for an array (req.files). */
  maxCount: number;
  /** Per-file byte limit, from the configuration (known only at boot). */
  limit: (config: AppConfig) => number;
  /** Who may upload here; checked before the body is parsed (see UploadAccess). */
  access: UploadAccess;
  /** `allowed` (default): only the allow-list of file-type.rules.ts, else 415. `any`: the route checks the content itself (imports). */
  accept?: 'allowed' | 'any';
  /** Also hand the route the content in memory (`buffer`), read from the temporary file once it passed the limits. */
  buffer?: boolean;
}

/** Multer's refusals that concern the files sent: 400 keyed by the field (too many files, or files in a field the route does not take). */
function fileProblem(cause: { code?: string; field?: string } | undefined, field: string, maxCount: number): ValidationFailedError | null {
  if (cause?.code === 'LIMIT_FILE_COUNT' || (cause?.code === 'LIMIT_UNEXPECTED_FILE' && cause.field === field)) {
    return new ValidationFailedError({ [field]: [{ code: 'maxFiles', params: { limit: maxCount } }] });
  }
  if (cause?.code === 'LIMIT_UNEXPECTED_FILE' && cause.field) return new ValidationFailedError({ [cause.field.slice(0, 100)]: [{ code: 'unknownField' }] });
  return null;
}

/**
 * The one way a route takes files: first the access check (a refusal never reads the body), then
 * multer streams each file to `<FILES_DIR>/.incoming` through UploadStorage, within the limits —
 * the per-file `limit`, `maxCount` files, and UPLOAD_MAX_TOTAL_BYTES for the request (never less
 * than one file's limit) — typing and hashing it on the way. Too large answers 413, a type off the
 * list 415, too many files 400, each keyed by the field. Whatever the outcome, the temporary files
 * are gone when the request ends (FilesService.store moves the ones kept). A multipart form's CSRF
 * token is its `_csrf` field, placed before the file inputs (`{{> csrf}}` first in the form): the
 * guard leaves it to this interceptor, which refuses (403) when the first file arrives without a
 * valid token before (so nothing is stored) and again once the body is parsed.
 */
export function UploadInterceptor(options: UploadOptions): Type<NestInterceptor> {
  @Injectable()
  class ConfiguredUpload implements NestInterceptor {
    static readonly [CHECKS_MULTIPART_CSRF] = true;
    private readonly multer: NestInterceptor;
    private readonly fileLimit: number;

    constructor(config: AppConfig, private readonly moduleRef: ModuleRef) {
      this.fileLimit = options.limit(config);
      const total = Math.max(this.fileLimit, Math.min(this.fileLimit * options.maxCount, config.UPLOAD_MAX_TOTAL_BYTES));
      const storage = new UploadStorage(incomingDir(config), { file: this.fileLimit, total }, options.accept !== 'any', assertCsrf);
      const multerOptions = {
        storage, defParamCharset: 'utf8',
        limits: { fileSize: this.fileLimit, files: options.maxCount, fields: 50, fieldSize: 64 * 1024, parts: options.maxCount + 50 },
      };
      const Multer = options.maxCount === 1
        ? FileInterceptor(options.field, multerOptions)
        : FilesInterceptor(options.field, options.maxCount, multerOptions);
      this.multer = new Multer();
    }

    async intercept(ctx: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
      const req = ctx.switchToHttp().getRequest<Request>();
      await options.access({ req, principal: req.principal as Principal, get: (type) => this.moduleRef.get(type, { strict: false }) });
      let handled: Observable<unknown>;
      try {
        handled = await this.multer.intercept(ctx, next);
        assertCsrf(req);
        if (options.buffer) for (const part of partsOf(req)) part.buffer = await readFile(part.path);
      } catch (err) {
        await removeTemporary(req);
        throw this.mapped(err);
      }
      return handled.pipe(finalize(() => void removeTemporary(req)));
    }

    private mapped(err: unknown): unknown {
      const cause = (err as { cause?: { code?: string; field?: string; filename?: string } }).cause;
      if (err instanceof PayloadTooLargeException) return uploadTooLarge(options.field, cause?.filename, this.fileLimit);
      if (err instanceof BadRequestException) return fileProblem(cause, options.field, options.maxCount) ?? err;
      return err;
    }
  }
  return mixin(ConfiguredUpload);
}

/** The token the guard left to the multipart body (see deferCsrfToMultipart), from the fields parsed so far. */
function assertCsrf(req: Request): void {
  if (csrfDeferred(req) && !csrf.isRequestValid(req)) throw new CsrfError();
}

function partsOf(req: Request): UploadedPart[] {
  const files = (req.files ?? (req.file ? [req.file] : [])) as unknown;
  const list = Array.isArray(files) ? files : Object.values(files as Record<string, unknown[]>).flat();
  return (list as UploadedPart[]).filter((p) => typeof p?.path === 'string');
}

/** Removes what is left in the incoming folder for this request (FilesService.store moved what it kept). */
async function removeTemporary(req: Request): Promise<void> {
  await Promise.all(partsOf(req).map((p) => rm(p.path, { force: true }).catch(() => undefined)));
}
