import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash, randomBytes } from 'node:crypto';
import { DataSource, IsNull } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import { NotFoundError } from '../common/errors/domain-error.js';
import type { Actor } from '../common/principal.js';
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
  constructor(@InjectDataSource() private readonly dataSource: DataSource, private readonly audit: AuditService) {}

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

  /** The active user a presented token acts as, or null. Records the last use at minute resolution. */
  async resolve(token: string): Promise<UserEntity | null> {
    if (!token.startsWith(TOKEN_PREFIX) || token.length > 100) return null;
    const row = await this.tokens.findOne({ where: { tokenHash: hashToken(token), revokedAt: IsNull() }, relations: { user: true } });
    if (!row?.user?.active) return null;
    const now = Date.now();
    if (!row.lastUsedAt || now - row.lastUsedAt.getTime() > LAST_USED_RESOLUTION_MS) {
      await this.tokens.update({ id: row.id }, { lastUsedAt: new Date(now) });
    }
    return row.user;
  }
}
