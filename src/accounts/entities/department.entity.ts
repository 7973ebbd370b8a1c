import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** A government department whose regulators use ParkTrust (市场监管, 税务 …); admin-editable reference data. */
@Entity('departments')
export class DepartmentEntity {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'varchar', length: 32, unique: true })
  code: string;

  @Column({ type: 'varchar', length: 100 })
  nameZh: string;

  @Column({ type: 'varchar', length: 150 })
  nameEn: string;

  @Column({ type: 'boolean', default: true })
  active: boolean;

  /** The department lets park staff verify and close rectifications of its findings (its regulators always may). */
  @Column({ type: 'boolean', default: false })
  delegatesVerification: boolean;

  @CreateDateColumn()
  createdAt: Date;
}
