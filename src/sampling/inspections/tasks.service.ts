import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, IsNull, type EntityManager } from 'typeorm';
import { hiddenFrom, isManager, isRegulator, isRegulatorOf } from '../../accounts/domain/access-policy.js';
import { UsersQueries } from '../../accounts/users.queries.js';
import { AuditService } from '../../audit/audit.service.js';
import { WorkingCalendarService } from '../../calendar/working-calendar.service.js';
import { ConflictError, ForbiddenError, NotFoundError, ValidationFailedError } from '../../common/errors/domain-error.js';
import type { Actor, Principal } from '../../common/principal.js';
import { UnitOfWork } from '../../database/unit-of-work.js';
import { dateText } from '../../database/raw-sql.js';
import { evidenceProblems, refuseEvidence } from '../../files/evidence-files.js';
import { FilesService } from '../../files/files.service.js';
import type { UploadedPart } from '../../files/upload.interceptor.js';
import { FindingsService } from '../../findings/core/findings.service.js';
import type { FindingSource } from '../../findings/domain/finding-kinds.js';
import { I18nService } from '../../i18n/i18n.service.js';
import { NotificationsService } from '../../notifications/notifications.service.js';
import { TenantsQueries } from '../../tenants/tenants.queries.js';
import { correctionBlock, findingDepartment, PUBLISH_WORKING_DAYS, resultProblems, taskDecisionNo } from '../domain/inspection-tasks.rules.js';
import { DrawEntity } from '../entities/draw.entity.js';
import { InspectionTaskEntity } from '../entities/inspection-task.entity.js';
import { InspectorConflictEntity } from '../entities/inspector-conflict.entity.js';
import { InspectorEntity } from '../entities/inspector.entity.js';
import { ProgrammeDepartmentEntity } from '../entities/programme-department.entity.js';
import { TaskInspectorEntity } from '../entities/task-inspector.entity.js';
import { MAX_TASK_FILES, type AssignInspectorDto, type DecideAbnormalDto, type RecordResultDto } from './dto/tasks.dto.js';
import { TASK_OWNER, TasksQueries } from './tasks.queries.js';

/** The department whose regulators decide abnormal-operations proposals (市场监管: the seeded code). */
export const MARKET_DEPARTMENT_CODE = 'market';

/** What the notices about one task's publication are about, so they leave the bells once it is published. */
export const taskSubject = (id: number) => `sampling-task:${id}`;

const fileAudit = (files: { id: number; fileName: string; sha256: string; size: number }[]) => files.map((f) => ({ id: f.id, fileName: f.fileName, sha256: f.sha256, size: f.size }));

/**
 * An inspection task's life after the draw: the assigned inspector records the result (clean;
 * problems → a finding of type 'inspection' in the same transaction; not found → an
 * abnormal-operations proposal) with evidence, may correct it until it is published or has become
 * a finding; a person completes the assignment of a flagged task; a market-regulation regulator
 * decides the proposal; a regulator of a programme department (or park staff) publishes it, the
 * deadline being 20 working days after the inspection. Every step audited ('inspection_task') and told.
 */
@Injectable()
export class TasksService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly uow: UnitOfWork,
    private readonly audit: AuditService,
    private readonly files: FilesService,
    private readonly notifications: NotificationsService,
    private readonly i18n: I18nService,
    private readonly tenants: TenantsQueries,
    private readonly users: UsersQueries,
    private readonly calendar: WorkingCalendarService,
    private readonly findings: FindingsService,
    private readonly queries: TasksQueries,
  ) {}

  /** The task as `principal` may see it: another tenant's looks missing to an officer (404). */
  async visible(id: number, principal: Principal, m: EntityManager = this.dataSource.manager): Promise<InspectionTaskEntity> {
    const task = await m.getRepository(InspectionTaskEntity).findOneBy({ id });
    if (!task || hiddenFrom(principal, task.tenantId)) throw new NotFoundError('samplingInspections.errors.notFound');
    return task;
  }

  /** The inspector `principal` is on this task as, or 403: only an inspector assigned to it records and adds evidence. */
  async assignedInspector(task: InspectionTaskEntity, principal: Principal): Promise<{ inspectorId: number; departmentId: number }> {
    const me = isRegulator(principal) ? await this.queries.inspectorOfUser(principal.userId) : null;
    const on = me ? await this.dataSource.getRepository(TaskInspectorEntity).findOneBy({ taskId: task.id, inspectorId: me.inspectorId }) : null;
    if (!me || !on) throw new ForbiddenError('samplingInspections.errors.notAssigned');
    return { inspectorId: me.inspectorId, departmentId: me.departmentId };
  }

  /** Checked before an upload's body is read: the task exists, the asker is on it, it is not published. */
  async evidenceTarget(id: number, principal: Principal): Promise<InspectionTaskEntity> {
    const task = await this.visible(id, principal);
    await this.assignedInspector(task, principal);
    if (task.status === 'published') throw new ConflictError('samplingInspections.errors.published');
    return task;
  }

  private async programmeDepartmentIds(programmeId: number, m: EntityManager = this.dataSource.manager): Promise<ProgrammeDepartmentEntity[]> {
    return m.getRepository(ProgrammeDepartmentEntity).find({ where: { programmeId }, order: { position: 'ASC' } });
  }

  /** The draw's park day: results cannot be of an inspection before it. */
  private async drawDay(task: InspectionTaskEntity): Promise<string> {
    const draw = await this.dataSource.getRepository(DrawEntity).findOneBy({ id: task.drawId });
    return this.i18n.formatDate(draw?.drawnAt ?? task.createdAt);
  }

  /**
   * Records (or, by its recorder before publication, corrects) the result. Problems found become a
   * finding of the chosen programme department in the same transaction; "not found" raises an
   * abnormal-operations proposal. The publication deadline is set from the inspection day.
   */
  async recordResult(id: number, dto: RecordResultDto, principal: Principal, actor: Actor, source: FindingSource): Promise<InspectionTaskEntity> {
    const task = await this.visible(id, principal);
    const me = await this.assignedInspector(task, principal);
    const correcting = task.status !== 'assigned';
    if (correcting) {
      if (task.status === 'recorded' && task.recordedById !== principal.userId) throw new ForbiddenError('samplingInspections.errors.notRecorder');
      const block = correctionBlock(task);
      if (block) throw new ConflictError(`samplingInspections.errors.correction.${block}`);
    }
    const today = this.i18n.today();
    const departments = (await this.programmeDepartmentIds(task.programmeId)).map((d) => d.departmentId);
    const mine = departments.filter((d) => d === me.departmentId);
    const problems = resultProblems({ ...dto, departmentId: dto.departmentId ?? null }, { today, drawDay: await this.drawDay(task), departments: mine });
    if (Object.keys(problems).length) throw new ValidationFailedError(problems);
    const publishBy = await this.calendar.addWorkingDays(dto.inspectedOn, PUBLISH_WORKING_DAYS);
    const departmentId = dto.result === 'problems' ? findingDepartment(dto.departmentId, mine) : null;
    const decisionNo = taskDecisionNo(Number(dto.inspectedOn.slice(0, 4)), id);
    if (departmentId !== null && (await this.findings.existing(this.dataSource.manager, [{ departmentId, decisionNo }])).size) {
      throw new ConflictError('samplingInspections.errors.findingExists', { decisionNo });
    }
    const tenant = await this.tenants.summary(task.tenantId);
    const market = dto.result === 'not_found' && !correcting ? await this.marketRegulators() : [];
    return this.uow.run(async (m, afterCommit) => {
      let findingId: number | null = null;
      if (departmentId !== null) {
        [findingId] = await this.findings.recordMany(m, [{
          departmentId, tenantId: task.tenantId, type: 'inspection', severity: dto.severity!, penaltyKind: null, title: dto.title!, legalBasis: dto.legalBasis!,
          decisionNo, decisionDate: dto.inspectedOn, description: dto.description!, rectificationRequired: !!dto.rectificationRequired,
          rectifyBy: dto.rectificationRequired ? dto.rectifyBy! : null, substantiated: null, abnormalCause: null,
        }], principal.userId, source);
      }
      const now = new Date();
      const change = {
        status: 'recorded' as const, result: dto.result, inspectedOn: dto.inspectedOn, summary: dto.summary, findingId,
        abnormalStatus: dto.result === 'not_found' ? 'proposed' as const : null, abnormalDecidedById: null, abnormalDecidedAt: null,
        recordedById: principal.userId, recordedAt: now, publishBy, publishWarnedOn: null, updatedAt: now,
      };
      const moved = await m.getRepository(InspectionTaskEntity).update(
        correcting ? { id, status: 'recorded', findingId: IsNull(), recordedById: principal.userId } : { id, status: 'assigned' }, change);
      if (!moved.affected) throw new ConflictError('samplingInspections.errors.changed');
      await this.audit.record(m, actor, {
        action: correcting ? 'sampling.task.correct' : 'sampling.task.record', entityType: 'inspection_task', entityId: id,
        before: correcting ? { result: task.result, inspectedOn: task.inspectedOn, summary: task.summary, abnormalStatus: task.abnormalStatus } : { status: task.status },
        after: {
          tenantId: task.tenantId, result: dto.result, inspectedOn: dto.inspectedOn, summary: dto.summary, publishBy, findingId, source,
          ...(findingId !== null ? { departmentId, decisionNo, severity: dto.severity, rectifyBy: dto.rectificationRequired ? dto.rectifyBy : null } : {}),
        },
      });
      if (market.length) {
        await this.notifications.notify(m, afterCommit, {
          userIds: market, template: 'sampling-abnormal-proposed', email: false,
          params: { tenantName: tenant?.name ?? '', taskId: id }, link: `/sampling/tasks/${id}`, dedupeKey: `sampling-abnormal-proposed:${id}`, subject: taskSubject(id),
        });
      }
      return Object.assign(task, change);
    });
  }

  /** The active regulators of the market-regulation department. */
  private async marketRegulators(): Promise<number[]> {
    const market = [...(await this.findings.departmentsById()).values()].find((d) => d.code === MARKET_DEPARTMENT_CODE);
    return market ? (await this.users.regulatorsOf([market.id])).get(market.id) ?? [] : [];
  }

  /** Evidence (PDF, JPEG, PNG by content) of an unpublished task, by an inspector on it. */
  async addEvidence(id: number, parts: UploadedPart[], principal: Principal, actor: Actor): Promise<InspectionTaskEntity> {
    const task = await this.evidenceTarget(id, principal);
    const already = (await this.files.listFor(TASK_OWNER, [id])).length;
    refuseEvidence(evidenceProblems(parts, already, MAX_TASK_FILES, true), 'samplingInspections.errors.evidenceTypes');
    this.files.check(parts);
    return this.uow.run(async (m) => {
      const stored = await this.files.store(m, TASK_OWNER, id, parts, principal.userId);
      await this.audit.record(m, actor, { action: 'sampling.task.evidence', entityType: 'inspection_task', entityId: id, after: { tenantId: task.tenantId, files: fileAudit(stored) } });
      return task;
    });
  }

  /** May complete a flagged task's assignment or publish its result: park staff, admins, a regulator of one of the programme's departments. */
  async mayManage(task: InspectionTaskEntity, principal: Principal): Promise<boolean> {
    if (isManager(principal)) return true;
    if (!isRegulator(principal)) return false;
    return (await this.programmeDepartmentIds(task.programmeId)).some((d) => isRegulatorOf(principal, d.departmentId));
  }

  /** May decide an abnormal-operations proposal: a regulator of the market-regulation department. */
  async mayDecideAbnormal(principal: Principal): Promise<boolean> {
    if (!isRegulator(principal) || principal.departmentId == null) return false;
    return (await this.findings.departmentsById()).get(principal.departmentId)?.code === MARKET_DEPARTMENT_CODE;
  }

  /**
   * Adds an inspector of a department still short of inspectors to a flagged task, with the reason;
   * the flag clears once every department has its number. Audited; the inspector is told.
   */
  async assign(id: number, dto: AssignInspectorDto, principal: Principal, actor: Actor): Promise<InspectionTaskEntity> {
    const task = await this.visible(id, principal);
    if (!(await this.mayManage(task, principal))) throw new ForbiddenError('samplingInspections.errors.mayNotAssign');
    if (!task.needsManual || task.status === 'published') throw new ConflictError('samplingInspections.errors.notFlagged');
    const [departments, onTask, inspector] = await Promise.all([
      this.programmeDepartmentIds(task.programmeId),
      this.dataSource.getRepository(TaskInspectorEntity).findBy({ taskId: id }),
      this.dataSource.getRepository(InspectorEntity).findOneBy({ id: dto.inspectorId, active: true }),
    ]);
    const short = departments.filter((d) => onTask.filter((i) => i.departmentId === d.departmentId).length < d.inspectorsPerTask).map((d) => d.departmentId);
    if (!inspector || !short.includes(inspector.departmentId) || onTask.some((i) => i.inspectorId === inspector.id)) {
      throw new ValidationFailedError({ inspectorId: [{ code: 'oneOf' }] });
    }
    const conflict = await this.dataSource.getRepository(InspectorConflictEntity).findOneBy({ inspectorId: inspector.id, tenantId: task.tenantId, withdrawnAt: IsNull() });
    if (conflict) throw new ValidationFailedError({ inspectorId: [{ code: 'oneOf' }] }, 'samplingInspections.errors.conflict');
    const tenant = await this.tenants.summary(task.tenantId);
    return this.uow.run(async (m, afterCommit) => {
      await m.getRepository(TaskInspectorEntity).insert({
        taskId: id, inspectorId: inspector.id, departmentId: inspector.departmentId, position: onTask.length, assignedBy: 'manual', reason: dto.reason, assignedById: principal.userId,
      });
      const all = [...onTask, { departmentId: inspector.departmentId }];
      const stillShort = departments.some((d) => all.filter((i) => i.departmentId === d.departmentId).length < d.inspectorsPerTask);
      if (!stillShort) await m.getRepository(InspectionTaskEntity).update({ id }, { needsManual: false, updatedAt: new Date() });
      await this.audit.record(m, actor, {
        action: 'sampling.task.assign', entityType: 'inspection_task', entityId: id,
        after: { tenantId: task.tenantId, inspectorId: inspector.id, code: inspector.code, departmentId: inspector.departmentId, reason: dto.reason, needsManual: stillShort },
      });
      await this.notifications.notify(m, afterCommit, {
        userIds: [inspector.userId], template: 'sampling-task-added', email: false,
        params: { tenantName: tenant?.name ?? '', taskId: id }, link: `/sampling/tasks/${id}`, dedupeKey: `sampling-task-added:${id}:${inspector.id}`,
      });
      task.needsManual = stillShort;
      return task;
    });
  }

  /**
   * A market-regulation regulator's decision on a "not found" proposal: confirmed, the tenant is
   * listed (a finding of type abnormal_operations, cause 'unreachable', in the same transaction);
   * dismissed, with the reason (kept in the audit entry).
   */
  async decideAbnormal(id: number, dto: DecideAbnormalDto, principal: Principal, actor: Actor): Promise<InspectionTaskEntity> {
    const task = await this.visible(id, principal);
    if (!(await this.mayDecideAbnormal(principal))) throw new ForbiddenError('samplingInspections.errors.notMarket');
    if (task.abnormalStatus !== 'proposed') throw new ConflictError('samplingInspections.errors.notProposed');
    if (dto.decision === 'dismiss' && !dto.reason) throw new ValidationFailedError({ reason: [{ code: 'required' }] });
    const today = this.i18n.today();
    const departmentId = principal.departmentId!;
    const decisionNo = `${taskDecisionNo(Number(today.slice(0, 4)), id)}-YC`;
    if (dto.decision === 'confirm' && (await this.findings.existing(this.dataSource.manager, [{ departmentId, decisionNo }])).size) {
      throw new ConflictError('samplingInspections.errors.findingExists', { decisionNo });
    }
    return this.uow.run(async (m) => {
      let findingId: number | null = task.findingId;
      if (dto.decision === 'confirm') {
        [findingId] = await this.findings.recordMany(m, [{
          departmentId, tenantId: task.tenantId, type: 'abnormal_operations', severity: 'general', penaltyKind: null,
          title: this.i18n.t('zh-CN', 'samplingInspections.abnormal.findingTitle'), legalBasis: this.i18n.t('zh-CN', 'samplingInspections.abnormal.legalBasis'),
          decisionNo, decisionDate: today, description: task.summary ?? this.i18n.t('zh-CN', 'samplingInspections.results.not_found'),
          rectificationRequired: false, rectifyBy: null, substantiated: null, abnormalCause: 'unreachable',
        }], principal.userId, 'page');
      }
      const now = new Date();
      const change = { abnormalStatus: dto.decision === 'confirm' ? 'confirmed' as const : 'dismissed' as const, abnormalDecidedById: principal.userId, abnormalDecidedAt: now, abnormalReason: dto.reason?.trim() || null, findingId, updatedAt: now };
      const moved = await m.getRepository(InspectionTaskEntity).update({ id, abnormalStatus: 'proposed' }, change);
      if (!moved.affected) throw new ConflictError('samplingInspections.errors.notProposed');
      await this.audit.record(m, actor, {
        action: dto.decision === 'confirm' ? 'sampling.task.abnormalConfirm' : 'sampling.task.abnormalDismiss', entityType: 'inspection_task', entityId: id,
        before: { abnormalStatus: 'proposed' },
        after: { tenantId: task.tenantId, abnormalStatus: change.abnormalStatus, reason: dto.reason ?? null, ...(dto.decision === 'confirm' ? { findingId, decisionNo, departmentId } : {}) },
      });
      return Object.assign(task, change);
    });
  }

  /**
   * Publishes a recorded result (late is allowed, and shown as late). The tenant's officers are told
   * in-app and by e-mail; the deadline warnings leave the bells.
   */
  async publish(id: number, principal: Principal, actor: Actor): Promise<InspectionTaskEntity> {
    const task = await this.visible(id, principal);
    if (!(await this.mayManage(task, principal))) throw new ForbiddenError('samplingInspections.errors.mayNotPublish');
    if (task.status !== 'recorded') throw new ConflictError('samplingInspections.errors.notRecorded', { status: task.status });
    const [tenant, officers] = await Promise.all([this.tenants.summary(task.tenantId), this.users.officersOf([task.tenantId])]);
    const today = this.i18n.today();
    return this.uow.run(async (m, afterCommit) => {
      const now = new Date();
      const change = { status: 'published' as const, publishedAt: now, publishedById: principal.userId, updatedAt: now };
      const moved = await m.getRepository(InspectionTaskEntity).update({ id, status: 'recorded' }, change);
      if (!moved.affected) throw new ConflictError('samplingInspections.errors.notRecorded', { status: task.status });
      const late = !!task.publishBy && today > dateText(task.publishBy);
      await this.audit.record(m, actor, {
        action: 'sampling.task.publish', entityType: 'inspection_task', entityId: id,
        before: { status: 'recorded' }, after: { tenantId: task.tenantId, status: 'published', result: task.result, publishBy: task.publishBy, late },
      });
      await this.notifications.retire(m, [taskSubject(id)]);
      await this.notifications.notify(m, afterCommit, {
        userIds: officers.get(task.tenantId) ?? [], template: 'sampling-result-published',
        params: { tenantName: tenant?.name ?? '', inspectedOn: task.inspectedOn ? dateText(task.inspectedOn) : '', result: task.result ?? '' },
        link: `/tenants/${task.tenantId}`, dedupeKey: `sampling-result-published:${id}`,
      });
      return Object.assign(task, change);
    });
  }
}
