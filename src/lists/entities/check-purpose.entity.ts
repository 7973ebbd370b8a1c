import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A purpose other systems check a tenant for (逢办必查): government procurement, subsidies, project approval … Admins keep the list. */
@Entity('check_purposes')
export class CheckPurposeEntity {
  @PrimaryColumn({ type: 'varchar', length: 32 })
  code: string;

  @Column({ type: 'varchar', length: 100 })
  nameZh: string;

  @Column({ type: 'varchar', length: 100 })
  nameEn: string;

  @Column({ type: 'boolean', default: true })
  active: boolean;

  @Column({ type: 'int', default: 0 })
  sortOrder: number;
}
