import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, mkdirSync } from 'node:fs';
import { rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Readable } from 'node:stream';
import { DataSource, EntityManager } from 'typeorm';
import { defineContribution } from '../common/contributions/contribution.js';
import { ContributionRegistry } from '../common/contributions/contribution-registry.js';
import { NotFoundError, PayloadTooLargeError, UnsupportedMediaTypeError } from '../common/errors/domain-error.js';
import { formatBytes } from '../common/format-bytes.js';
import type { Principal } from '../common/principal.js';
import { AppConfig } from '../config/app-config.js';
import { cleanFileName, detectFileType } from './domain/file-type.rules.js';
import { AttachmentEntity } from './entities/attachment.entity.js';
import type { UploadedPart } from './upload.interceptor.js';

/**
 * Decides whether a principal may read the attachments of one record. Each kind of record that
 * has attachments contributes one with `@AttachmentOwner('<ownerType>')`; files of a kind without
 * one are never stored and never served.
 */
export type OwnerAccess = (principal: Principal, ownerId: number) => Promise<boolean>;

export const ATTACHMENT_OWNERS = defineContribution<string, OwnerAccess>({ name: 'attachment owner', key: (ownerType) => ownerType });

/** Marks the method that says who may read the attachments of one kind of record. */
export const AttachmentOwner = ATTACHMENT_OWNERS.decorator;

export interface AttachmentView {
  id: number;
  fileName: string;
  contentType: string;
  size: number;
  sha256: string;
  createdAt: Date;
}

export function toAttachmentView(a: AttachmentEntity): AttachmentView {
  return { id: a.id, fileName: a.fileName, contentType: a.contentType, size: a.size, sha256: a.sha256, createdAt: a.createdAt };
}

/** The reusable attachment mechanism: checked by content, stored under a generated name, served only to those allowed. */
@Injectable()
export class FilesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: AppConfig,
    private readonly contributions: ContributionRegistry,
  ) {}

  private accessFor(ownerType: string): OwnerAccess | undefined {
    return this.contributions.of(ATTACHMENT_OWNERS).find((c) => c.meta === ownerType)?.fn;
  }

  /** Refuses what is too large (413) or of a type not accepted (415), before anything is written. */
  check(parts: UploadedPart[]): void {
    for (const part of parts) {
      if (part.size > this.config.UPLOAD_MAX_BYTES || part.buffer.length > this.config.UPLOAD_MAX_BYTES) {
        throw new PayloadTooLargeError({ limit: formatBytes(this.config.UPLOAD_MAX_BYTES) });
      }
      if (!detectFileType(part.buffer)) throw new UnsupportedMediaTypeError('files.unsupportedType', { name: cleanFileName(part.originalname, 'bin') });
    }
  }

  /**
   * Stores the uploads for one record inside the caller's transaction. Files are written first;
   * if the transaction then fails they are removed again.
   */
  async store(manager: EntityManager, ownerType: string, ownerId: number, parts: UploadedPart[], uploadedById: number | null): Promise<AttachmentEntity[]> {
    if (!this.accessFor(ownerType)) throw new Error(`attachments of '${ownerType}': no @AttachmentOwner says who may read them`);
    this.check(parts);
    const stored: AttachmentEntity[] = [];
    const written: string[] = [];
    try {
      for (const part of parts) {
        const type = detectFileType(part.buffer)!;
        const now = new Date();
        const storagePath = `${now.getUTCFullYear()}/${String(now.getUTCMonth() + 1).padStart(2, '0')}/${randomUUID()}`;
        const absolute = join(this.config.filesDir, storagePath);
        mkdirSync(dirname(absolute), { recursive: true });
        await writeFile(absolute, part.buffer, { flag: 'wx', mode: 0o640 });
        written.push(absolute);
        const row = manager.getRepository(AttachmentEntity).create({
          ownerType, ownerId, storagePath, fileName: cleanFileName(part.originalname, type.extension),
          contentType: type.contentType, size: part.buffer.length,
          sha256: createHash('sha256').update(part.buffer).digest('hex'), uploadedById,
        });
        stored.push(await manager.getRepository(AttachmentEntity).save(row));
      }
      return stored;
    } catch (err) {
      await Promise.all(written.map((f) => rm(f, { force: true })));
      throw err;
    }
  }

  async listFor(ownerType: string, ownerIds: number[]): Promise<AttachmentEntity[]> {
    if (!ownerIds.length) return [];
    return this.dataSource.getRepository(AttachmentEntity).createQueryBuilder('a')
      .where('a.ownerType = :ownerType', { ownerType }).andWhere('a.ownerId IN (:...ownerIds)', { ownerIds })
      .orderBy('a.id', 'ASC').getMany();
  }

  /** The file and its stream, if `principal` may read the record it belongs to; otherwise "not found". */
  async open(id: number, principal: Principal): Promise<{ attachment: AttachmentEntity; stream: Readable }> {
    const attachment = await this.dataSource.getRepository(AttachmentEntity).findOneBy({ id });
    const access = attachment ? this.accessFor(attachment.ownerType) : undefined;
    if (!attachment || !access || !(await access(principal, attachment.ownerId))) throw new NotFoundError();
    return { attachment, stream: createReadStream(join(this.config.filesDir, attachment.storagePath)) };
  }
}
