import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { ClaimOrigin, ClaimStatus } from '../domain/list-kinds.js';

/**
 * A measure used for a tenant: an incentive the tenant claimed (claimed → approved → delivered, or
 * rejected / withdrawn) or a restriction park staff applied (applied). Staff record what was delivered.
 */
@Entity('measure_claims')
@Index('IDX_measure_claims_tenant', ['tenantId', 'status'])
@Index('IDX_measure_claims_status', ['status', 'claimedAt'])
@Index('IDX_measure_claims_measure', ['measureId', 'status'])
export class MeasureClaimEntity {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'int' })
  measureId: number;

  @Column({ type: 'int' })
  tenantId: number;

  @Column({ type: 'varchar', length: 8 })
  origin: ClaimOrigin;

  @Column({ type: 'varchar', length: 16 })
  status: ClaimStatus;

  /** What the tenant asks for, or why the restriction was applied. */
  @Column({ type: 'text', nullable: true })
  note: string | null;

  @Column({ type: 'int' })
  claimedById: number;

  @Column({ type: 'datetime' })
  claimedAt: Date;

  @Column({ type: 'int', nullable: true })
  decidedById: number | null;

  @Column({ type: 'datetime', nullable: true })
  decidedAt: Date | null;

  @Column({ type: 'text', nullable: true })
  decisionReason: string | null;

  /** Park day the benefit was delivered (or the restriction took effect). */
  @Column({ type: 'date', nullable: true })
  deliveredOn: string | null;

  @Column({ type: 'text', nullable: true })
  deliveryNote: string | null;

  @Column({ type: 'int', nullable: true })
  deliveredById: number | null;
}
