import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import { NotFoundError } from '../../common/errors/domain-error.js';
import {
  drawEffectiveness, EFFECTIVENESS_STRATA, programmeEffectiveness, type DrawCounts, type EffectivenessReport, type EffectivenessStratum,
} from '../domain/effectiveness.rules.js';
import type { DrawStatus, ProgrammeStatus, TaskResult } from '../domain/sampling-kinds.js';
import { DrawFrameMemberEntity } from '../entities/draw-frame-member.entity.js';
import { DrawEntity } from '../entities/draw.entity.js';
import { InspectionTaskEntity } from '../entities/inspection-task.entity.js';
import { SamplingProgrammeEntity } from '../entities/sampling-programme.entity.js';

export interface DrawRef {
  id: number;
  programmeId: number;
  seq: number;
  grades: string;
  status: DrawStatus;
  drawAt: Date;
  drawnAt: Date | null;
}

export interface ProgrammeRef {
  id: number;
  year: number;
  title: string;
  status: ProgrammeStatus;
  revision: number;
}

export interface DrawEffectiveness {
  draw: DrawRef;
  programme: ProgrammeRef;
  report: EffectivenessReport;
}

export interface ProgrammeEffectiveness {
  programme: ProgrammeRef;
  /** The programme's draws that ran (drawn), each with its own report, by seq. */
  draws: { draw: DrawRef; report: EffectivenessReport }[];
  /** Planned, announced or cancelled draws: not counted. */
  notDrawn: DrawRef[];
  report: EffectivenessReport;
}

const STRATA = new Set<string>(EFFECTIVENESS_STRATA);
const drawRef = (d: DrawEntity): DrawRef => ({ id: d.id, programmeId: d.programmeId, seq: d.seq, grades: d.grades, status: d.status, drawAt: d.drawAt, drawnAt: d.drawnAt });
const programmeRef = (p: SamplingProgrammeEntity): ProgrammeRef => ({ id: p.id, year: p.year, title: p.title, status: p.status, revision: p.revision });

/**
 * Effectiveness of a draw or a programme: two GROUP BY reads (frame members by draw and kind, tasks by
 * draw, stratum and result) whatever the number of tenants, then the pure rules.
 */
@Injectable()
export class EffectivenessService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async draw(id: number): Promise<DrawEffectiveness> {
    const draw = await this.dataSource.getRepository(DrawEntity).findOneBy({ id });
    if (!draw) throw new NotFoundError('samplingEffectiveness.drawNotFound');
    const programme = await this.dataSource.getRepository(SamplingProgrammeEntity).findOneByOrFail({ id: draw.programmeId });
    const [counts] = await this.counts([draw.id]);
    return { draw: drawRef(draw), programme: programmeRef(programme), report: drawEffectiveness(counts) };
  }

  async programme(id: number): Promise<ProgrammeEffectiveness> {
    const programme = await this.dataSource.getRepository(SamplingProgrammeEntity).findOneBy({ id });
    if (!programme) throw new NotFoundError('samplingEffectiveness.programmeNotFound');
    const draws = await this.dataSource.getRepository(DrawEntity).find({ where: { programmeId: id }, order: { seq: 'ASC' } });
    const drawn = draws.filter((d) => d.status === 'drawn');
    const counts = await this.counts(drawn.map((d) => d.id));
    return {
      programme: programmeRef(programme),
      draws: drawn.map((d, i) => ({ draw: drawRef(d), report: drawEffectiveness(counts[i]) })),
      notDrawn: draws.filter((d) => d.status !== 'drawn').map(drawRef),
      report: programmeEffectiveness(counts),
    };
  }

  /** The counts of these draws, in the order given (set-based: two statements). */
  async counts(drawIds: number[]): Promise<DrawCounts[]> {
    if (!drawIds.length) return [];
    const [members, tasks] = await Promise.all([
      this.dataSource.getRepository(DrawFrameMemberEntity).createQueryBuilder('m')
        .select('m.drawId', 'drawId').addSelect('m.kind', 'kind').addSelect('COUNT(*)', 'n')
        .where({ drawId: In(drawIds) }).groupBy('m.drawId').addGroupBy('m.kind')
        .getRawMany<{ drawId: unknown; kind: string; n: unknown }>(),
      this.dataSource.getRepository(InspectionTaskEntity).createQueryBuilder('t')
        .select('t.drawId', 'drawId').addSelect('t.stratum', 'stratum').addSelect('t.result', 'result').addSelect('COUNT(*)', 'n')
        .where({ drawId: In(drawIds) }).groupBy('t.drawId').addGroupBy('t.stratum').addGroupBy('t.result')
        .getRawMany<{ drawId: unknown; stratum: string; result: TaskResult | null; n: unknown }>(),
    ]);
    const byDraw = new Map<number, DrawCounts>(drawIds.map((drawId) => [drawId, { drawId, population: {}, tasks: [] }]));
    for (const m of members) {
      const c = byDraw.get(Number(m.drawId));
      if (c && STRATA.has(m.kind)) c.population[m.kind as EffectivenessStratum] = Number(m.n);
    }
    for (const t of tasks) {
      const c = byDraw.get(Number(t.drawId));
      if (c && STRATA.has(t.stratum)) c.tasks.push({ stratum: t.stratum as EffectivenessStratum, result: t.result ?? null, count: Number(t.n) });
    }
    return drawIds.map((id) => byDraw.get(id)!);
  }
}
