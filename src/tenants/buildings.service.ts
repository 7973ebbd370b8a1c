import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In, Not, type EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import { ConflictError, NotFoundError, ValidationFailedError } from '../common/errors/domain-error.js';
import type { Actor } from '../common/principal.js';
import { BuildingEntity } from './entities/building.entity.js';

/** The buildings staff keep: what a tenant's building is chosen from. Every change is audited. */
@Injectable()
export class BuildingsService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource, private readonly audit: AuditService) {}

  /** Every building, those in service first, each part by name. */
  all(): Promise<BuildingEntity[]> {
    return this.dataSource.getRepository(BuildingEntity).find({ order: { retired: 'ASC', name: 'ASC' } });
  }

  /** Buildings a tenant can be given: not retired. */
  inService(): Promise<BuildingEntity[]> {
    return this.dataSource.getRepository(BuildingEntity).find({ where: { retired: false }, order: { name: 'ASC' } });
  }

  /** The building in service of that name, for a tenant being registered or moved; a field error otherwise. */
  async forTenant(m: EntityManager, name: string): Promise<BuildingEntity> {
    const building = await m.getRepository(BuildingEntity).findOneBy({ name: name.trim(), retired: false });
    if (!building) throw new ValidationFailedError({ building: [{ code: 'unknownBuilding', params: { name } }] });
    return building;
  }

  /** Ids of the buildings in service among these names (an import's lookup: one query). */
  async idsByName(m: EntityManager, names: readonly string[]): Promise<Map<string, number>> {
    const unique = [...new Set(names.map((n) => n.trim()).filter(Boolean))];
    if (!unique.length) return new Map();
    const found = await m.getRepository(BuildingEntity).find({ where: { name: In(unique), retired: false } });
    return new Map(found.map((b) => [b.name, b.id]));
  }

  async add(name: string, actor: Actor): Promise<BuildingEntity> {
    return this.dataSource.transaction(async (m) => {
      await this.assertNameFree(m, name);
      const building = await m.getRepository(BuildingEntity).save(m.getRepository(BuildingEntity).create({ name, retired: false }));
      await this.audit.record(m, actor, { action: 'building.create', entityType: 'building', entityId: building.id, after: { name, retired: false } });
      return building;
    });
  }

  async rename(id: number, name: string, actor: Actor): Promise<BuildingEntity> {
    return this.change(id, actor, 'building.rename', async (m, b) => {
      await this.assertNameFree(m, name, id);
      b.name = name;
    });
  }

  /** Retired buildings leave the choices; their tenants keep them. Restoring brings one back. */
  async setRetired(id: number, retired: boolean, actor: Actor): Promise<BuildingEntity> {
    return this.change(id, actor, retired ? 'building.retire' : 'building.restore', async (_m, b) => {
      b.retired = retired;
    });
  }

  private async change(id: number, actor: Actor, action: string, apply: (m: EntityManager, b: BuildingEntity) => Promise<void>): Promise<BuildingEntity> {
    return this.dataSource.transaction(async (m) => {
      const building = await m.getRepository(BuildingEntity).findOneBy({ id });
      if (!building) throw new NotFoundError();
      const before = { name: building.name, retired: building.retired };
      await apply(m, building);
      await m.getRepository(BuildingEntity).save(building);
      await this.audit.record(m, actor, { action, entityType: 'building', entityId: id, before, after: { name: building.name, retired: building.retired } });
      return building;
    });
  }

  private async assertNameFree(m: EntityManager, name: string, exceptId?: number): Promise<void> {
    if (await m.getRepository(BuildingEntity).existsBy({ name, ...(exceptId ? { id: Not(exceptId) } : {}) })) {
      throw new ConflictError('tenants.buildings.nameTaken', { name }, { name: [{ code: 'taken' }] });
    }
  }
}
