import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { ConventionKind } from '../domain/convention.rules.js';

/** A convention document family (管理公约, or a credit commitment letter 信用承诺书); its text lives in versions. */
@Entity('conventions')
export class ConventionEntity {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'varchar', length: 20 })
  kind: ConventionKind;

  @Column({ type: 'int', nullable: true })
  createdById: number | null;

  @CreateDateColumn()
  createdAt: Date;
}
