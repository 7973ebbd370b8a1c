import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { NotFoundError } from '../../common/errors/domain-error.js';
import { toDate } from '../../database/raw-sql.js';
import { type ConventionKind, versionText } from '../domain/convention.rules.js';
import { ConventionClauseEntity } from '../entities/convention-clause.entity.js';
import { ConventionVersionEntity } from '../entities/convention-version.entity.js';
import { ConventionEntity } from '../entities/convention.entity.js';
import { SignatureEntity } from '../entities/signature.entity.js';

/** A credit commitment letter a tenant signed in ParkTrust, as other contexts (credit repair) attach it. */
export interface CommitmentSignature {
  signatureId: number;
  versionId: number;
  versionNo: number;
  title: string;
  titleEn: string | null;
  signedAt: Date;
  signerName: string;
  verificationCode: string;
}

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

  /**
   * The credit commitment letters (conventions of kind 'commitment') a tenant signed, newest first;
   * `signatureIds` narrows them to these. One query over IDX_signatures_tenant. Read by credit repair.
   */
  async commitmentSignaturesOf(tenantId: number, signatureIds?: readonly number[]): Promise<CommitmentSignature[]> {
    if (signatureIds && !signatureIds.length) return [];
    const qb = this.dataSource.getRepository(SignatureEntity).createQueryBuilder('s')
      .innerJoin(ConventionVersionEntity, 'v', 'v.id = s.versionId')
      .innerJoin(ConventionEntity, 'c', 'c.id = v.conventionId')
      .select('s.id', 'signatureId').addSelect('s.versionId', 'versionId').addSelect('v.versionNo', 'versionNo').addSelect('v.title', 'title')
      .addSelect('v.titleEn', 'titleEn').addSelect('s.signedAt', 'signedAt').addSelect('s.signerName', 'signerName').addSelect('s.verificationCode', 'verificationCode')
      .where('s.tenantId = :tenantId', { tenantId }).andWhere("c.kind = 'commitment'");
    if (signatureIds) qb.andWhere('s.id IN (:...signatureIds)', { signatureIds: [...signatureIds] });
    const rows = await qb.orderBy('s.signedAt', 'DESC').addOrderBy('s.id', 'DESC').limit(100).getRawMany<Record<string, unknown>>();
    return rows.map((r) => ({
      signatureId: Number(r.signatureId), versionId: Number(r.versionId), versionNo: Number(r.versionNo), title: String(r.title),
      titleEn: r.titleEn == null ? null : String(r.titleEn), signedAt: toDate(r.signedAt), signerName: String(r.signerName), verificationCode: String(r.verificationCode),
    }));
  }

  /** The exact text a signer reads and whose SHA-256 the signature records. */
  canonicalText(v: VersionWithClauses): string {
    return versionText({
      kind: v.kind, title: v.version.title, titleEn: v.version.titleEn, versionNo: v.version.versionNo,
      effectiveDate: v.version.effectiveDate, clauses: v.clauses,
    });
  }
}
