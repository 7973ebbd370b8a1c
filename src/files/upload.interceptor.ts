import { Injectable, mixin, PayloadTooLargeException, type CallHandler, type ExecutionContext, type NestInterceptor, type Type } from '@nestjs/common';
import { FileInterceptor, FilesInterceptor } from '@nestjs/platform-express';
import type { Observable } from 'rxjs';
import { AppConfig } from '../config/app-config.js';
import { PayloadTooLargeError } from '../common/errors/domain-error.js';
import { formatBytes } from '../common/format-bytes.js';

/** The part of multer's file (memory storage) the application reads. */
export interface UploadedPart {
  originalname: string;
  buffer: Buffer;
  size: number;
}

export interface UploadOptions {
  /** Form field of the file(s). */
  field: string;
  /** 1 for a single file (req.file), more for an array (req.files). */
  maxCount: number;
  /** Per-file byte limit, from the configuration (known only at boot). */
  limit: (config: AppConfig) => number;
}

/**
 * Multer with memory storage and a configured size limit; a file over the limit answers 413 with
 * the limit in the message. CSRF for multipart forms travels in the query string (the guard runs
 * before multer parses the body).
 */
export function UploadInterceptor(options: UploadOptions): Type<NestInterceptor> {
  @Injectable()
  class ConfiguredUpload implements NestInterceptor {
    private readonly multer: NestInterceptor;

    constructor(private readonly config: AppConfig) {
      const limits = { fileSize: options.limit(config), files: options.maxCount, fields: 50 };
      const Multer = options.maxCount === 1
        ? FileInterceptor(options.field, { limits, defParamCharset: 'utf8' })
        : FilesInterceptor(options.field, options.maxCount, { limits, defParamCharset: 'utf8' });
      this.multer = new Multer();
    }

    async intercept(ctx: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
      try {
        return await this.multer.intercept(ctx, next);
      } catch (err) {
        if (err instanceof PayloadTooLargeException) throw new PayloadTooLargeError({ limit: formatBytes(options.limit(this.config)) });
        throw err;
      }
    }
  }
  return mixin(ConfiguredUpload);
}
