import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash, randomBytes } from 'node:crypto';
import { DataSource, EntityManager, IsNull, type EntitySubscriberInterface, type QueryRunner } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import { NotFoundError } from '../common/errors/domain-error.js';
import type { Actor, Principal } from '../common/principal.js';
import { datetimeParam } from '../database/raw-sql.js';
import { PrincipalLookup } from './auth/principal-lookup.js';
import { ApiTokenEntity } from './entities/api-token.entity.js';
import { UserEntity } from './entities/user.entity.js';

const TOKEN_PREFIX = 'pt_';
const LAST_USED_RESOLUTION_MS = 60_000;
/** How long a resolved token is trusted without reading it again (see `ApiTokensService.resolve`). */
export const TOKEN_CACHE_TTL_MS = 5_000;
/** Tokens kept at most; past this the cache starts afresh (a handful of integrations use tokens, not thousands). */
const TOKEN_CACHE_MAX = 10_000;
/** Marks a transaction that wrote users or tokens, so its commit drops the cache once more. */
const TOUCHED = 'parktrust.tokenCacheTouched';

interface CachedToken {
  principal: Principal;
  tokenId: number;
  /** Last use recorded in the database (ms), or null. */
  lastUsedAt: number | null;
  expiresAt: number;
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** Bearer tokens for integrations: random, shown once, stored as SHA-256, revocable. */
@Injectable()
export class ApiTokensService {
  private readonly logger = new Logger('ApiTokens');
  private readonly cache = new Map<string, CachedToken>();
  /** Bumped whenever the cache is dropped: a lookup that began before a drop does not store what it read. */
  private generation = 0;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly principals: PrincipalLookup,
  ) {
    // Every write to users or tokens through TypeORM in this process (revocation, deactivation, role, binding, password,
    // locale; the services here and any other caller) drops the cache when the statement has run and again when its
    // transaction commits: a lookup racing the transaction may have read the row as it was before.
    const drop = (queryRunner: QueryRunner | undefined) => {
      this.forgetCached();
      if (queryRunner?.isTransactionActive) queryRunner.data = { ...(queryRunner.data ?? {}), [TOUCHED]: true };
    };
    const subscriber: EntitySubscriberInterface = {
      afterInsert: (e) => { if (watched(e.metadata.target)) drop(e.queryRunner); },
      afterUpdate: (e) => { if (watched(e.metadata.target)) drop(e.queryRunner); },
      afterRemove: (e) => { if (watched(e.metadata.target)) drop(e.queryRunner); },
      afterSoftRemove: (e) => { if (watched(e.metadata.target)) drop(e.queryRunner); },
      afterTransactionCommit: (e) => {
        const data = e.queryRunner.data as Record<string, unknown> | undefined;
        if (data?.[TOUCHED]) {
          delete data[TOUCHED];
          this.forgetCached();
        }
      },
      afterTransactionRollback: (e) => {
        const data = e.queryRunner.data as Record<string, unknown> | undefined;
        if (data?.[TOUCHED]) delete data[TOUCHED];
      },
    };
    this.dataSource.subscribers.push(subscriber);
  }

  /** Drops every cached token → principal (done on its own after writes to users or tokens in this process). */
  forgetCached(): void {
    this.generation++;
    this.cache.clear();
  }

  private get tokens() {
    return this.dataSource.getRepository(ApiTokenEntity);
  }

  /** Returns the token itself; it is not stored and cannot be shown again. */
  async issue(userId: number, label: string, actor: Actor): Promise<{ token: string; record: ApiTokenEntity }> {
    const token = TOKEN_PREFIX + randomBytes(32).toString('base64url');
    const record = await this.dataSource.transaction(async (m) => {
      const user = await m.getRepository(UserEntity).findOneBy({ id: userId });
      if (!user) throw new NotFoundError();
      const row = m.getRepository(ApiTokenEntity).create({
        userId, label, tokenHash: hashToken(token), prefix: token.slice(0, 10), createdById: actor.userId, lastUsedAt: null, revokedAt: null,
      });
      await m.getRepository(ApiTokenEntity).save(row);
      await this.audit.record(m, actor, { action: 'token.issue', entityType: 'api_token', entityId: row.id, after: { userId, label, prefix: row.prefix } });
      return row;
    });
    return { token, record };
  }

  async listFor(userId: number): Promise<ApiTokenEntity[]> {
    return this.tokens.find({ where: { userId }, order: { createdAt: 'DESC', id: 'DESC' } });
  }

  async revoke(userId: number, tokenId: number, actor: Actor): Promise<void> {
    await this.dataSource.transaction(async (m) => {
      const row = await m.getRepository(ApiTokenEntity).findOneBy({ id: tokenId, userId });
      if (!row) throw new NotFoundError();
      if (row.revokedAt) return;
      row.revokedAt = new Date();
      await m.getRepository(ApiTokenEntity).save(row);
      await this.audit.record(m, actor, { action: 'token.revoke', entityType: 'api_token', entityId: row.id, after: { userId, prefix: row.prefix } });
    });
  }

  /** Revokes every live token of the user inside the caller's transaction, each audited; returns how many. */
  async revokeAllFor(m: EntityManager, userId: number, actor: Actor): Promise<number> {
    const live = await m.getRepository(ApiTokenEntity).find({ where: { userId, revokedAt: IsNull() }, order: { id: 'ASC' } });
    const now = new Date();
    for (const row of live) {
      row.revokedAt = now;
      await m.getRepository(ApiTokenEntity).save(row);
      await this.audit.record(m, actor, { action: 'token.revoke', entityType: 'api_token', entityId: row.id, after: { userId, prefix: row.prefix } });
    }
    return live.length;
  }

  /**
   * Who a presented token acts as (an active user), or null. Records the last use at minute resolution,
   * without waiting for that write.
   *
   * Integrations call on every transaction, so a resolved token is kept in this process for at most
   * TOKEN_CACHE_TTL_MS (5 s), by its SHA-256 (the token itself is never kept). In this process a revocation, a
   * deactivation or a change of role, binding or password drops the cache at once (every write to users or tokens
   * through TypeORM does, see the constructor); another process (a second web process, the CLI) sees such a change
   * within those 5 s. Unknown, revoked or disabled tokens are never cached: each such call reads the database.
   */
  async resolve(token: string): Promise<Principal | null> {
    if (!token.startsWith(TOKEN_PREFIX) || token.length > 100) return null;
    const hash = hashToken(token);
    const now = Date.now();
    let hit = this.cache.get(hash);
    if (!hit || hit.expiresAt <= now) {
      if (hit) this.cache.delete(hash);
      const generation = this.generation;
      const found = await this.principals.forToken(hash);
      if (!found) return null;
      hit = { principal: found.principal, tokenId: found.tokenId, lastUsedAt: found.lastUsedAt?.getTime() ?? null, expiresAt: Date.now() + TOKEN_CACHE_TTL_MS };
      if (generation === this.generation) {
        if (this.cache.size >= TOKEN_CACHE_MAX) this.cache.clear();
        this.cache.set(hash, hit);
      }
    }
    if (hit.lastUsedAt === null || now - hit.lastUsedAt > LAST_USED_RESOLUTION_MS) {
      hit.lastUsedAt = now;
      // A raw statement: off the request's path, and not an entity write, which would drop the cache.
      this.dataSource.query('UPDATE api_tokens SET lastUsedAt = ? WHERE id = ?', [datetimeParam(new Date(now)), hit.tokenId])
        .catch((err: unknown) => this.logger.warn(`could not record the last use of token ${hit!.tokenId}: ${String(err)}`));
    }
    return { ...hit.principal };
  }
}

const WATCHED = new Set<unknown>([UserEntity, ApiTokenEntity, 'UserEntity', 'ApiTokenEntity']);

function watched(target: unknown): boolean {
  return WATCHED.has(target);
}
