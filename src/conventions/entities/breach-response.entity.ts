import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import type { Relation } from 'typeorm';
import type { BreachEntity } from './breach.entity.js';

/** A tenant's written response to a breach, with files (attachments, owner 'breach_response'). */
@Entity('breach_responses')
@Index('IDX_breach_responses_breach', ['breachId'])
export class BreachResponseEntity {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'int' })
  breachId: number;

  @ManyToOne('BreachEntity', { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'breachId' })
  breach?: Relation<BreachEntity>;

  @Column({ type: 'int' })
  tenantId: number;

  @Column({ type: 'int', nullable: true })
  userId: number | null;

  @Column({ type: 'text' })
  text: string;

  @CreateDateColumn()
  createdAt: Date;
}
