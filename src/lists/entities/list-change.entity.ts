import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { ListChangeKind, ListKind } from '../domain/list-kinds.js';

/**
 * The feed other systems pull (`GET /api/v1/lists/changes?since=`): one row each time an entry takes
 * effect, ends or is repaired, in the order they happened. Append-only; read by keyset (changedAt, id).
 */
@Entity('list_changes')
@Index('IDX_list_changes_at', ['changedAt', 'id'])
export class ListChangeEntity {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'int' })
  entryId: number;

  @Column({ type: 'int' })
  tenantId: number;

  /** The tenant's USCC when it changed (what other systems key on). */
  @Column({ type: 'varchar', length: 18 })
  uscc: string;

  @Column({ type: 'varchar', length: 8 })
  list: ListKind;

  @Column({ type: 'varchar', length: 16 })
  change: ListChangeKind;

  /** Park day the change takes effect (start, or end exclusive). */
  @Column({ type: 'date' })
  effectiveOn: string;

  @Column({ type: 'datetime' })
  changedAt: Date;
}
