import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DateTime } from 'luxon';
import { DataSource, type EntityManager } from 'typeorm';
import { assertTenantAccess } from '../../accounts/auth/tenant-scope.js';
import { isOfficerOf, readsEveryTenant } from '../../accounts/domain/access-policy.js';
import { AuditService } from '../../audit/audit.service.js';
import { ConflictError, NotFoundError, ValidationFailedError } from '../../common/errors/domain-error.js';
import type { Actor, Principal } from '../../common/principal.js';
import { AttachmentOwner, FilesService } from '../../files/files.service.js';
import type { UploadedPart } from '../../files/upload.interceptor.js';
import { dateText, toDate } from '../../database/raw-sql.js';
import { I18nService } from '../../i18n/i18n.service.js';
import { TenantsQueries, type TenantSummary } from '../../tenants/tenants.queries.js';
import { ConventionsService, type VersionWithClauses } from '../core/conventions.service.js';
import { ObligationStatusService } from '../core/obligation-status.service.js';
import type { ObligationStatus } from '../domain/obligation-status.rules.js';
import { obligationState, sha256Hex, type ObligationState } from '../domain/convention.rules.js';
import { ConventionEntity } from '../entities/convention.entity.js';
import { ConventionVersionEntity } from '../entities/convention-version.entity.js';
import { SignatureEntity } from '../entities/signature.entity.js';
import { SigningObligationEntity } from '../entities/signing-obligation.entity.js';
import { newVerificationCode, normalizeVerificationCode, trimUserAgent } from '../domain/verification-code.rules.js';
import type { PaperSignatureDto, SignDto } from './dto/signing.dto.js';

/** Attachments of a signature (the paper scan) are of this owner type. */
export const SIGNATURE_OWNER = 'signature';

export interface ObligationRow {
  id: number;
  versionId: number;
  versionNo: number;
  title: string;
  titleEn: string | null;
  kind: string;
  versionStatus: string;
  deadline: string;
  signatureId: number | null;
  state: ObligationState;
  /** Published, unsigned and applying: the officer can sign it now. */
  signable: boolean;
}

export interface ObligationDetail {
  obligation: SigningObligationEntity;
  tenant: TenantSummary;
  version: VersionWithClauses;
  text: string;
  state: ObligationState;
  signable: boolean;
}

export interface SignatureDetail {
  signature: SignatureEntity;
  tenant: TenantSummary;
  version: VersionWithClauses;
  text: string;
}

export interface Verification {
  tenantName: string;
  uscc: string;
  versionTitle: string;
  versionNo: number;
  signedAt: Date;
  signedOn: string;
  method: string;
  textSha256: string;
}

/**
 * Signing of published versions: online by a tenant's compliance officer, or on paper recorded by
 * staff with a scan. A signature is written once and never updated; it records the SHA-256 of the
 * exact text signed and a verification code anyone can check.
 */
@Injectable()
export class SigningService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly conventions: ConventionsService,
    private readonly audit: AuditService,
    private readonly files: FilesService,
    private readonly i18n: I18nService,
    private readonly tenants: TenantsQueries,
    private readonly obligationStatus: ObligationStatusService,
  ) {}

  /** Who may read a signature's paper scan: staff, admins, regulators, and the officers of that tenant. */
  @AttachmentOwner(SIGNATURE_OWNER)
  async canReadScan(principal: Principal, signatureId: number): Promise<boolean> {
    if (readsEveryTenant(principal)) return true;
    const signature = await this.dataSource.getRepository(SignatureEntity).findOne({ select: { id: true, tenantId: true }, where: { id: signatureId } });
    return !!signature && isOfficerOf(principal, signature.tenantId);
  }

  /** A tenant's obligations, newest deadline first (a tenant has a handful, one per published version). */
  async obligationsOf(tenantId: number): Promise<ObligationRow[]> {
    const rows = await this.dataSource.getRepository(SigningObligationEntity).createQueryBuilder('o')
      .innerJoin(ConventionVersionEntity, 'v', 'v.id = o.versionId')
      .innerJoin(ConventionEntity, 'c', 'c.id = v.conventionId')
      .select(['o.id AS id', 'o.versionId AS versionId', 'o.deadline AS deadline', 'o.signatureId AS signatureId', 'o.status AS status'])
      .addSelect(['v.versionNo AS versionNo', 'v.title AS title', 'v.titleEn AS titleEn', 'v.status AS versionStatus', 'c.kind AS kind'])
      .where('o.tenantId = :tenantId', { tenantId })
      .orderBy('o.deadline', 'DESC').addOrderBy('o.id', 'DESC')
      .limit(500)
      .getRawMany<Record<string, unknown>>();
    const today = this.i18n.today();
    return rows.map((r) => {
      const signatureId = r.signatureId === null || r.signatureId === undefined ? null : Number(r.signatureId);
      const deadline = dateText(r.deadline);
      const versionStatus = String(r.versionStatus);
      const status = String(r.status) as ObligationStatus;
      return {
        id: Number(r.id), versionId: Number(r.versionId), versionNo: Number(r.versionNo), title: String(r.title),
        titleEn: (r.titleEn as string | null) ?? null, kind: String(r.kind), versionStatus, deadline, signatureId,
        state: obligationState(signatureId !== null, deadline, today, status),
        signable: signatureId === null && versionStatus === 'published' && status === 'active',
      };
    });
  }

  /** One obligation with the full text; a tenant officer reaches only their own tenant's (404 otherwise). */
  async obligation(id: number, principal: Principal): Promise<ObligationDetail> {
    const obligation = await this.dataSource.getRepository(SigningObligationEntity).findOneBy({ id });
    if (!obligation) throw new NotFoundError('conventionsSigning.errors.obligationNotFound');
    assertTenantAccess(principal, obligation.tenantId);
    const [tenant, version] = await Promise.all([
      this.tenants.summary(obligation.tenantId).then((x) => x!),
      this.conventions.version(obligation.versionId),
    ]);
    const signed = obligation.signatureId !== null;
    return {
      obligation, tenant, version, text: this.conventions.canonicalText(version),
      state: obligationState(signed, obligation.deadline, this.i18n.today(), obligation.status),
      signable: !signed && version.version.status === 'published' && obligation.status === 'active',
    };
  }

  /** A signature with the text it covers; tenant officers only for their own tenant (404 otherwise). */
  async signature(id: number, principal: Principal): Promise<SignatureDetail> {
    const signature = await this.dataSource.getRepository(SignatureEntity).findOneBy({ id });
    if (!signature) throw new NotFoundError('conventionsSigning.errors.signatureNotFound');
    assertTenantAccess(principal, signature.tenantId);
    const [tenant, version] = await Promise.all([
      this.tenants.summary(signature.tenantId).then((x) => x!),
      this.conventions.version(signature.versionId),
    ]);
    return { signature, tenant, version, text: this.conventions.canonicalText(version) };
  }

  /** Online signature by a compliance officer of the obligation's tenant. */
  async sign(obligationId: number, dto: SignDto, principal: Principal, ip: string | null, userAgent: string | null | undefined): Promise<SignatureEntity> {
    const obligation = await this.dataSource.getRepository(SigningObligationEntity).findOneBy({ id: obligationId });
    if (!obligation) throw new NotFoundError('conventionsSigning.errors.obligationNotFound');
    // Another tenant's obligation looks exactly like a missing one.
    if (!isOfficerOf(principal, obligation.tenantId)) throw new NotFoundError('conventionsSigning.errors.obligationNotFound');
    if (dto.consent !== true) {
      throw new ValidationFailedError({ consent: [{ code: 'required' }] }, 'conventionsSigning.errors.consentRequired');
    }
    const actor: Actor = { userId: principal.userId, label: principal.email, ip };
    return this.write(obligationId, actor, async (m, version, textSha256) => ({
      method: 'online', signerName: dto.signerName, signerTitle: dto.signerTitle, userId: principal.userId,
      signedAt: new Date(), ip: ip ? ip.slice(0, 64) : null, userAgent: trimUserAgent(userAgent), textSha256,
      paperReason: null, recordedById: null,
    }), 'convention.sign');
  }

  /** A signature made on paper, recorded by staff with the scan (required) and the reason. */
  async recordPaper(obligationId: number, dto: PaperSignatureDto, scans: UploadedPart[], actor: Actor): Promise<SignatureEntity> {
    const obligation = await this.dataSource.getRepository(SigningObligationEntity).findOneBy({ id: obligationId });
    if (!obligation) throw new NotFoundError('conventionsSigning.errors.obligationNotFound');
    if (!scans.length) throw new ValidationFailedError({ scan: [{ code: 'required' }] }, 'conventionsSigning.errors.scanRequired');
    const signedOn = DateTime.fromISO(dto.signedOn, { zone: this.i18n.timeZone });
    if (!signedOn.isValid || dto.signedOn > this.i18n.today()) {
      throw new ValidationFailedError({ signedOn: [{ code: 'invalid' }] }, 'conventionsSigning.errors.signedOnFuture');
    }
    this.files.check(scans);
    return this.write(obligationId, actor, async () => ({
      method: 'paper', signerName: dto.signerName, signerTitle: dto.signerTitle, userId: null,
      signedAt: signedOn.startOf('day').toJSDate(), ip: null, userAgent: null,
      paperReason: dto.reason, recordedById: actor.userId,
    }), 'convention.signPaper', async (m, signature) => {
      await this.files.store(m, SIGNATURE_OWNER, signature.id, scans, actor.userId);
    });
  }

  /** The public check of a receipt: one lookup by the unique code; null when there is no such receipt. */
  async verify(rawCode: unknown): Promise<Verification | null> {
    const code = normalizeVerificationCode(rawCode);
    if (!code) return null;
    const qb = this.dataSource.getRepository(SignatureEntity).createQueryBuilder('s')
      .select(['s.tenantId AS tenantId', 's.signedAt AS signedAt', 's.method AS method', 's.textSha256 AS textSha256']);
    const row = await this.tenants.join(qb, 's.tenantId', 't')
      .innerJoin(ConventionVersionEntity, 'v', 'v.id = s.versionId')
      .addSelect(['v.title AS versionTitle', 'v.versionNo AS versionNo'])
      .where('s.verificationCode = :code', { code })
      .getRawOne<Record<string, unknown>>();
    if (!row) return null;
    const signedAt = toDate(row.signedAt);
    const tenant = this.tenants.fromRow(row, Number(row.tenantId), 't');
    return {
      tenantName: tenant.name, uscc: tenant.uscc, versionTitle: String(row.versionTitle), versionNo: Number(row.versionNo),
      signedAt, signedOn: DateTime.fromJSDate(signedAt).setZone(this.i18n.timeZone).toISODate() as string,
      method: String(row.method), textSha256: String(row.textSha256),
    };
  }

  /**
   * The one write path of both methods: in one transaction, re-check the obligation and version,
   * hash the text, insert the signature and link it to the obligation only if still unsigned.
   */
  private async write(
    obligationId: number, actor: Actor,
    fields: (m: EntityManager, version: VersionWithClauses, textSha256: string) => Promise<Partial<SignatureEntity>>,
    action: string,
    after?: (m: EntityManager, signature: SignatureEntity) => Promise<void>,
  ): Promise<SignatureEntity> {
    return this.dataSource.transaction(async (m) => {
      const obligation = await m.getRepository(SigningObligationEntity).findOneBy({ id: obligationId });
      if (!obligation) throw new NotFoundError('conventionsSigning.errors.obligationNotFound');
      if (obligation.signatureId !== null) throw new ConflictError('conventionsSigning.errors.alreadySigned');
      const version = await this.conventions.version(obligation.versionId, m);
      if (version.version.status === 'draft') throw new ConflictError('conventionsSigning.errors.draft');
      if (version.version.status !== 'published' || obligation.status === 'superseded') throw new ConflictError('conventionsSigning.errors.superseded');
      if (obligation.status === 'paused') throw new ConflictError('conventionsSigning.errors.paused');
      if (obligation.status === 'cancelled') throw new ConflictError('conventionsSigning.errors.cancelled');
      const textSha256 = sha256Hex(this.conventions.canonicalText(version));
      if (textSha256 !== version.version.textSha256) throw new ConflictError('conventionsSigning.errors.textChanged');
      const repo = m.getRepository(SignatureEntity);
      const signature = await repo.save(repo.create({
        ...(await fields(m, version, textSha256)),
        textSha256, obligationId, versionId: obligation.versionId, tenantId: obligation.tenantId,
        verificationCode: newVerificationCode(),
      }));
      const linked = await m.createQueryBuilder().update(SigningObligationEntity)
        .set({ signatureId: signature.id })
        .where('id = :id', { id: obligationId }).andWhere('signatureId IS NULL')
        .execute();
      if (linked.affected !== 1) throw new ConflictError('conventionsSigning.errors.alreadySigned');
      await after?.(m, signature);
      await this.obligationStatus.signed(m, obligation, version.version);
      await this.audit.record(m, actor, {
        action, entityType: 'signature', entityId: signature.id,
        after: {
          obligationId, versionId: signature.versionId, tenantId: signature.tenantId, method: signature.method,
          signerName: signature.signerName, signerTitle: signature.signerTitle, signedAt: signature.signedAt.toISOString(),
          textSha256, paperReason: signature.paperReason,
        },
      });
      return signature;
    });
  }
}
