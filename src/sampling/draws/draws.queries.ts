import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { NotFoundError } from '../../common/errors/domain-error.js';
import { pageWindow, type Page } from '../../common/pagination.js';
import { toDate } from '../../database/raw-sql.js';
import { TenantsQueries } from '../../tenants/tenants.queries.js';
import type { ProgrammeDetail } from '../domain/programme.types.js';
import type { DrawStatus, FrameKind } from '../domain/sampling-kinds.js';
import { DrawEntity } from '../entities/draw.entity.js';
import { InspectionTaskEntity } from '../entities/inspection-task.entity.js';
import { SamplingProgrammeEntity } from '../entities/sampling-programme.entity.js';
import { InspectorPoolService } from '../inspectors/inspector-pool.service.js';
import { ProgrammesQueries } from '../programmes/programmes.queries.js';
import { drawGrades, isPublicDraw } from './draws.rules.js';
import type { DrawListQueryDto, DrawTasksQueryDto, PublicDrawListQueryDto } from './dto/draws.dto.js';

export interface DrawListItem {
  id: number;
  programmeId: number;
  programmeTitle: string;
  year: number;
  seq: number;
  grades: string;
  status: DrawStatus;
  announceAt: Date;
  drawAt: Date;
  committedAt: Date | null;
  drawnAt: Date | null;
  memberCount: number;
  targetedCount: number;
  excludedCount: number;
  taskCount: number;
  flaggedCount: number;
}

export interface DrawDetail extends DrawListItem {
  frameHash: string | null;
  seedCommitment: string | null;
  /** Only once drawn. */
  seed: string | null;
  publicEntropy: string;
  entropyAt: Date | null;
  bundleSha256: string | null;
  cancelledReason: string | null;
  /** Members per frame kind: A–D strata, T targeted, X excluded. */
  frameCounts: { kind: FrameKind; count: number }[];
  programme: Pick<ProgrammeDetail, 'id' | 'title' | 'year' | 'status' | 'departments'>;
}

export interface DrawTaskRow {
  id: number;
  position: number;
  tenantId: number;
  tenantName: string;
  uscc: string;
  stratum: FrameKind;
  rank: string | null;
  targetedReason: string | null;
  needsManual: boolean;
  manualReason: string | null;
  status: string;
  result: string | null;
  inspectors: { inspectorId: number; code: string; name: string; departmentId: number; assignedBy: string }[];
}

const LIST_COLUMNS = [
  'd.id AS id', 'd.programmeId AS programmeId', 'p.title AS programmeTitle', 'p.year AS year', 'd.seq AS seq', 'd.grades AS grades', 'd.status AS status',
  'd.announceAt AS announceAt', 'd.drawAt AS drawAt', 'd.committedAt AS committedAt', 'd.drawnAt AS drawnAt', 'd.memberCount AS memberCount',
  'd.targetedCount AS targetedCount', 'd.excludedCount AS excludedCount', 'd.taskCount AS taskCount', 'd.flaggedCount AS flaggedCount',
];

const optDate = (v: unknown) => (v == null ? null : toDate(v));

function listItem(r: Record<string, unknown>): DrawListItem {
  return {
    id: Number(r.id), programmeId: Number(r.programmeId), programmeTitle: String(r.programmeTitle), year: Number(r.year), seq: Number(r.seq),
    grades: String(r.grades), status: r.status as DrawStatus, announceAt: toDate(r.announceAt), drawAt: toDate(r.drawAt),
    committedAt: optDate(r.committedAt), drawnAt: optDate(r.drawnAt), memberCount: Number(r.memberCount), targetedCount: Number(r.targetedCount),
    excludedCount: Number(r.excludedCount), taskCount: Number(r.taskCount), flaggedCount: Number(r.flaggedCount),
  };
}

/** Read models of the draws: lists filtered and paginated in SQL, a draw with its frame counts, its tasks with their inspectors. */
@Injectable()
export class DrawsQueries {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly tenants: TenantsQueries,
    private readonly programmes: ProgrammesQueries,
    private readonly pool: InspectorPoolService,
  ) {}

  private base() {
    return this.dataSource.getRepository(DrawEntity).createQueryBuilder('d')
      .innerJoin(SamplingProgrammeEntity, 'p', 'p.id = d.programmeId').select(LIST_COLUMNS);
  }

  /** Every draw (readers), filtered by programme, status, year; the next to come first, then the latest. */
  async list(query: DrawListQueryDto): Promise<Page<DrawListItem>> {
    const { page, pageSize, skip } = pageWindow(query, 20);
    const qb = this.base();
    if (query.programmeId) qb.andWhere('d.programmeId = :programmeId', { programmeId: query.programmeId });
    if (query.status) qb.andWhere('d.status = :status', { status: query.status });
    if (query.year) qb.andWhere('p.year = :year', { year: query.year });
    const [rows, total] = await Promise.all([
      qb.clone().orderBy('d.drawAt', 'DESC').addOrderBy('d.id', 'DESC').offset(skip).limit(pageSize).getRawMany<Record<string, unknown>>(),
      qb.clone().getCount(),
    ]);
    return { items: rows.map(listItem), total, page, pageSize };
  }

  /** Announced and drawn draws, for the public: the latest draw time first. */
  async publicList(query: PublicDrawListQueryDto): Promise<Page<DrawListItem & { departments: { code: string; nameZh: string; nameEn: string }[] }>> {
    const { page, pageSize, skip } = pageWindow(query, 20);
    const qb = this.base().where("d.status IN ('announced', 'drawn')");
    if (query.year) qb.andWhere('p.year = :year', { year: query.year });
    const [rows, total] = await Promise.all([
      qb.clone().orderBy('d.drawAt', 'DESC').addOrderBy('d.id', 'DESC').offset(skip).limit(pageSize).getRawMany<Record<string, unknown>>(),
      qb.clone().getCount(),
    ]);
    const items = rows.map(listItem);
    const departments = await this.departmentsOf([...new Set(items.map((i) => i.programmeId))]);
    return { items: items.map((i) => ({ ...i, departments: departments.get(i.programmeId) ?? [] })), total, page, pageSize };
  }

  /** The departments of a page's programmes (a handful of programmes a page). */
  private async departmentsOf(programmeIds: number[]): Promise<Map<number, { code: string; nameZh: string; nameEn: string }[]>> {
    const details = await Promise.all(programmeIds.map((id) => this.programmes.detail(id)));
    return new Map(details.map((p) => [p.id, [...p.departments].sort((a, b) => a.position - b.position).map((d) => ({ code: d.code, nameZh: d.nameZh, nameEn: d.nameEn }))]));
  }

  /** A draw with its programme and frame counts; the seed only once drawn. `publicOnly`: 404 unless announced or drawn. */
  async detail(id: number, publicOnly = false): Promise<DrawDetail> {
    const row = Number.isSafeInteger(id) && id > 0
      ? await this.base().addSelect([
        'd.frameHash AS frameHash', 'd.seedCommitment AS seedCommitment', 'd.seed AS seed', 'd.publicEntropy AS publicEntropy', 'd.entropyAt AS entropyAt',
        'd.bundleSha256 AS bundleSha256', 'd.cancelledReason AS cancelledReason',
      ]).where('d.id = :id', { id }).getRawOne<Record<string, unknown>>()
      : undefined;
    if (!row || (publicOnly && !isPublicDraw(String(row.status)))) throw new NotFoundError();
    const item = listItem(row);
    const [counts, programme] = await Promise.all([
      this.dataSource.query('SELECT kind, COUNT(*) AS n FROM draw_frame_members WHERE drawId = ? GROUP BY kind', [id]) as Promise<{ kind: FrameKind; n: number }[]>,
      this.programmes.detail(item.programmeId),
    ]);
    const order = [...drawGrades(item.grades), 'T', 'X'];
    const byKind = new Map(counts.map((c) => [String(c.kind), Number(c.n)]));
    return {
      ...item,
      frameHash: (row.frameHash as string | null) ?? null, seedCommitment: (row.seedCommitment as string | null) ?? null,
      seed: item.status === 'drawn' ? (row.seed as string | null) ?? null : null,
      publicEntropy: String(row.publicEntropy ?? ''), entropyAt: optDate(row.entropyAt), bundleSha256: (row.bundleSha256 as string | null) ?? null,
      cancelledReason: (row.cancelledReason as string | null) ?? null,
      frameCounts: item.status === 'planned' ? [] : order.map((kind) => ({ kind: kind as FrameKind, count: byKind.get(kind) ?? 0 })),
      programme: { id: programme.id, title: programme.title, year: programme.year, status: programme.status, departments: [...programme.departments].sort((a, b) => a.position - b.position) },
    };
  }

  /** A page of a draw's tasks in draw order, with their tenants and inspectors (two queries and one pool read per page). */
  async tasks(drawId: number, query: DrawTasksQueryDto): Promise<Page<DrawTaskRow>> {
    const { page, pageSize, skip } = pageWindow(query, 50);
    const qb = this.dataSource.getRepository(InspectionTaskEntity).createQueryBuilder('k').select([]).where('k.drawId = :drawId', { drawId });
    if (query.flagged) qb.andWhere('k.needsManual = :yes', { yes: true });
    const [rows, total] = await Promise.all([
      this.tenants.join(qb.clone(), 'k.tenantId', 't')
        .addSelect(['k.id AS id', 'k.position AS position', 'k.tenantId AS tenantId', 'k.uscc AS uscc', 'k.stratum AS stratum', 'k.rank AS rank',
          'k.targetedReason AS targetedReason', 'k.needsManual AS needsManual', 'k.manualReason AS manualReason', 'k.status AS status', 'k.result AS result'])
        .orderBy('k.position', 'ASC').offset(skip).limit(pageSize).getRawMany<Record<string, unknown>>(),
      qb.clone().getCount(),
    ]);
    const inspectors = await this.inspectorsOf(rows.map((r) => Number(r.id)));
    return {
      items: rows.map((r) => ({
        id: Number(r.id), position: Number(r.position), tenantId: Number(r.tenantId), tenantName: String(r.tName), uscc: String(r.uscc),
        stratum: r.stratum as FrameKind, rank: (r.rank as string | null) ?? null, targetedReason: (r.targetedReason as string | null) ?? null,
        needsManual: Boolean(Number(r.needsManual)), manualReason: (r.manualReason as string | null) ?? null, status: String(r.status),
        result: (r.result as string | null) ?? null, inspectors: inspectors.get(Number(r.id)) ?? [],
      })),
      total, page, pageSize,
    };
  }

  /** Every task of a draw in order, batch by batch (exports). */
  async *allTasks(drawId: number, batch = 1000): AsyncGenerator<DrawTaskRow[]> {
    for (let p = 1; ; p++) {
      const part = await this.tasks(drawId, { page: p, pageSize: batch } as DrawTasksQueryDto & { pageSize: number });
      if (part.items.length) yield part.items;
      if (p * batch >= part.total) break;
    }
  }

  /** The inspectors of some tasks, in assignment order, named through the pool. */
  private async inspectorsOf(taskIds: number[]): Promise<Map<number, DrawTaskRow['inspectors']>> {
    const out = new Map<number, DrawTaskRow['inspectors']>();
    if (!taskIds.length) return out;
    const rows = (await this.dataSource.query(
      `SELECT taskId, inspectorId, departmentId, assignedBy FROM task_inspectors WHERE taskId IN (${taskIds.map(() => '?').join(', ')}) ORDER BY taskId, position, inspectorId`,
      taskIds,
    )) as { taskId: number; inspectorId: number; departmentId: number; assignedBy: string }[];
    const people = await this.pool.byIds([...new Set(rows.map((r) => Number(r.inspectorId)))]);
    for (const r of rows) {
      const who = people.get(Number(r.inspectorId));
      const list = out.get(Number(r.taskId)) ?? [];
      list.push({ inspectorId: Number(r.inspectorId), code: who?.code ?? String(r.inspectorId), name: who?.name ?? '', departmentId: Number(r.departmentId), assignedBy: String(r.assignedBy) });
      out.set(Number(r.taskId), list);
    }
    return out;
  }
}
