import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { hiddenFrom, isOfficerOf } from '../../accounts/domain/access-policy.js';
import { AuditService } from '../../audit/audit.service.js';
import { ConflictError, NotFoundError } from '../../common/errors/domain-error.js';
import type { Actor, Principal } from '../../common/principal.js';
import { TenantsQueries } from '../../tenants/tenants.queries.js';
import { ListChangeEntity } from '../entities/list-change.entity.js';
import { ListEntryEntity } from '../entities/list-entry.entity.js';

/**
 * The red, black and watch lists' entries: proposals with prior notice and an objection window,
 * decisions by a regulator other than the proposer, early exit, expiry, and the end by credit repair
 * (called by the repair part inside its own transaction).
 */
@Injectable()
export class ListEntriesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly tenants: TenantsQueries,
  ) {}

  /** The entry as `principal` may see it: another tenant's looks missing to an officer. */
  async visible(id: number, principal: Principal): Promise<ListEntryEntity> {
    const row = await this.dataSource.getRepository(ListEntryEntity).findOneBy({ id });
    if (!row || hiddenFrom(principal, row.tenantId)) throw new NotFoundError('lists.notFound');
    return row;
  }

  /**
   * The entry a credit repair may be asked for, as the asker may see it: an officer only their own
   * tenant's (404 otherwise); staff and regulators any. Whether it is eligible is the repair rules' call.
   */
  async repairable(entryId: number, principal: Principal): Promise<ListEntryEntity> {
    const row = await this.visible(entryId, principal);
    if (principal.role === 'tenant_officer' && !isOfficerOf(principal, row.tenantId)) throw new NotFoundError('lists.notFound');
    return row;
  }

  /**
   * Ends an active entry by an approved credit repair, inside the caller's transaction: status ended,
   * endKind 'repaired', endedOn = `day` (exclusive), a 'repaired' row in the changes feed, audited.
   * An entry no longer active is a 409 and nothing changes.
   */
  async endByRepair(m: EntityManager, entryId: number, day: string, actor: Actor, reason: string): Promise<void> {
    const repo = m.getRepository(ListEntryEntity);
    const row = await repo.findOneBy({ id: entryId });
    if (!row) throw new NotFoundError('lists.notFound');
    const change = { status: 'ended' as const, endKind: 'repaired' as const, endedOn: day, endReason: reason, endedById: actor.userId, updatedAt: new Date() };
    const moved = await repo.update({ id: entryId, status: 'active' }, change);
    if (!moved.affected) throw new ConflictError('lists.notActive');
    const tenant = await this.tenants.summary(row.tenantId);
    await m.getRepository(ListChangeEntity).insert({
      entryId, tenantId: row.tenantId, uscc: tenant?.uscc ?? '', list: row.list, change: 'repaired', effectiveOn: day, changedAt: new Date(),
    });
    await this.audit.record(m, actor, {
      action: 'listEntry.repaired', entityType: 'list_entry', entityId: entryId,
      before: { status: 'active', endedOn: null },
      after: { tenantId: row.tenantId, list: row.list, status: 'ended', endKind: 'repaired', endedOn: day, endReason: reason },
    });
  }
}
