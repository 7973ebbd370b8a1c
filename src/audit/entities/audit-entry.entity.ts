import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** One append-only, hash-chained record of a change of legal weight. Never updated, never deleted. */
@Entity('audit_entries')
@Index('IDX_audit_entity', ['entityType', 'entityId'])
// The filter menus read every (type, action) pair from this index alone.
@Index('IDX_audit_type_action', ['entityType', 'action'])
export class AuditEntryEntity {
  @PrimaryGeneratedColumn()
  id: number;

  /** ISO-8601 UTC with milliseconds; kept as text so the hashed form is exactly what is stored. */
  @Index()
  @Column({ type: 'varchar', length: 24 })
  occurredAt: string;

  @Index()
  @Column({ type: 'int', nullable: true })
  actorId: number | null;

  /** Who acted, as shown at the time (e-mail, `cli`, `system`). */
  @Column({ type: 'varchar', length: 190 })
  actorLabel: string;

  @Column({ type: 'varchar', length: 64 })
  action: string;

  @Column({ type: 'varchar', length: 64 })
  entityType: string;

  @Column({ type: 'varchar', length: 64, nullable: true })
  entityId: string | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  ip: string | null;

  /** JSON, or null. */
  @Column({ type: 'text', nullable: true })
  before: string | null;

  /** JSON, or null. */
  @Column({ type: 'text', nullable: true })
  after: string | null;

  @Column({ type: 'varchar', length: 64 })
  prevHash: string;

  @Column({ type: 'varchar', length: 64 })
  hash: string;
}
