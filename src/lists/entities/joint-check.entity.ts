import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * One joint check (逢办必查) as it was answered: who asked, about whom, for what, and the answer
 * (lists, grade, score, measures). Append-only; the feedback is a separate row.
 */
@Entity('joint_checks')
@Index('IDX_joint_checks_check_id', ['checkId'], { unique: true })
@Index('IDX_joint_checks_at', ['checkedAt'])
@Index('IDX_joint_checks_tenant_at', ['tenantId', 'checkedAt'])
@Index('IDX_joint_checks_purpose_at', ['purpose', 'checkedAt'])
export class JointCheckEntity {
  @PrimaryGeneratedColumn()
  id: number;

  /** The public id returned to the caller (UUID). */
  @Column({ type: 'varchar', length: 36 })
  checkId: string;

  @Column({ type: 'varchar', length: 18 })
  uscc: string;

  @Column({ type: 'int' })
  tenantId: number;

  @Column({ type: 'varchar', length: 32 })
  purpose: string;

  /** The calling system or office, as it names itself. */
  @Column({ type: 'varchar', length: 200 })
  requester: string;

  /** The API token's user. */
  @Column({ type: 'int' })
  requestedById: number;

  /** The lists the tenant was on, comma-separated (`red`, `black,watch`, or empty). */
  @Column({ type: 'varchar', length: 32 })
  lists: string;

  @Column({ type: 'varchar', length: 1, nullable: true })
  grade: string | null;

  @Column({ type: 'int', nullable: true })
  score: number | null;

  /** The published month's as-of day the grade and score come from. */
  @Column({ type: 'date', nullable: true })
  asOf: string | null;

  /** The measure codes returned, comma-separated. */
  @Column({ type: 'varchar', length: 500 })
  measures: string;

  @Column({ type: 'datetime' })
  checkedAt: Date;
}
