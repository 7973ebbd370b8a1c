import { jest } from '@jest/globals';
import type { DataSource, EntitySubscriberInterface } from 'typeorm';
import type { AuditService } from '../audit/audit.service.js';
import type { Principal } from '../common/principal.js';
import { ApiTokensService, hashToken, TOKEN_CACHE_TTL_MS } from './api-tokens.service.js';
import type { PrincipalLookup } from './auth/principal-lookup.js';
import { ApiTokenEntity } from './entities/api-token.entity.js';
import { DepartmentEntity } from './entities/department.entity.js';
import { UserEntity } from './entities/user.entity.js';

const TOKEN = 'pt_' + 'a'.repeat(43);
const principal: Principal = {
  userId: 7, email: 'a@b.cn', name: 'A', role: 'park_staff', tenantId: null, departmentId: null, institutionId: null, locale: null, via: 'token', mustChangePassword: false,
};

/** The service over a fake lookup (counting its reads) and a fake data source (collecting the raw writes). */
function setup(lastUsedAt: Date | null = new Date()) {
  const subscribers: EntitySubscriberInterface[] = [];
  const writes: unknown[][] = [];
  const dataSource = { subscribers, query: async (sql: string, params: unknown[]) => { writes.push([sql, ...params]); return []; } } as unknown as DataSource;
  let row: { principal: Principal; tokenId: number; lastUsedAt: Date | null } | null = { principal, tokenId: 3, lastUsedAt };
  let release: (() => void) | null = null;
  const lookup = {
    reads: 0,
    hold: false,
    forToken: async (hash: string) => {
      lookup.reads++;
      expect(hash).toBe(hashToken(TOKEN));
      if (lookup.hold) await new Promise<void>((r) => { release = r; });
      return row;
    },
  };
  const service = new ApiTokensService(dataSource, {} as AuditService, lookup as unknown as PrincipalLookup);
  return {
    service, lookup, writes, subscriber: subscribers[0],
    setRow: (r: typeof row) => { row = r; },
    release: () => release?.(),
  };
}

describe('ApiTokensService.resolve: token → principal kept ≤ 5 s', () => {
  let now: number;
  beforeEach(() => {
    now = Date.parse('2026-11-29T12:00:00Z');
    jest.spyOn(Date, 'now').mockImplementation(() => now);
  });
  afterEach(() => jest.restoreAllMocks());

  it('reads the database once per TTL, then again', async () => {
    const { service, lookup } = setup();
    expect(await service.resolve(TOKEN)).toEqual(principal);
    now += TOKEN_CACHE_TTL_MS - 1;
    expect(await service.resolve(TOKEN)).toEqual(principal);
    expect(lookup.reads).toBe(1);
    now += 2;
    expect(await service.resolve(TOKEN)).toEqual(principal);
    expect(lookup.reads).toBe(2);
    expect(TOKEN_CACHE_TTL_MS).toBeLessThanOrEqual(5_000);
  });

  it('hands out a copy: a caller changing its principal does not change the next one', async () => {
    const { service } = setup();
    const first = (await service.resolve(TOKEN))!;
    first.role = 'admin';
    expect((await service.resolve(TOKEN))!.role).toBe('park_staff');
  });

  it('never caches an unknown, revoked or disabled token', async () => {
    const { service, lookup, setRow } = setup();
    setRow(null);
    expect(await service.resolve(TOKEN)).toBeNull();
    expect(await service.resolve(TOKEN)).toBeNull();
    expect(lookup.reads).toBe(2);
    setRow({ principal, tokenId: 3, lastUsedAt: new Date() });
    expect(await service.resolve(TOKEN)).toEqual(principal);
  });

  it('refuses malformed tokens without a lookup', async () => {
    const { service, lookup } = setup();
    expect(await service.resolve('nope')).toBeNull();
    expect(await service.resolve('pt_' + 'x'.repeat(200))).toBeNull();
    expect(lookup.reads).toBe(0);
  });

  it.each([
    ['a token revoked (api_tokens updated)', ApiTokenEntity],
    ['a user disabled, re-roled or given a new password (users updated)', UserEntity],
  ])('drops the cache at once in this process after %s', async (_name, target) => {
    const { service, lookup, setRow, subscriber } = setup();
    expect(await service.resolve(TOKEN)).toEqual(principal);
    setRow(null);
    subscriber.afterUpdate!({ metadata: { target }, queryRunner: { isTransactionActive: false } } as never);
    expect(await service.resolve(TOKEN)).toBeNull();
    expect(lookup.reads).toBe(2);
  });

  it('ignores writes to other tables', async () => {
    const { service, lookup, subscriber } = setup();
    await service.resolve(TOKEN);
    subscriber.afterUpdate!({ metadata: { target: DepartmentEntity }, queryRunner: { isTransactionActive: false } } as never);
    subscriber.afterInsert!({ metadata: { target: 'TenantEntity' }, queryRunner: { isTransactionActive: false } } as never);
    await service.resolve(TOKEN);
    expect(lookup.reads).toBe(1);
  });

  it('drops it again when the transaction that revoked commits (a lookup may have read the old row meanwhile)', async () => {
    const { service, lookup, setRow, subscriber } = setup();
    const queryRunner = { isTransactionActive: true, data: {} };
    await service.resolve(TOKEN);
    subscriber.afterUpdate!({ metadata: { target: ApiTokenEntity }, queryRunner } as never);
    // Before the commit, another request reads the token as it still is in the database, and caches it.
    expect(await service.resolve(TOKEN)).toEqual(principal);
    setRow(null);
    subscriber.afterTransactionCommit!({ queryRunner } as never);
    expect(await service.resolve(TOKEN)).toBeNull();
    expect(lookup.reads).toBe(3);
  });

  it('does not store what a lookup read when the cache was dropped while it was under way', async () => {
    const { service, lookup, subscriber, release } = setup();
    lookup.hold = true;
    const pending = service.resolve(TOKEN);
    await new Promise((r) => setImmediate(r));
    subscriber.afterUpdate!({ metadata: { target: UserEntity }, queryRunner: { isTransactionActive: false } } as never);
    release();
    expect(await pending).toEqual(principal);
    lookup.hold = false;
    await service.resolve(TOKEN);
    expect(lookup.reads).toBe(2);
  });

  it('records the last use at minute resolution, without a write per call', async () => {
    const { service, writes, setRow } = setup(new Date(now - 30_000));
    await service.resolve(TOKEN);
    expect(writes).toHaveLength(0);
    now += 31_000;
    await service.resolve(TOKEN);
    expect(writes).toHaveLength(1);
    expect(writes[0]).toEqual(['UPDATE api_tokens SET lastUsedAt = ? WHERE id = ?', '2026-11-29 12:00:31.000', 3]);
    setRow({ principal, tokenId: 3, lastUsedAt: new Date(now) });
    now += 4_000;
    await service.resolve(TOKEN);
    now += 30_000;
    await service.resolve(TOKEN);
    expect(writes).toHaveLength(1);
  });
});
