import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In, type SelectQueryBuilder } from 'typeorm';
import { canReadTenant, isOfficerOf, readsEveryTenant } from '../../accounts/domain/access-policy.js';
import { UsersQueries } from '../../accounts/users.queries.js';
import { WorkingCalendarService } from '../../calendar/working-calendar.service.js';
import { pageWindow, type Page } from '../../common/pagination.js';
import type { Principal } from '../../common/principal.js';
import { dateText } from '../../database/raw-sql.js';
import { AttachmentOwner, FilesService, toAttachmentView, type AttachmentView } from '../../files/files.service.js';
import { FindingsService } from '../../findings/core/findings.service.js';
import { I18nService } from '../../i18n/i18n.service.js';
import { HubPanel } from '../../tenants/hub-panels.js';
import { TenantsQueries } from '../../tenants/tenants.queries.js';
import { workingDaysBetween } from '../../calendar/domain/working-days.rules.js';
import { PUBLISH_WARN_DAYS, publishState, type PublishState } from '../domain/inspection-tasks.rules.js';
import type { AbnormalProposalStatus, FrameKind, TaskResult, TaskStatus } from '../domain/sampling-kinds.js';
import { DrawEntity } from '../entities/draw.entity.js';
import { InspectionItemEntity } from '../entities/inspection-item.entity.js';
import { InspectionTaskEntity } from '../entities/inspection-task.entity.js';
import { InspectorEntity } from '../entities/inspector.entity.js';
import { InspectorPoolService } from '../inspectors/inspector-pool.service.js';
import { ProgrammeDepartmentEntity } from '../entities/programme-department.entity.js';
import { ProgrammeItemEntity } from '../entities/programme-item.entity.js';
import { SamplingProgrammeEntity } from '../entities/sampling-programme.entity.js';
import { TaskInspectorEntity } from '../entities/task-inspector.entity.js';
import type { PublicInspectionQueryDto, TaskQueryDto } from './dto/tasks.dto.js';

/** Attachments of an inspection task (the inspectors' evidence). */
export const TASK_OWNER = 'inspection-task';

const dateOrNull = (v: unknown): string | null => (v === null || v === undefined ? null : dateText(v));
const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

export interface DepartmentRef { id: number; code: string; nameZh: string; nameEn: string }
export interface ItemRef { id: number; code: string; nameZh: string; nameEn: string; legalBasis: string; kind: string; departmentId: number }

/** A row of the task lists. */
export interface TaskListItem {
  id: number;
  drawId: number;
  programmeId: number;
  programmeTitle: string;
  tenant: { id: number; name: string; uscc: string };
  stratum: FrameKind;
  needsManual: boolean;
  status: TaskStatus;
  result: TaskResult | null;
  inspectedOn: string | null;
  publishBy: string | null;
  publishedAt: Date | null;
  abnormalStatus: AbnormalProposalStatus | null;
  findingId: number | null;
  deadline: { state: PublishState; days: number | null } | null;
}

export interface TaskInspectorView {
  inspectorId: number;
  code: string;
  userId: number;
  name: string;
  departmentId: number;
  assignedBy: 'draw' | 'manual';
  reason: string | null;
}

export interface TaskView extends TaskListItem {
  position: number;
  rank: string | null;
  targetedReason: string | null;
  manualReason: string | null;
  drawSeq: number;
  drawnAt: Date | null;
  drawDay: string | null;
  programmeYear: number;
  summary: string | null;
  recordedById: number | null;
  recordedByName: string | null;
  recordedAt: Date | null;
  abnormalDecidedAt: Date | null;
  abnormalReason: string | null;
  publishedOn: string | null;
  departments: (DepartmentRef & { inspectorsPerTask: number; assigned: number; short: boolean })[];
  items: ItemRef[];
  inspectors: TaskInspectorView[];
  files: AttachmentView[];
}

export interface PublicInspection {
  name: string;
  uscc: string;
  items: { code: string; nameZh: string; nameEn: string }[];
  departments: { code: string; nameZh: string; nameEn: string }[];
  inspectedOn: string;
  result: TaskResult;
  publishedOn: string;
}

/**
 * Reads of inspection tasks: the lists (filters and pagination in SQL), the inspector's own tasks,
 * one task with its programme's departments and items, its inspectors and evidence, the public
 * results (published tasks only, public fields only, repaired findings left out), the hub panel
 * and who may read a task's evidence.
 */
@Injectable()
export class TasksQueries {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly tenants: TenantsQueries,
    private readonly findings: FindingsService,
    private readonly files: FilesService,
    private readonly users: UsersQueries,
    private readonly calendar: WorkingCalendarService,
    private readonly i18n: I18nService,
    private readonly pool: InspectorPoolService,
  ) {}

  /** The active inspector a user is in the pool as (the pool's InspectorPoolService), or null. */
  async inspectorOfUser(userId: number): Promise<{ inspectorId: number; code: string; departmentId: number } | null> {
    const found = await this.pool.inspectorOfUser(userId);
    return found?.active ? { inspectorId: found.inspectorId, code: found.code, departmentId: found.departmentId } : null;
  }

  private base(): SelectQueryBuilder<InspectionTaskEntity> {
    const qb = this.dataSource.getRepository(InspectionTaskEntity).createQueryBuilder('k').select([])
      .innerJoin(SamplingProgrammeEntity, 'p', 'p.id = k.programmeId');
    this.tenants.join(qb, 'k.tenantId', 't');
    return qb
      .addSelect('k.id', 'id').addSelect('k.drawId', 'drawId').addSelect('k.programmeId', 'programmeId').addSelect('p.title', 'programmeTitle')
      .addSelect('k.tenantId', 'tenantId').addSelect('k.stratum', 'stratum').addSelect('k.needsManual', 'needsManual').addSelect('k.status', 'status')
      .addSelect('k.result', 'result').addSelect('k.inspectedOn', 'inspectedOn').addSelect('k.publishBy', 'publishBy').addSelect('k.publishedAt', 'publishedAt')
      .addSelect('k.abnormalStatus', 'abnormalStatus').addSelect('k.findingId', 'findingId');
  }

  private async listItems(rows: Record<string, unknown>[]): Promise<TaskListItem[]> {
    const today = this.i18n.today();
    const cal = await this.calendar.calendar();
    return rows.map((r) => {
      const publishBy = dateOrNull(r.publishBy);
      const publishedAt = r.publishedAt ? new Date(r.publishedAt as string) : null;
      const publishedOn = publishedAt ? this.i18n.formatDate(publishedAt) : null;
      const days = publishBy && !publishedOn ? workingDaysBetween(today, publishBy, cal) : null;
      const state = publishState({ publishBy, publishedOn }, days);
      const tenant = this.tenants.fromRow(r, Number(r.tenantId), 't');
      return {
        id: Number(r.id), drawId: Number(r.drawId), programmeId: Number(r.programmeId), programmeTitle: String(r.programmeTitle),
        tenant: { id: tenant.id, name: tenant.name, uscc: tenant.uscc }, stratum: r.stratum as FrameKind, needsManual: !!Number(r.needsManual),
        status: r.status as TaskStatus, result: (r.result ?? null) as TaskResult | null, inspectedOn: dateOrNull(r.inspectedOn), publishBy,
        publishedAt, abnormalStatus: (r.abnormalStatus ?? null) as AbnormalProposalStatus | null, findingId: num(r.findingId),
        deadline: state ? { state, days } : null,
      };
    });
  }

  /** Applies the list's filters (all in SQL). */
  private filtered(query: TaskQueryDto, today: string, soonBound: string): SelectQueryBuilder<InspectionTaskEntity> {
    const qb = this.base();
    if (query.programmeId) qb.andWhere('k.programmeId = :programmeId', { programmeId: query.programmeId });
    if (query.drawId) qb.andWhere('k.drawId = :drawId', { drawId: query.drawId });
    if (query.status) qb.andWhere('k.status = :status', { status: query.status });
    if (query.result) qb.andWhere('k.result = :result', { result: query.result });
    if (query.departmentId) {
      const pd = this.dataSource.getMetadata(ProgrammeDepartmentEntity).tableName;
      qb.andWhere(`EXISTS (SELECT 1 FROM ${pd} pd WHERE pd.programmeId = k.programmeId AND pd.departmentId = :departmentId)`, { departmentId: query.departmentId });
    }
    if (query.due === 'overdue') qb.andWhere("k.status = 'recorded' AND k.publishBy < :today", { today });
    if (query.due === 'soon') qb.andWhere("k.status = 'recorded' AND k.publishBy >= :today AND k.publishBy <= :soonBound", { today, soonBound });
    if (query.abnormal) qb.andWhere("k.abnormalStatus = 'proposed'");
    if (query.q) this.tenants.filter(qb, { q: query.q }, 't');
    return qb;
  }

  async list(query: TaskQueryDto): Promise<Page<TaskListItem>> {
    const { page, pageSize, skip } = pageWindow(query);
    const today = this.i18n.today();
    const soonBound = await this.calendar.addWorkingDays(today, PUBLISH_WARN_DAYS);
    const [total, rows] = await Promise.all([
      this.filtered(query, today, soonBound).getCount(),
      this.filtered(query, today, soonBound).orderBy('k.id', 'DESC').offset(skip).limit(pageSize).getRawMany<Record<string, unknown>>(),
    ]);
    return { items: await this.listItems(rows), total, page, pageSize };
  }

  /** Rows of the list for an export, in batches (same filters, newest first). */
  async exportBatch(query: TaskQueryDto, offset: number, limit: number): Promise<(TaskListItem & { summary: string | null; departments: string[] })[]> {
    const today = this.i18n.today();
    const soonBound = await this.calendar.addWorkingDays(today, PUBLISH_WARN_DAYS);
    const rows = await this.filtered(query, today, soonBound).addSelect('k.summary', 'summary').orderBy('k.id', 'DESC').offset(offset).limit(limit).getRawMany<Record<string, unknown>>();
    const items = await this.listItems(rows);
    const depts = await this.programmeDepartments([...new Set(items.map((i) => i.programmeId))]);
    return items.map((i, n) => ({ ...i, summary: (rows[n].summary ?? null) as string | null, departments: (depts.get(i.programmeId) ?? []).map((d) => d.code) }));
  }

  /** The inspector's own tasks: open ones first (assigned, then recorded), then published; newest first within each. */
  async mine(inspectorId: number, query: { page?: number; pageSize?: number }): Promise<Page<TaskListItem>> {
    const { page, pageSize, skip } = pageWindow(query);
    const mineQb = () => this.base().innerJoin(TaskInspectorEntity, 'ti', 'ti.taskId = k.id AND ti.inspectorId = :inspectorId', { inspectorId });
    const [total, rows] = await Promise.all([
      mineQb().getCount(),
      mineQb().addSelect("CASE k.status WHEN 'assigned' THEN 0 WHEN 'recorded' THEN 1 ELSE 2 END", 'openness')
        .orderBy('openness', 'ASC').addOrderBy('k.id', 'DESC').offset(skip).limit(pageSize).getRawMany<Record<string, unknown>>(),
    ]);
    return { items: await this.listItems(rows), total, page, pageSize };
  }

  /** The departments of some programmes, in bundle order, named (one query). */
  async programmeDepartments(programmeIds: readonly number[]): Promise<Map<number, (DepartmentRef & { inspectorsPerTask: number })[]>> {
    const out = new Map<number, (DepartmentRef & { inspectorsPerTask: number })[]>();
    if (!programmeIds.length) return out;
    const [rows, names] = await Promise.all([
      this.dataSource.getRepository(ProgrammeDepartmentEntity).find({ where: { programmeId: In([...programmeIds]) }, order: { programmeId: 'ASC', position: 'ASC' } }),
      this.findings.departmentsById(),
    ]);
    for (const r of rows) {
      const d = names.get(r.departmentId);
      out.set(r.programmeId, [...(out.get(r.programmeId) ?? []), { id: r.departmentId, code: d?.code ?? String(r.departmentId), nameZh: d?.nameZh ?? '', nameEn: d?.nameEn ?? '', inspectorsPerTask: r.inspectorsPerTask }]);
    }
    return out;
  }

  /** The items of some programmes, by code (one query). */
  async programmeItems(programmeIds: readonly number[]): Promise<Map<number, ItemRef[]>> {
    const out = new Map<number, ItemRef[]>();
    if (!programmeIds.length) return out;
    const rows = await this.dataSource.getRepository(ProgrammeItemEntity).createQueryBuilder('pi')
      .innerJoin(InspectionItemEntity, 'i', 'i.id = pi.itemId')
      .select('pi.programmeId', 'programmeId').addSelect('i.id', 'id').addSelect('i.code', 'code').addSelect('i.nameZh', 'nameZh').addSelect('i.nameEn', 'nameEn')
      .addSelect('i.legalBasis', 'legalBasis').addSelect('i.kind', 'kind').addSelect('i.departmentId', 'departmentId')
      .where('pi.programmeId IN (:...ids)', { ids: [...programmeIds] }).orderBy('i.code', 'ASC').getRawMany<Record<string, unknown>>();
    for (const r of rows) {
      const pid = Number(r.programmeId);
      out.set(pid, [...(out.get(pid) ?? []), {
        id: Number(r.id), code: String(r.code), nameZh: String(r.nameZh), nameEn: String(r.nameEn), legalBasis: String(r.legalBasis), kind: String(r.kind), departmentId: Number(r.departmentId),
      }]);
    }
    return out;
  }

  /** The inspectors on some tasks, named, in assignment order. */
  async inspectorsOf(taskIds: readonly number[]): Promise<Map<number, TaskInspectorView[]>> {
    const out = new Map<number, TaskInspectorView[]>();
    if (!taskIds.length) return out;
    const rows = await this.dataSource.getRepository(TaskInspectorEntity).createQueryBuilder('ti')
      .innerJoin(InspectorEntity, 'i', 'i.id = ti.inspectorId')
      .select('ti.taskId', 'taskId').addSelect('ti.inspectorId', 'inspectorId').addSelect('ti.departmentId', 'departmentId').addSelect('ti.assignedBy', 'assignedBy')
      .addSelect('ti.reason', 'reason').addSelect('i.code', 'code').addSelect('i.userId', 'userId')
      .where('ti.taskId IN (:...ids)', { ids: [...taskIds] }).orderBy('ti.taskId', 'ASC').addOrderBy('ti.position', 'ASC').getRawMany<Record<string, unknown>>();
    const names = await this.users.names(rows.map((r) => Number(r.userId)));
    for (const r of rows) {
      const tid = Number(r.taskId);
      out.set(tid, [...(out.get(tid) ?? []), {
        inspectorId: Number(r.inspectorId), code: String(r.code), userId: Number(r.userId), name: names.get(Number(r.userId)) ?? '',
        departmentId: Number(r.departmentId), assignedBy: r.assignedBy as 'draw' | 'manual', reason: (r.reason ?? null) as string | null,
      }]);
    }
    return out;
  }

  /** One task with everything its page shows (the caller has checked who may read it). */
  async view(task: InspectionTaskEntity): Promise<TaskView> {
    const rows = await this.base().innerJoin(DrawEntity, 'd', 'd.id = k.drawId')
      .addSelect('d.seq', 'drawSeq').addSelect('d.drawnAt', 'drawnAt').addSelect('p.year', 'programmeYear')
      .where('k.id = :id', { id: task.id }).getRawMany<Record<string, unknown>>();
    const [item] = await this.listItems(rows);
    const [depts, items, inspectors, files, recorder] = await Promise.all([
      this.programmeDepartments([task.programmeId]), this.programmeItems([task.programmeId]), this.inspectorsOf([task.id]),
      this.files.listFor(TASK_OWNER, [task.id]), task.recordedById ? this.users.names([task.recordedById]) : Promise.resolve(new Map<number, string>()),
    ]);
    const onTask = inspectors.get(task.id) ?? [];
    const drawnAt = rows[0].drawnAt ? new Date(rows[0].drawnAt as string) : null;
    return {
      ...item, position: task.position, rank: task.rank, targetedReason: task.targetedReason, manualReason: task.manualReason,
      drawSeq: Number(rows[0].drawSeq), drawnAt, drawDay: drawnAt ? this.i18n.formatDate(drawnAt) : null, programmeYear: Number(rows[0].programmeYear),
      summary: task.summary, recordedById: task.recordedById, recordedByName: task.recordedById ? recorder.get(task.recordedById) ?? null : null,
      recordedAt: task.recordedAt, abnormalDecidedAt: task.abnormalDecidedAt, abnormalReason: task.abnormalReason, publishedOn: task.publishedAt ? this.i18n.formatDate(task.publishedAt) : null,
      departments: (depts.get(task.programmeId) ?? []).map((d) => {
        const assigned = onTask.filter((i) => i.departmentId === d.id).length;
        return { ...d, assigned, short: assigned < d.inspectorsPerTask };
      }),
      items: items.get(task.programmeId) ?? [], inspectors: onTask, files: files.map(toAttachmentView),
    };
  }

  /** Active inspectors of some departments, named, for the manual-assignment form (a department's pool is a few dozen). */
  async candidates(departmentIds: readonly number[], exclude: readonly number[]): Promise<{ inspectorId: number; code: string; name: string; departmentId: number }[]> {
    if (!departmentIds.length) return [];
    const rows = await this.dataSource.getRepository(InspectorEntity).find({ where: { departmentId: In([...departmentIds]), active: true }, order: { code: 'ASC' } });
    const kept = rows.filter((r) => !exclude.includes(r.id));
    const names = await this.users.names(kept.map((r) => r.userId));
    return kept.map((r) => ({ inspectorId: r.id, code: r.code, name: names.get(r.userId) ?? '', departmentId: r.departmentId }));
  }

  /** Published tasks whose finding (if any) is not repaired: what the public may see. */
  private published(query: PublicInspectionQueryDto): SelectQueryBuilder<InspectionTaskEntity> {
    const qb = this.dataSource.getRepository(InspectionTaskEntity).createQueryBuilder('k').select([])
      .where("k.status = 'published'")
      .andWhere(`(k.findingId IS NULL OR k.findingId NOT IN (${this.findings.repairedIdsSql()}))`);
    this.tenants.join(qb, 'k.tenantId', 't');
    if (query.q) this.tenants.filter(qb, { q: query.q }, 't');
    if (query.result) qb.andWhere('k.result = :result', { result: query.result });
    if (query.year) qb.andWhere('k.inspectedOn >= :from AND k.inspectedOn <= :to', { from: `${query.year}-01-01`, to: `${query.year}-12-31` });
    if (query.departmentId) {
      const pd = this.dataSource.getMetadata(ProgrammeDepartmentEntity).tableName;
      qb.andWhere(`EXISTS (SELECT 1 FROM ${pd} pd WHERE pd.programmeId = k.programmeId AND pd.departmentId = :departmentId)`, { departmentId: query.departmentId });
    }
    return qb;
  }

  /** The public results page: published tasks, public fields only, newest publication first. */
  async publicList(query: PublicInspectionQueryDto): Promise<Page<PublicInspection>> {
    const { page, pageSize, skip } = pageWindow(query);
    const [total, rows] = await Promise.all([
      this.published(query).getCount(),
      this.published(query).addSelect('k.id', 'id').addSelect('k.programmeId', 'programmeId').addSelect('k.inspectedOn', 'inspectedOn')
        .addSelect('k.result', 'result').addSelect('k.publishedAt', 'publishedAt')
        .orderBy('k.publishedAt', 'DESC').addOrderBy('k.id', 'DESC').offset(skip).limit(pageSize).getRawMany<Record<string, unknown>>(),
    ]);
    const programmes = [...new Set(rows.map((r) => Number(r.programmeId)))];
    const [depts, items] = await Promise.all([this.programmeDepartments(programmes), this.programmeItems(programmes)]);
    return {
      items: rows.map((r) => {
        const tenant = this.tenants.fromRow(r, 0, 't');
        const pid = Number(r.programmeId);
        return {
          name: tenant.name, uscc: tenant.uscc,
          items: (items.get(pid) ?? []).map((i) => ({ code: i.code, nameZh: i.nameZh, nameEn: i.nameEn })),
          departments: (depts.get(pid) ?? []).map((d) => ({ code: d.code, nameZh: d.nameZh, nameEn: d.nameEn })),
          inspectedOn: dateText(r.inspectedOn), result: r.result as TaskResult, publishedOn: this.i18n.formatDate(new Date(r.publishedAt as string)),
        };
      }),
      total, page, pageSize,
    };
  }

  /** Departments taking part in any programme (the public filter's choices). */
  async programmeDepartmentChoices(): Promise<DepartmentRef[]> {
    const rows = await this.dataSource.getRepository(ProgrammeDepartmentEntity).createQueryBuilder('pd').select('DISTINCT pd.departmentId', 'departmentId').getRawMany<{ departmentId: unknown }>();
    const names = await this.findings.departmentsById();
    return rows.map((r) => names.get(Number(r.departmentId))).filter((d): d is NonNullable<typeof d> => !!d)
      .map((d) => ({ id: d.id, code: d.code, nameZh: d.nameZh, nameEn: d.nameEn })).sort((a, b) => a.code.localeCompare(b.code));
  }

  /**
   * The tenant hub's inspections: published results, and tasks drawn but not yet published ("drawn,
   * to be inspected" / "inspected, result to be published"). Readers and the tenant's own officers.
   */
  @HubPanel({ partial: 'hub-inspections', order: 34 })
  async hubPanel(tenantId: number, principal: Principal): Promise<Record<string, unknown> | null> {
    if (!canReadTenant(principal, tenantId)) return null;
    const rows = await this.base().where('k.tenantId = :tenantId', { tenantId })
      .andWhere(`(k.findingId IS NULL OR k.status <> 'published' OR k.findingId NOT IN (${this.findings.repairedIdsSql()}))`)
      .orderBy('k.id', 'DESC').limit(10).getRawMany<Record<string, unknown>>();
    if (!rows.length) return null;
    const items = await this.listItems(rows);
    return { tenantId, uscc: items[0].tenant.uscc, reader: readsEveryTenant(principal), items: items.map((i) => ({ ...i, pending: i.status !== 'published' })) };
  }

  /** Readers see every task's evidence; the tenant's officers once the result is published. */
  @AttachmentOwner(TASK_OWNER)
  async canReadEvidence(principal: Principal, taskId: number): Promise<boolean> {
    if (readsEveryTenant(principal)) return true;
    const row = await this.dataSource.getRepository(InspectionTaskEntity).findOne({ select: { id: true, tenantId: true, status: true }, where: { id: taskId } });
    return !!row && row.status === 'published' && isOfficerOf(principal, row.tenantId);
  }
}
