import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { MeasureEligibility, MeasureKind } from '../domain/measure-eligibility.rules.js';

/**
 * The 信易+ catalogue: an incentive for trustworthy tenants (rent or fee discount, fast-track park
 * services, venue priority, a recommendation letter to a partner bank, lighter document requirements)
 * or a restriction for black-listed ones, with its eligibility and validity. Tenants claim the
 * claimable incentives in the park; joint checks return the measures configured for their purpose.
 */
@Entity('credit_measures')
@Index('IDX_credit_measures_code', ['code'], { unique: true })
export class CreditMeasureEntity {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'varchar', length: 32 })
  code: string;

  @Column({ type: 'varchar', length: 16 })
  kind: MeasureKind;

  /** rent_discount, fast_track, venue_priority, bank_recommendation, lighter_documents, subsidy, procurement … */
  @Column({ type: 'varchar', length: 32 })
  category: string;

  @Column({ type: 'varchar', length: 200 })
  titleZh: string;

  @Column({ type: 'varchar', length: 200 })
  titleEn: string;

  @Column({ type: 'text' })
  descriptionZh: string;

  @Column({ type: 'text' })
  descriptionEn: string;

  /** The joint-check purposes it is returned for, comma-separated purpose codes; empty: park use only. */
  @Column({ type: 'varchar', length: 500, default: '' })
  purposes: string;

  /** Tenants can see and claim it in the park (incentives). */
  @Column({ type: 'boolean', default: false })
  claimable: boolean;

  @Column({ type: 'simple-json' })
  eligibility: MeasureEligibility;

  @Column({ type: 'date' })
  validFrom: string;

  /** Last valid park day; null: open-ended. */
  @Column({ type: 'date', nullable: true })
  validTo: string | null;

  @Column({ type: 'boolean', default: true })
  active: boolean;

  @Column({ type: 'int', nullable: true })
  updatedById: number | null;

  @Column({ type: 'datetime' })
  updatedAt: Date;
}
