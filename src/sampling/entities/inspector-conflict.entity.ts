import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** A declared conflict of interest: the inspector is excluded for this tenant until the declaration is withdrawn. */
@Entity('inspector_conflicts')
@Index('IDX_inspector_conflicts_inspector', ['inspectorId', 'withdrawnAt'])
@Index('IDX_inspector_conflicts_tenant', ['tenantId'])
export class InspectorConflictEntity {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'int' })
  inspectorId: number;

  @Column({ type: 'int' })
  tenantId: number;

  @Column({ type: 'varchar', length: 500 })
  reason: string;

  @Column({ type: 'int' })
  declaredById: number;

  @Column({ type: 'datetime' })
  declaredAt: Date;

  @Column({ type: 'datetime', nullable: true })
  withdrawnAt: Date | null;

  /** Why the declaration was withdrawn (shown beside it). */
  @Column({ type: 'varchar', length: 500, nullable: true })
  withdrawnReason: string | null;
}
