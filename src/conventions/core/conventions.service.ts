import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { NotFoundError } from '../../common/errors/domain-error.js';
import { type ConventionKind, versionText } from '../domain/convention.rules.js';
import { ConventionClauseEntity } from '../entities/convention-clause.entity.js';
import { ConventionVersionEntity } from '../entities/convention-version.entity.js';
import { ConventionEntity } from '../entities/convention.entity.js';

export interface VersionWithClauses {
  version: ConventionVersionEntity;
  kind: ConventionKind;
  clauses: ConventionClauseEntity[];
}

/** Reads shared by authoring, signing and breaches: versions with their clauses, the current version, the canonical text. */
@Injectable()
export class ConventionsService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async version(id: number, manager: EntityManager = this.dataSource.manager): Promise<VersionWithClauses> {
    const version = await manager.getRepository(ConventionVersionEntity).findOneBy({ id });
    if (!version) throw new NotFoundError('conventionsAuthoring.errors.versionNotFound');
    const [convention, clauses] = await Promise.all([
      manager.getRepository(ConventionEntity).findOneByOrFail({ id: version.conventionId }),
      manager.getRepository(ConventionClauseEntity).find({ where: { versionId: id }, order: { position: 'ASC' } }),
    ]);
    return { version, kind: convention.kind, clauses };
  }

  /** The published (not superseded) version of each convention of a kind, newest first. */
  async currentVersions(kind?: ConventionKind): Promise<ConventionVersionEntity[]> {
    const qb = this.dataSource.getRepository(ConventionVersionEntity).createQueryBuilder('v')
      .innerJoin(ConventionEntity, 'c', 'c.id = v.conventionId')
      .where("v.status = 'published'");
    if (kind) qb.andWhere('c.kind = :kind', { kind });
    return qb.orderBy('v.publishedAt', 'DESC').getMany();
  }

  /** The exact text a signer reads and whose SHA-256 the signature records. */
  canonicalText(v: VersionWithClauses): string {
    return versionText({
      kind: v.kind, title: v.version.title, titleEn: v.version.titleEn, versionNo: v.version.versionNo,
      effectiveDate: v.version.effectiveDate, clauses: v.clauses,
    });
  }
}
