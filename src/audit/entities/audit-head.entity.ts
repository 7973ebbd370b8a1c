import { Column, Entity, PrimaryColumn } from 'typeorm';

/** The single row that every audit append locks, so the chain is extended by one writer at a time. */
@Entity('audit_head')
export class AuditHeadEntity {
  @PrimaryColumn({ type: 'int' })
  id: number;

  @Column({ type: 'int', default: 0 })
  lastEntryId: number;

  @Column({ type: 'varchar', length: 64 })
  lastHash: string;
}
