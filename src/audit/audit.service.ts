import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Brackets, DataSource, EntityManager } from 'typeorm';
import type { Actor } from '../common/principal.js';
import { escapeLike, LIKE_ESCAPE, pageWindow, type Page } from '../common/pagination.js';
import { writeLock } from '../database/raw-sql.js';
import { AuditEntryEntity } from './entities/audit-entry.entity.js';
import { AuditHeadEntity } from './entities/audit-head.entity.js';
import { auditHash, checkChain, GENESIS_HASH, snapshot } from './domain/audit-chain.rules.js';
import { checkAgainst, type Checkpoint } from './domain/audit-checkpoint.rules.js';
import type { AuditQueryDto } from './dto/audit-query.dto.js';

export interface AuditInput {
  action: string;
  entityType: string;
  entityId?: string | number | null;
  before?: unknown;
  after?: unknown;
}

export interface AuditFacet {
  entityType: string;
  action: string;
}

export type AuditVerification =
  | { ok: true; checked: number; anchoredAt: number | null }
  | { ok: false; checked: number; brokenAt: number | null; reason: 'hash' | 'link' | 'head' | 'truncated' | 'mismatch' | 'checkpoint' };

const VERIFY_BATCH = 2000;

/** Appends to and reads the hash-chained audit log. Appends join the caller's transaction. */
@Injectable()
export class AuditService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Appends one entry inside `manager`'s transaction, after locking the chain head. */
  async record(manager: EntityManager, actor: Actor, input: AuditInput): Promise<AuditEntryEntity> {
    const heads = manager.getRepository(AuditHeadEntity);
    const head = await heads.findOne({
      where: { id: 1 },
      lock: writeLock(this.dataSource),
    });
    if (!head) throw new Error('audit_head row is missing: run the migrations');
    const fields = {
      occurredAt: new Date().toISOString(),
      actorId: actor.userId,
      actorLabel: actor.label.slice(0, 190),
      action: input.action,
      entityType: input.entityType,
      entityId: input.entityId === undefined || input.entityId === null ? null : String(input.entityId),
      ip: actor.ip?.slice(0, 64) ?? null,
      before: snapshot(input.before),
      after: snapshot(input.after),
    };
    const entry = manager.getRepository(AuditEntryEntity).create({
      ...fields,
      prevHash: head.lastHash,
      hash: auditHash(head.lastHash, fields),
    });
    await manager.getRepository(AuditEntryEntity).insert(entry);
    await heads.update({ id: 1 }, { lastEntryId: entry.id, lastHash: entry.hash });
    return entry;
  }

  /** The chain's head as recorded: the last entry's id and hash (0 and the genesis hash when empty). */
  async head(): Promise<{ entryId: number; hash: string }> {
    const head = await this.dataSource.getRepository(AuditHeadEntity).findOneBy({ id: 1 });
    return { entryId: head?.lastEntryId ?? 0, hash: head?.lastHash ?? GENESIS_HASH };
  }

  async list(query: AuditQueryDto): Promise<Page<AuditEntryEntity>> {
    const { page, pageSize, skip } = pageWindow(query, 50);
    const qb = this.dataSource.getRepository(AuditEntryEntity).createQueryBuilder('a');
    if (query.actor) {
      qb.andWhere(new Brackets((w) => {
        w.where(`a.actorLabel LIKE :actor ${LIKE_ESCAPE}`, { actor: `${escapeLike(query.actor as string)}%` });
        if (/^\d+$/.test(query.actor as string)) w.orWhere('a.actorId = :actorId', { actorId: Number(query.actor) });
      }));
    }
    if (query.entityType) qb.andWhere('a.entityType = :entityType', { entityType: query.entityType });
    if (query.entityId) qb.andWhere('a.entityId = :entityId', { entityId: query.entityId });
    if (query.action) qb.andWhere('a.action = :action', { action: query.action });
    if (query.from) qb.andWhere('a.occurredAt >= :from', { from: query.from });
    if (query.to) qb.andWhere('a.occurredAt < :to', { to: query.to });
    const [items, total] = await qb.orderBy('a.id', 'DESC').skip(skip).take(pageSize).getManyAndCount();
    return { items, total, page, pageSize };
  }

  /** Every (record type, action) pair in the log, for the filter menus: one query for both. */
  async facets(): Promise<AuditFacet[]> {
    return this.dataSource.getRepository(AuditEntryEntity).createQueryBuilder('a')
      .select('a.entityType', 'entityType').addSelect('a.action', 'action').distinct(true)
      .getRawMany<AuditFacet>();
  }

  /**
   * Walks the whole chain in id order, in batches, and checks it ends at the recorded head; with an
   * anchor (a checkpoint kept outside the database), also that the anchored entry is still there
   * with the same hash, which catches a rewound log.
   */
  async verify(anchor: Pick<Checkpoint, 'entryId' | 'hash'> | null = null): Promise<AuditVerification> {
    const repo = this.dataSource.getRepository(AuditEntryEntity);
    let prev = GENESIS_HASH;
    let lastId = 0;
    let checked = 0;
    let hashAtAnchor: string | null = null;
    for (;;) {
      const batch = await repo.createQueryBuilder('a').where('a.id > :lastId', { lastId }).orderBy('a.id', 'ASC').take(VERIFY_BATCH).getMany();
      if (!batch.length) break;
      const result = checkChain(batch, prev);
      if (!result.ok) {
        return { ok: false, checked: checked + batch.findIndex((e) => e.id === result.brokenAt), brokenAt: result.brokenAt, reason: result.reason };
      }
      checked += batch.length;
      if (anchor) hashAtAnchor = batch.find((e) => e.id === anchor.entryId)?.hash ?? hashAtAnchor;
      prev = result.lastHash;
      lastId = batch[batch.length - 1].id;
    }
    const head = await this.dataSource.getRepository(AuditHeadEntity).findOneBy({ id: 1 });
    if (!head || head.lastHash !== prev || head.lastEntryId !== lastId) {
      // Entries missing from the end: the first missing one is where the chain breaks.
      const brokenAt = head && head.lastEntryId > lastId ? head.lastEntryId : lastId || null;
      return { ok: false, checked, brokenAt, reason: 'head' };
    }
    if (anchor) {
      const against = checkAgainst(anchor, lastId, hashAtAnchor);
      if (!against.ok) return { ok: false, checked, brokenAt: against.entryId, reason: against.reason };
    }
    return { ok: true, checked, anchoredAt: anchor?.entryId ?? null };
  }
}

