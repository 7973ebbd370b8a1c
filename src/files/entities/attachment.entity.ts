import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A stored upload: evidence of a breach, a paper signature scan, an evaluation report … It belongs
 * to one record (`ownerType`, `ownerId`) and is served only to whoever may see that record.
 * Never listed publicly, never deleted (records of legal weight keep their evidence).
 */
@Entity('attachments')
@Index('IDX_attachments_owner', ['ownerType', 'ownerId'])
export class AttachmentEntity {
  @PrimaryGeneratedColumn()
  id: number;

  /** Kind of record it belongs to; each kind says who may read it with an @AttachmentOwner method. */
  @Column({ type: 'varchar', length: 40 })
  ownerType: string;

  @Column({ type: 'int' })
  ownerId: number;

  /** The uploader's file name, cleaned of paths and control characters; shown, never used on disk. */
  @Column({ type: 'varchar', length: 255 })
  fileName: string;

  /** Generated name under FILES_DIR (`yyyy/mm/<uuid>`). */
  @Column({ type: 'varchar', length: 64, unique: true })
  storagePath: string;

  /** Detected from the content, not from the name or the browser's claim. */
  @Column({ type: 'varchar', length: 100 })
  contentType: string;

  @Column({ type: 'int' })
  size: number;

  @Column({ type: 'varchar', length: 64 })
  sha256: string;

  @Column({ type: 'int', nullable: true })
  uploadedById: number | null;

  @CreateDateColumn()
  createdAt: Date;
}
