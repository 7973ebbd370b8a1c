import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash, randomBytes } from 'node:crypto';
import { DataSource, EntityManager, IsNull } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import { NotFoundError } from '../common/errors/domain-error.js';
import type { Actor, Principal } from '../common/principal.js';
import { PrincipalLookup } from './auth/principal-lookup.js';
import { ApiTokenEntity } from './entities/api-token.entity.js';
import { UserEntity } from './entities/user.entity.js';

const TOKEN_PREFIX = 'pt_';
const LAST_USED_RESOLUTION_MS = 60_000;

export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** Bearer tokens for integrations: random, shown once, stored as SHA-256, revocable. */
@Injectable()
export class ApiTokensService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly principals: PrincipalLookup,
  ) {}

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

  /** Who a presented token acts as (an active user), or null. Records the last use at minute resolution. */
  async resolve(token: string): Promise<Principal | null> {
    if (!token.startsWith(TOKEN_PREFIX) || token.length > 100) return null;
    const found = await this.principals.forToken(hashToken(token));
    if (!found) return null;
    const now = Date.now();
    if (!found.lastUsedAt || now - found.lastUsedAt.getTime() > LAST_USED_RESOLUTION_MS) {
      await this.tokens.update({ id: found.tokenId }, { lastUsedAt: new Date(now) });
    }
    return found.principal;
  }
}
