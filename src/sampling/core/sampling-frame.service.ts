import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { dateText } from '../../database/raw-sql.js';
import { FindingsService } from '../../findings/core/findings.service.js';
import { CreditStatusService } from '../../lists/core/credit-status.service.js';
import { ScoreHistoryQueries } from '../../scoring/core/score-history.queries.js';
import { TenantsQueries } from '../../tenants/tenants.queries.js';
import { addDays, addMonths, buildFrame, stratumOf, type LastInspections } from '../domain/frame.rules.js';
import type { BuiltFrame, ProgrammeDetail } from '../domain/programme.types.js';
import { SAMPLING_GRADES, TARGETED_RULES, type SamplingGrade, type TargetedRule } from '../domain/sampling-kinds.js';
import { InspectionTaskEntity } from '../entities/inspection-task.entity.js';

/** What a frame needs of a programme. */
export type FrameRules = Pick<ProgrammeDetail, 'grades' | 'targetedRules' | 'complaintDays'>;

/** A frame in numbers, per stratum grade (the plan review): members, cooldown exclusions and targeted tenants of that grade. */
export interface FrameCounts {
  gradesMonth: string | null;
  /** Active tenants in all. */
  tenants: number;
  grades: Record<SamplingGrade, { population: number; members: number; cooldown: number; targeted: number; ungraded: number }>;
  targeted: number;
  targetedByRule: Record<TargetedRule, number>;
}

/**
 * The frame of a draw (or of a hypothetical one, for the plan review), from the registry, the last
 * published month's grades, the lists and findings the targeted rules name, and this context's own
 * inspections (cooldown). A bounded number of set-based statements whatever the park's size: the
 * registry in keyset batches, one read of the month's grades, one per targeted rule, one over the
 * inspections of the cooldown window. The decisions are buildFrame's (domain/frame.rules.ts).
 */
@Injectable()
export class SamplingFrameService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly tenants: TenantsQueries,
    private readonly history: ScoreHistoryQueries,
    private readonly credit: CreditStatusService,
    private readonly findings: FindingsService,
  ) {}

  /** The frame on the park day `on` for a draw of `grades`: strata (only those grades), targeted, cooldown exclusions; lists ascending by USCC. */
  async frameFor(p: FrameRules, grades: readonly SamplingGrade[], on: string): Promise<BuiltFrame> {
    const maxCooldown = Math.max(0, ...p.grades.filter((g) => grades.includes(g.grade)).map((g) => g.cooldownMonths));
    const [tenants, published, targetedBy, lastInspections] = await Promise.all([
      this.tenants.activeCodes(), this.publishedGrades(), this.targetedBy(p, on), this.lastInspections(on, maxCooldown),
    ]);
    return buildFrame({ programme: p, grades, on, tenants, gradesMonth: published.month, publishedGrades: published.grades, targetedBy, lastInspections });
  }

  /** The frame of every grade on `on`, counted per stratum grade (what the plan review shows). */
  async frameCounts(p: FrameRules, on: string): Promise<FrameCounts> {
    const frame = await this.frameFor(p, SAMPLING_GRADES, on);
    const grades = Object.fromEntries(SAMPLING_GRADES.map((g) => [g, { population: 0, members: 0, cooldown: 0, targeted: 0, ungraded: 0 }])) as FrameCounts['grades'];
    const targetedByRule = Object.fromEntries(TARGETED_RULES.map((r) => [r, 0])) as Record<TargetedRule, number>;
    for (const s of frame.strata) {
      grades[s.grade].members = s.members.length;
      for (const m of s.members) if (m.grade === 'M') grades[s.grade].ungraded++;
    }
    for (const x of frame.excluded) {
      grades[stratumOf(x.grade)].cooldown++;
      if (x.grade === 'M') grades[stratumOf(x.grade)].ungraded++;
    }
    for (const t of frame.targeted) {
      grades[stratumOf(t.grade)].targeted++;
      targetedByRule[t.reason]++;
    }
    for (const g of SAMPLING_GRADES) grades[g].population = grades[g].members + grades[g].cooldown + grades[g].targeted;
    const tenants = SAMPLING_GRADES.reduce((n, g) => n + grades[g].population, 0);
    return { gradesMonth: frame.gradesMonth, tenants, grades, targeted: frame.targeted.length, targetedByRule };
  }

  private async publishedGrades(): Promise<{ month: string | null; grades: Map<number, SamplingGrade | 'M'> }> {
    const last = await this.history.lastPublishedMonth();
    if (!last) return { month: null, grades: new Map() };
    const published = await this.history.publishedGradesAsOf(last.month);
    return { month: published?.month ?? null, grades: published?.grades ?? new Map() };
  }

  /** The tenants each targeted rule of the programme catches on `on` (one statement per rule in use). */
  private async targetedBy(p: FrameRules, on: string): Promise<Partial<Record<TargetedRule, number[]>>> {
    const reads: Record<TargetedRule, () => Promise<number[]>> = {
      black_list: () => this.credit.tenantsOnList('black', on),
      abnormal_operations: () => this.findings.tenantsWithAbnormalOperations(on),
      recent_complaint: () => this.findings.tenantsWithSubstantiatedComplaint(addDays(on, -Math.max(0, p.complaintDays)), on),
    };
    const rules = TARGETED_RULES.filter((r) => p.targetedRules.includes(r));
    const sets = await Promise.all(rules.map((r) => reads[r]()));
    return Object.fromEntries(rules.map((r, i) => [r, sets[i]]));
  }

  /**
   * Each tenant's latest clean and latest other recorded inspection within the last `months` months
   * before `on` (an older clean visit starts no cooldown still running): one grouped statement over
   * IDX_inspection_tasks_tenant's columns; none when no grade has a cooldown.
   */
  private async lastInspections(on: string, months: number): Promise<Map<number, LastInspections>> {
    const out = new Map<number, LastInspections>();
    if (months <= 0) return out;
    const table = this.dataSource.getMetadata(InspectionTaskEntity).tableName;
    const rows = (await this.dataSource.query(
      `SELECT tenantId, MAX(CASE WHEN result = 'clean' THEN inspectedOn END) AS clean, MAX(CASE WHEN result <> 'clean' THEN inspectedOn END) AS other
       FROM ${table} WHERE inspectedOn >= ? AND inspectedOn <= ? AND result IS NOT NULL GROUP BY tenantId`,
      [addMonths(on, -months), on],
    )) as { tenantId: number | string; clean: unknown; other: unknown }[];
    for (const r of rows) {
      out.set(Number(r.tenantId), { clean: r.clean == null ? null : dateText(r.clean), other: r.other == null ? null : dateText(r.other) });
    }
    return out;
  }
}
