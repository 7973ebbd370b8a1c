import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { copyFile, mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Readable } from 'node:stream';
import { DataSource, EntityManager, type EntitySubscriberInterface, type QueryRunner, type TransactionCommitEvent, type TransactionRollbackEvent } from 'typeorm';
import { defineContribution } from '../common/contributions/contribution.js';
import { ContributionRegistry } from '../common/contributions/contribution-registry.js';
import { NotFoundError } from '../common/errors/domain-error.js';
import type { Principal } from '../common/principal.js';
import { AppConfig } from '../config/app-config.js';
import { ACCEPTED_TYPES, safeFileName, servedAs } from './domain/file-type.rules.js';
import { AttachmentEntity } from './entities/attachment.entity.js';
import { uploadRefusedType, uploadTooLarge, type UploadedPart } from './upload-storage.js';

/** Where uploads stream to while a request is read: inside FILES_DIR, so keeping one is a rename on the same file system. */
export function incomingDir(config: AppConfig): string {
  return join(config.filesDir, '.incoming');
}

/** Temporary files older than this were left by a process that died mid-upload; boot removes them. */
const STALE_INCOMING_MS = 60 * 60 * 1000;

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

/** An attachment as lists show it: named and typed the way the download serves it. */
export function toAttachmentView(a: AttachmentEntity): AttachmentView {
  return { id: a.id, ...servedAs(a.contentType, a.fileName), size: a.size, sha256: a.sha256, createdAt: a.createdAt };
}

/**
 * The reusable attachment mechanism: uploads arrive typed and hashed on disk (UploadInterceptor),
 * are kept under a generated name inside the owner's transaction, and are served only to those
 * allowed, as attachments of their detected type.
 */
@Injectable()
export class FilesService implements OnModuleInit, EntitySubscriberInterface {
  private readonly logger = new Logger('Files');
  /** Files moved into place inside a transaction that has not ended yet: removed again if it rolls back. */
  private readonly pending = new WeakMap<QueryRunner, string[]>();

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: AppConfig,
    private readonly contributions: ContributionRegistry,
  ) {
    dataSource.subscribers.push(this);
  }

  async onModuleInit(): Promise<void> {
    const dir = incomingDir(this.config);
    await mkdir(dir, { recursive: true });
    const now = Date.now();
    for (const name of await readdir(dir)) {
      const path = join(dir, name);
      const info = await stat(path).catch(() => null);
      if (info?.isFile() && now - info.mtimeMs > STALE_INCOMING_MS) await rm(path, { force: true });
    }
  }

  private accessFor(ownerType: string): OwnerAccess | undefined {
    return this.contributions.of(ATTACHMENT_OWNERS).find((c) => c.meta === ownerType)?.fn;
  }

  /**
   * Refuses what is too large (413) or not of an accepted type (415), before anything is written.
   * Uploads come typed from UploadInterceptor; this is the owner's last word on them.
   */
  check(parts: UploadedPart[]): void {
    for (const part of parts) {
      if (typeof part.path !== 'string') throw new Error('an upload reached FilesService without UploadInterceptor (no temporary file)');
      if (part.size > this.config.UPLOAD_MAX_BYTES) throw uploadTooLarge(part.fieldname, part.originalname, this.config.UPLOAD_MAX_BYTES);
      if (!part.type || ACCEPTED_TYPES[part.type.kind]?.contentType !== part.type.contentType) throw uploadRefusedType(part.fieldname, part.originalname);
    }
  }

  /**
   * Keeps the uploads for one record inside the caller's transaction: each temporary file is moved
   * under a generated name and gets a row; if the transaction then rolls back, the files go too.
   */
  async store(manager: EntityManager, ownerType: string, ownerId: number, parts: UploadedPart[], uploadedById: number | null): Promise<AttachmentEntity[]> {
    if (!this.accessFor(ownerType)) throw new Error(`attachments of '${ownerType}': no @AttachmentOwner says who may read them`);
    this.check(parts);
    const stored: AttachmentEntity[] = [];
    const moved: string[] = [];
    try {
      for (const part of parts) {
        const type = part.type!;
        const now = new Date();
        const storagePath = `${now.getUTCFullYear()}/${String(now.getUTCMonth() + 1).padStart(2, '0')}/${randomUUID()}`;
        const absolute = join(this.config.filesDir, storagePath);
        await mkdir(dirname(absolute), { recursive: true });
        await moveFile(part.path, absolute);
        moved.push(absolute);
        const row = manager.getRepository(AttachmentEntity).create({
          ownerType, ownerId, storagePath, fileName: safeFileName(part.originalname, type.extension),
          contentType: type.contentType, size: part.size, sha256: part.sha256, uploadedById,
        });
        stored.push(await manager.getRepository(AttachmentEntity).save(row));
      }
    } catch (err) {
      await Promise.all(moved.map((f) => rm(f, { force: true })));
      throw err;
    }
    const runner = manager.queryRunner;
    if (runner?.isTransactionActive) this.pending.set(runner, [...(this.pending.get(runner) ?? []), ...moved]);
    return stored;
  }

  afterTransactionCommit(event: TransactionCommitEvent): void {
    if (!event.queryRunner.isTransactionActive) this.pending.delete(event.queryRunner);
  }

  async afterTransactionRollback(event: TransactionRollbackEvent): Promise<void> {
    const files = this.pending.get(event.queryRunner);
    if (!files || event.queryRunner.isTransactionActive) return;
    this.pending.delete(event.queryRunner);
    await Promise.all(files.map((f) => rm(f, { force: true }).catch((err: Error) => this.logger.warn(`could not remove ${f}: ${err.message}`))));
  }

  async listFor(ownerType: string, ownerIds: number[]): Promise<AttachmentEntity[]> {
    if (!ownerIds.length) return [];
    return this.dataSource.getRepository(AttachmentEntity).createQueryBuilder('a')
      .where('a.ownerType = :ownerType', { ownerType }).andWhere('a.ownerId IN (:...ownerIds)', { ownerIds })
      .orderBy('a.id', 'ASC').getMany();
  }

  /**
   * The file and its stream, if `principal` may read the record it belongs to; otherwise "not
   * found". Served as its detected type under a name with that type's extension (rows from before
   * the allow-list as opaque bytes).
   */
  async open(id: number, principal: Principal): Promise<{ attachment: AttachmentEntity; contentType: string; fileName: string; stream: Readable }> {
    const attachment = await this.dataSource.getRepository(AttachmentEntity).findOneBy({ id });
    const access = attachment ? this.accessFor(attachment.ownerType) : undefined;
    if (!attachment || !access || !(await access(principal, attachment.ownerId))) throw new NotFoundError();
    const served = servedAs(attachment.contentType, attachment.fileName);
    return { attachment, ...served, stream: createReadStream(join(this.config.filesDir, attachment.storagePath)) };
  }
}

/** A rename; a copy when FILES_DIR spans file systems. */
async function moveFile(from: string, to: string): Promise<void> {
  try {
    await rename(from, to);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EXDEV') throw err;
    await copyFile(from, to);
    await rm(from, { force: true });
  }
}
