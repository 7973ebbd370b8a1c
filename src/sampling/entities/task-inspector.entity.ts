import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** An inspector on a task, from the draw (in bundle order) or added by hand for a flagged task (with a reason). */
@Entity('task_inspectors')
@Index('IDX_task_inspectors_inspector', ['inspectorId', 'taskId'])
export class TaskInspectorEntity {
  @PrimaryColumn({ type: 'int' })
  taskId: number;

  @PrimaryColumn({ type: 'int' })
  inspectorId: number;

  @Column({ type: 'int' })
  departmentId: number;

  @Column({ type: 'int' })
  position: number;

  /** `draw` or `manual`. */
  @Column({ type: 'varchar', length: 8, default: 'draw' })
  assignedBy: 'draw' | 'manual';

  @Column({ type: 'varchar', length: 500, nullable: true })
  reason: string | null;

  @Column({ type: 'int', nullable: true })
  assignedById: number | null;
}
