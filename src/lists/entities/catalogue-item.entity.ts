import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export type CataloguePublicity = 'never' | 'while_listed' | 'results' | 'publicity_period';
export type CatalogueCategory = 'registry' | 'commitments' | 'supervision' | 'scoring' | 'lists' | 'incentives' | 'system';

/**
 * The credit information catalogue (信用目录): one row per kind of record ParkTrust keeps — what it is,
 * who produces it, its legal basis, who may see it, whether it is ever public, how long it counts and
 * how long it is kept. Admins maintain it; nothing is collected that it does not name.
 */
@Entity('credit_catalogue_items')
@Index('IDX_credit_catalogue_items_code', ['code'], { unique: true })
export class CatalogueItemEntity {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'varchar', length: 32 })
  code: string;

  /** The group the public page shows it under. */
  @Column({ type: 'varchar', length: 24 })
  category: CatalogueCategory;

  @Column({ type: 'int', default: 0 })
  sortOrder: number;

  @Column({ type: 'varchar', length: 200 })
  nameZh: string;

  @Column({ type: 'varchar', length: 200 })
  nameEn: string;

  @Column({ type: 'text' })
  descriptionZh: string;

  @Column({ type: 'text' })
  descriptionEn: string;

  @Column({ type: 'varchar', length: 200 })
  producerZh: string;

  @Column({ type: 'varchar', length: 200 })
  producerEn: string;

  /** Legal basis as cited (Chinese titles of laws and notices). */
  @Column({ type: 'varchar', length: 500 })
  legalBasis: string;

  /** The same basis for English readers. */
  @Column({ type: 'varchar', length: 500 })
  legalBasisEn: string;

  @Column({ type: 'varchar', length: 300 })
  audienceZh: string;

  @Column({ type: 'varchar', length: 300 })
  audienceEn: string;

  @Column({ type: 'varchar', length: 24 })
  publicity: CataloguePublicity;

  @Column({ type: 'varchar', length: 300 })
  countsZh: string;

  @Column({ type: 'varchar', length: 300 })
  countsEn: string;

  @Column({ type: 'varchar', length: 300 })
  retentionZh: string;

  @Column({ type: 'varchar', length: 300 })
  retentionEn: string;

  @Column({ type: 'int', nullable: true })
  updatedById: number | null;

  @Column({ type: 'datetime' })
  updatedAt: Date;
}
