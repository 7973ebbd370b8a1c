import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

/** 楼栋: a building of the park, kept by staff. Retired rather than deleted: tenants keep pointing at it. */
@Entity('buildings')
@Index('IDX_buildings_name', ['name'], { unique: true })
export class BuildingEntity {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'varchar', length: 64 })
  name: string;

  /** A retired building is no longer offered for new tenants or edits; its tenants keep it. */
  @Column({ type: 'boolean', default: false })
  retired: boolean;

  @CreateDateColumn()
  createdAt: Date;

  @UpdateDateColumn()
  updatedAt: Date;
}
