import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { ListCriterion, ListEndKind, ListEntryStatus, ListKind, ListRecordRef } from '../domain/list-kinds.js';

/**
 * A tenant on a list, from the proposal on: proposed (black and watch: notice sent, objection window
 * open until `objectionClosesOn`), then active from `startsOn` once a regulator other than the
 * proposer approved, or rejected / withdrawn; an active entry ends on `plannedEndOn` by itself, early
 * by a decision, or by credit repair. Never deleted.
 */
@Entity('list_entries')
@Index('IDX_list_entries_tenant_status', ['tenantId', 'status'])
@Index('IDX_list_entries_list_status', ['list', 'status', 'startsOn'])
@Index('IDX_list_entries_status_end', ['status', 'plannedEndOn'])
export class ListEntryEntity {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'int' })
  tenantId: number;

  @Column({ type: 'varchar', length: 8 })
  list: ListKind;

  @Column({ type: 'varchar', length: 16, default: 'proposed' })
  status: ListEntryStatus;

  /** The criterion met (a code from list-kinds). */
  @Column({ type: 'varchar', length: 32 })
  criterion: ListCriterion;

  /** Why, in the proposer's words: what the tenant is told. */
  @Column({ type: 'text' })
  reasons: string;

  @Column({ type: 'varchar', length: 500 })
  legalBasis: string;

  /** The records behind it: JSON `ListRecordRef[]` (findings, score months, nominations). */
  @Column({ type: 'simple-json' })
  records: ListRecordRef[];

  @Column({ type: 'int' })
  listRuleId: number;

  @Column({ type: 'int' })
  proposedById: number;

  @Column({ type: 'datetime' })
  proposedAt: Date;

  /** The prior notice to the tenant (black, watch). */
  @Column({ type: 'datetime', nullable: true })
  noticeSentAt: Date | null;

  /** Last park day on which the tenant may object; null when the list has no window. */
  @Column({ type: 'date', nullable: true })
  objectionClosesOn: string | null;

  @Column({ type: 'int', nullable: true })
  decidedById: number | null;

  @Column({ type: 'datetime', nullable: true })
  decidedAt: Date | null;

  @Column({ type: 'text', nullable: true })
  decisionReason: string | null;

  /** Park day it took effect (the approval day). */
  @Column({ type: 'date', nullable: true })
  startsOn: string | null;

  /** Park day it ends by itself (exclusive: on the list on days before it). */
  @Column({ type: 'date', nullable: true })
  plannedEndOn: string | null;

  /** First park day an early exit may be decided; null: at any time. */
  @Column({ type: 'date', nullable: true })
  earliestExitOn: string | null;

  /** Park day it actually ended (exclusive). */
  @Column({ type: 'date', nullable: true })
  endedOn: string | null;

  @Column({ type: 'varchar', length: 16, nullable: true })
  endKind: ListEndKind | null;

  @Column({ type: 'text', nullable: true })
  endReason: string | null;

  @Column({ type: 'int', nullable: true })
  endedById: number | null;

  @Column({ type: 'datetime' })
  createdAt: Date;

  @Column({ type: 'datetime' })
  updatedAt: Date;
}
