import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export type ListObjectionStatus = 'open' | 'answered';

/** 异议: what the tenant says against a proposed black or watch entry within its window; answered before the decision. */
@Entity('list_objections')
@Index('IDX_list_objections_entry', ['entryId'])
export class ListObjectionEntity {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'int' })
  entryId: number;

  @Column({ type: 'int' })
  tenantId: number;

  @Column({ type: 'text' })
  text: string;

  @Column({ type: 'int' })
  filedById: number;

  @Column({ type: 'datetime' })
  filedAt: Date;

  @Column({ type: 'varchar', length: 16, default: 'open' })
  status: ListObjectionStatus;

  @Column({ type: 'text', nullable: true })
  answer: string | null;

  @Column({ type: 'int', nullable: true })
  answeredById: number | null;

  @Column({ type: 'datetime', nullable: true })
  answeredAt: Date | null;
}
