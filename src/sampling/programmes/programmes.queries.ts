import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In, type EntityManager } from 'typeorm';
import { DepartmentsService } from '../../accounts/departments.service.js';
import { UsersQueries } from '../../accounts/users.queries.js';
import { NotFoundError } from '../../common/errors/domain-error.js';
import { pageWindow, type Page } from '../../common/pagination.js';
import { gradesOf, planJson, type PlanFields } from '../domain/programme.rules.js';
import type { ProgrammeDetail, ProgrammeGradeRule } from '../domain/programme.types.js';
import { SAMPLING_GRADES, TARGETED_RULES, type ProgrammeStatus, type TargetedRule } from '../domain/sampling-kinds.js';
import { DrawEntity } from '../entities/draw.entity.js';
import { ProgrammeCommentEntity } from '../entities/programme-comment.entity.js';
import { ProgrammeDepartmentEntity } from '../entities/programme-department.entity.js';
import { ProgrammeGradeEntity } from '../entities/programme-grade.entity.js';
import { ProgrammeItemEntity } from '../entities/programme-item.entity.js';
import { SamplingProgrammeEntity } from '../entities/sampling-programme.entity.js';
import { InspectionItemsService } from '../items/inspection-items.service.js';
import type { ProgrammeQueryDto } from './dto/programme.dto.js';

export interface ProgrammeListItem {
  id: number;
  year: number;
  title: string;
  status: ProgrammeStatus;
  revision: number;
  amendsId: number | null;
  createdById: number;
  createdByName: string;
  createdAt: Date;
  approvedByName: string | null;
  approvedAt: Date | null;
  drawCount: number;
}

export interface ProgrammeCommentView {
  id: number;
  authorId: number;
  authorName: string;
  text: string;
  createdAt: Date;
}

/** The targeted rules column as a list in vocabulary order (unknown codes dropped). */
export const targetedRulesOf = (text: string): TargetedRule[] => {
  const set = new Set(text.split(',').map((s) => s.trim()));
  return TARGETED_RULES.filter((r) => set.has(r));
};

/** The fields an approval covers, from a detail. */
export const planFieldsOf = (d: ProgrammeDetail): PlanFields => ({
  year: d.year,
  departments: d.departments.map((x) => ({ departmentId: x.departmentId, code: x.code, inspectorsPerTask: x.inspectorsPerTask, position: x.position })),
  items: d.items.map((i) => ({ id: i.id, code: i.code, legalBasis: i.legalBasis, departmentId: i.departmentId, kind: i.kind })),
  grades: d.grades,
  targetedRules: d.targetedRules,
  complaintDays: d.complaintDays,
  draws: d.draws.filter((x) => x.status !== 'cancelled').map((x) => ({ seq: x.seq, grades: x.grades, announceAt: x.announceAt, drawAt: x.drawAt })),
});

/** The canonical plan text of a programme as it stands (what an approval now would hash). */
export const currentPlanJson = (d: ProgrammeDetail) => planJson(planFieldsOf(d));

/**
 * Reads of sampling programmes: the detail every part of sampling works from (the contract
 * ProgrammeDetail), the filtered list, the approved programme of a year, and the one before.
 */
@Injectable()
export class ProgrammesQueries {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly departments: DepartmentsService,
    private readonly items: InspectionItemsService,
    private readonly users: UsersQueries,
  ) {}

  /** The programme with its departments, items, grades (A–D) and calendar; NotFoundError when none. */
  async detail(id: number, m: EntityManager = this.dataSource.manager): Promise<ProgrammeDetail> {
    const p = Number.isSafeInteger(id) ? await m.getRepository(SamplingProgrammeEntity).findOneBy({ id }) : null;
    if (!p) throw new NotFoundError('samplingProgrammes.errors.notFound');
    const [departments, itemRows, grades, draws, allDepartments] = await Promise.all([
      m.getRepository(ProgrammeDepartmentEntity).find({ where: { programmeId: id }, order: { position: 'ASC' } }),
      m.getRepository(ProgrammeItemEntity).find({ where: { programmeId: id } }),
      m.getRepository(ProgrammeGradeEntity).find({ where: { programmeId: id } }),
      m.getRepository(DrawEntity).find({ where: { programmeId: id }, order: { seq: 'ASC' } }),
      this.departments.list(),
    ]);
    const [items, names] = await Promise.all([
      this.items.byIds(itemRows.map((r) => r.itemId)),
      this.users.names([p.createdById, ...(p.approvedById ? [p.approvedById] : [])]),
    ]);
    const depById = new Map(allDepartments.map((d) => [d.id, d]));
    const byGrade = new Map(grades.map((g) => [g.grade, g]));
    return {
      id: p.id, year: p.year, title: p.title, status: p.status, revision: p.revision, amendsId: p.amendsId,
      targetedRules: targetedRulesOf(p.targetedRules), complaintDays: p.complaintDays, notes: p.notes,
      createdById: p.createdById, createdByName: names.get(p.createdById) ?? '', createdAt: p.createdAt,
      approvedById: p.approvedById, approvedByName: p.approvedById ? names.get(p.approvedById) ?? '' : null, approvedAt: p.approvedAt,
      approvalReason: p.approvalReason, planSha256: p.planSha256,
      departments: departments.map((d) => {
        const dep = depById.get(d.departmentId);
        return { departmentId: d.departmentId, code: dep?.code ?? String(d.departmentId), nameZh: dep?.nameZh ?? '', nameEn: dep?.nameEn ?? '', inspectorsPerTask: d.inspectorsPerTask, position: d.position };
      }),
      items: [...items.values()].sort((a, b) => a.departmentId - b.departmentId || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0))
        .map((i) => ({ id: i.id, code: i.code, nameZh: i.nameZh, nameEn: i.nameEn, legalBasis: i.legalBasis, departmentId: i.departmentId, kind: i.kind })),
      grades: SAMPLING_GRADES.map((grade): ProgrammeGradeRule => {
        const g = byGrade.get(grade);
        return { grade, ratioBp: g?.ratioBp ?? 0, drawsPerYear: g?.drawsPerYear ?? 0, cooldownMonths: g?.cooldownMonths ?? 0 };
      }),
      draws: draws.map((d) => ({ id: d.id, seq: d.seq, grades: gradesOf(d.grades), announceAt: d.announceAt, drawAt: d.drawAt, status: d.status })),
    };
  }

  /** The programme row itself (404 when none). */
  async row(id: number, m: EntityManager = this.dataSource.manager): Promise<SamplingProgrammeEntity> {
    const p = await m.getRepository(SamplingProgrammeEntity).findOneBy({ id });
    if (!p) throw new NotFoundError('samplingProgrammes.errors.notFound');
    return p;
  }

  /** Programmes filtered by year and status, newest year first, then latest revision: one page, two queries (+ names). */
  async list(query: ProgrammeQueryDto): Promise<Page<ProgrammeListItem>> {
    const { page, pageSize, skip } = pageWindow(query);
    const qb = this.dataSource.getRepository(SamplingProgrammeEntity).createQueryBuilder('p');
    if (query.year !== undefined) qb.andWhere('p.year = :year', { year: query.year });
    if (query.status) qb.andWhere('p.status = :status', { status: query.status });
    const [rows, total] = await qb.orderBy('p.year', 'DESC').addOrderBy('p.id', 'DESC').skip(skip).take(pageSize).getManyAndCount();
    const ids = rows.map((r) => r.id);
    const [names, counts] = await Promise.all([
      this.users.names(rows.flatMap((r) => [r.createdById, ...(r.approvedById ? [r.approvedById] : [])])),
      ids.length
        ? this.dataSource.getRepository(DrawEntity).createQueryBuilder('d').select('d.programmeId', 'programmeId').addSelect('COUNT(*)', 'n')
          .where('d.programmeId IN (:...ids)', { ids }).andWhere("d.status <> 'cancelled'").groupBy('d.programmeId').getRawMany<{ programmeId: unknown; n: unknown }>()
        : Promise.resolve([]),
    ]);
    const countOf = new Map(counts.map((c) => [Number(c.programmeId), Number(c.n)]));
    return {
      page, pageSize, total,
      items: rows.map((r) => ({
        id: r.id, year: r.year, title: r.title, status: r.status, revision: r.revision, amendsId: r.amendsId,
        createdById: r.createdById, createdByName: names.get(r.createdById) ?? '', createdAt: r.createdAt,
        approvedByName: r.approvedById ? names.get(r.approvedById) ?? '' : null, approvedAt: r.approvedAt, drawCount: countOf.get(r.id) ?? 0,
      })),
    };
  }

  /** The approved (in force) programme of a year, or null. */
  async approvedFor(year: number, m: EntityManager = this.dataSource.manager): Promise<ProgrammeDetail | null> {
    const row = await m.getRepository(SamplingProgrammeEntity).findOne({ where: { year, status: 'approved' }, order: { id: 'DESC' } });
    return row ? this.detail(row.id, m) : null;
  }

  /**
   * The approved programme a draft would replace or follow, for a side-by-side comparison: the one
   * it amends, else the year's approved one, else the latest approved (or superseded) of an earlier year.
   */
  async previousApproved(programme: Pick<ProgrammeDetail, 'id' | 'year' | 'amendsId'>): Promise<ProgrammeDetail | null> {
    if (programme.amendsId) return this.detail(programme.amendsId).catch((e: unknown) => { if (e instanceof NotFoundError) return null; throw e; });
    const repo = this.dataSource.getRepository(SamplingProgrammeEntity);
    const same = await repo.createQueryBuilder('p').where('p.year = :year', { year: programme.year }).andWhere("p.status = 'approved'")
      .andWhere('p.id <> :id', { id: programme.id }).orderBy('p.id', 'DESC').getOne();
    if (same) return this.detail(same.id);
    const earlier = await repo.createQueryBuilder('p').where('p.year < :year', { year: programme.year }).andWhere('p.status IN (:...st)', { st: ['approved', 'superseded'] })
      .andWhere('p.approvedAt IS NOT NULL').orderBy('p.year', 'DESC').addOrderBy('p.approvedAt', 'DESC').addOrderBy('p.id', 'DESC').getOne();
    return earlier ? this.detail(earlier.id) : null;
  }

  /** The open (draft) amendment of a programme, or null. */
  async openAmendmentOf(id: number, m: EntityManager = this.dataSource.manager): Promise<SamplingProgrammeEntity | null> {
    return m.getRepository(SamplingProgrammeEntity).findOneBy({ amendsId: id, status: 'draft' });
  }

  /** The amendments of a programme and the programme that replaced it, for the page's links. */
  async related(id: number): Promise<{ amendments: { id: number; revision: number; status: ProgrammeStatus }[] }> {
    const rows = await this.dataSource.getRepository(SamplingProgrammeEntity).find({ select: { id: true, revision: true, status: true }, where: { amendsId: id }, order: { id: 'ASC' } });
    return { amendments: rows.map((r) => ({ id: r.id, revision: r.revision, status: r.status })) };
  }

  /** The comment thread, oldest first. */
  async comments(programmeId: number): Promise<ProgrammeCommentView[]> {
    const rows = await this.dataSource.getRepository(ProgrammeCommentEntity).find({ where: { programmeId }, order: { createdAt: 'ASC', id: 'ASC' }, take: 500 });
    const names = await this.users.names(rows.map((r) => r.authorId));
    return rows.map((r) => ({ id: r.id, authorId: r.authorId, authorName: names.get(r.authorId) ?? '', text: r.text, createdAt: r.createdAt }));
  }

  /** Drafts awaiting the approval of someone other than `userId` (the home section): count and the first few, oldest first. */
  async awaitingApproval(userId: number, limit: number): Promise<{ count: number; items: { id: number; year: number; title: string; revision: number; createdAt: Date }[] }> {
    const qb = this.dataSource.getRepository(SamplingProgrammeEntity).createQueryBuilder('p')
      .where("p.status = 'draft'").andWhere('p.createdById <> :userId', { userId });
    const [rows, count] = await qb.orderBy('p.createdAt', 'ASC').addOrderBy('p.id', 'ASC').take(limit).getManyAndCount();
    return { count, items: rows.map((r) => ({ id: r.id, year: r.year, title: r.title, revision: r.revision, createdAt: r.createdAt })) };
  }

  /** Programme titles by id (audit names). */
  async titles(ids: readonly number[]): Promise<Map<number, { year: number; title: string; revision: number }>> {
    if (!ids.length) return new Map();
    const rows = await this.dataSource.getRepository(SamplingProgrammeEntity).find({ select: { id: true, year: true, title: true, revision: true }, where: { id: In([...ids]) } });
    return new Map(rows.map((r) => [r.id, { year: r.year, title: r.title, revision: r.revision }]));
  }
}
