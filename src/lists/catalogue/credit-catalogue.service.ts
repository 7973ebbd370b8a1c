import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, Not } from 'typeorm';
import { AuditService } from '../../audit/audit.service.js';
import { ConflictError, NotFoundError } from '../../common/errors/domain-error.js';
import { isUniqueViolation } from '../../common/filters/all-exceptions.filter.js';
import type { Actor } from '../../common/principal.js';
import { UnitOfWork } from '../../database/unit-of-work.js';
import { CatalogueItemEntity } from '../entities/catalogue-item.entity.js';
import { groupCatalogue } from './catalogue.rules.js';
import { CATALOGUE_FIELDS, type CatalogueItemDto } from './dto/catalogue-item.dto.js';

/** What the audit log keeps of an item: every field admins edit. */
const audited = (r: CatalogueItemEntity) => Object.fromEntries(CATALOGUE_FIELDS.map((k) => [k, r[k]]));

/**
 * The credit information catalogue (信用目录): every kind of record ParkTrust keeps, read by anyone
 * (a transparency document), kept by admins. Items are added and edited, never removed: what the
 * park once said it keeps stays on the record (every change audited as `catalogue_item`).
 */
@Injectable()
export class CreditCatalogueService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource, private readonly uow: UnitOfWork, private readonly audit: AuditService) {}

  /** The whole catalogue (a few dozen rows, bounded by what the park keeps) in its groups. */
  async grouped() {
    return groupCatalogue(await this.all());
  }

  all(): Promise<CatalogueItemEntity[]> {
    return this.dataSource.getRepository(CatalogueItemEntity).find({ order: { sortOrder: 'ASC', id: 'ASC' } });
  }

  async get(id: number): Promise<CatalogueItemEntity> {
    const row = await this.dataSource.getRepository(CatalogueItemEntity).findOneBy({ id });
    if (!row) throw new NotFoundError();
    return row;
  }

  /** Adds an item (id null) or replaces an item's fields; a code already used by another item is a conflict. */
  async save(id: number | null, dto: CatalogueItemDto, actor: Actor): Promise<CatalogueItemEntity> {
    try {
      return await this.uow.run(async (m) => {
        const repo = m.getRepository(CatalogueItemEntity);
        const existing = id ? await repo.findOneBy({ id }) : null;
        if (id && !existing) throw new NotFoundError();
        if (await repo.existsBy({ code: dto.code, ...(id ? { id: Not(id) } : {}) })) throw this.taken(dto.code);
        const before = existing ? audited(existing) : null;
        const row = existing ?? repo.create();
        Object.assign(row, { ...dto, sortOrder: dto.sortOrder ?? existing?.sortOrder ?? 0, updatedById: actor.userId, updatedAt: new Date() });
        await repo.save(row);
        await this.audit.record(m, actor, {
          action: id ? 'catalogueItem.update' : 'catalogueItem.create', entityType: 'catalogue_item', entityId: row.id, before, after: audited(row),
        });
        return row;
      });
    } catch (err) {
      if (isUniqueViolation(err)) throw this.taken(dto.code);
      throw err;
    }
  }

  private taken(code: string): ConflictError {
    return new ConflictError('creditCatalogue.codeTaken', { code }, { code: [{ code: 'taken' }] });
  }
}
