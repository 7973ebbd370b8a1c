import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import type { Relation } from 'typeorm';
import type { SignatureMethod } from '../domain/convention.rules.js';
import type { SigningObligationEntity } from './signing-obligation.entity.js';

/**
 * A signature of a published version by a tenant: online by a compliance officer, or a paper
 * signature recorded by staff with a scan. Never updated: the row is the legal record.
 */
@Entity('signatures')
@Index('IDX_signatures_tenant', ['tenantId', 'versionId'])
export class SignatureEntity {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'int', unique: true })
  obligationId: number;

  @ManyToOne('SigningObligationEntity', { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'obligationId' })
  obligation?: Relation<SigningObligationEntity>;

  @Column({ type: 'int' })
  versionId: number;

  @Column({ type: 'int' })
  tenantId: number;

  @Column({ type: 'varchar', length: 10 })
  method: SignatureMethod;

  /** The full name the signer typed (online), or the name on the paper. */
  @Column({ type: 'varchar', length: 100 })
  signerName: string;

  @Column({ type: 'varchar', length: 100 })
  signerTitle: string;

  /** The officer who signed online; null for paper. */
  @Column({ type: 'int', nullable: true })
  userId: number | null;

  @Column({ type: 'datetime' })
  signedAt: Date;

  @Column({ type: 'varchar', length: 64, nullable: true })
  ip: string | null;

  @Column({ type: 'varchar', length: 500, nullable: true })
  userAgent: string | null;

  /** SHA-256 of the exact text signed (versionText of the version). */
  @Column({ type: 'varchar', length: 64 })
  textSha256: string;

  /** Printed on the receipt; anyone can check it on the public verification page. */
  @Column({ type: 'varchar', length: 20, unique: true })
  verificationCode: string;

  /** Paper signatures: why it was signed on paper; the scan is an attachment (owner 'signature'). */
  @Column({ type: 'varchar', length: 500, nullable: true })
  paperReason: string | null;

  /** Staff who recorded a paper signature. */
  @Column({ type: 'int', nullable: true })
  recordedById: number | null;

  @CreateDateColumn()
  createdAt: Date;
}
