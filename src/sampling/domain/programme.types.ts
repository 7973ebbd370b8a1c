import type { DrawStatus, ItemKind, ProgrammeStatus, SamplingGrade, TargetedRule } from './sampling-kinds.js';

/**
 * A programme as every part of sampling reads it (ProgrammesQueries.detail): the contract between
 * programmes, the plan review, the draws and the effectiveness pages. Pure: no framework.
 */
export interface ProgrammeGradeRule {
  grade: SamplingGrade;
  /** 0–10000 basis points per draw. */
  ratioBp: number;
  drawsPerYear: number;
  cooldownMonths: number;
}

export interface ProgrammeDepartmentRule {
  departmentId: number;
  /** The department's code, as the bundle names it. */
  code: string;
  nameZh: string;
  nameEn: string;
  inspectorsPerTask: number;
  /** Bundle order, 0-based. */
  position: number;
}

export interface ProgrammeItemRef {
  id: number;
  code: string;
  nameZh: string;
  nameEn: string;
  legalBasis: string;
  departmentId: number;
  kind: ItemKind;
}

export interface PlannedDrawRef {
  id: number;
  seq: number;
  /** The grades the draw includes, in A–D order. */
  grades: SamplingGrade[];
  announceAt: Date;
  drawAt: Date;
  status: DrawStatus;
}

export interface ProgrammeDetail {
  id: number;
  year: number;
  title: string;
  status: ProgrammeStatus;
  revision: number;
  amendsId: number | null;
  targetedRules: TargetedRule[];
  complaintDays: number;
  notes: string | null;
  createdById: number;
  createdByName: string;
  createdAt: Date;
  approvedById: number | null;
  approvedByName: string | null;
  approvedAt: Date | null;
  approvalReason: string | null;
  planSha256: string | null;
  /** In bundle order. */
  departments: ProgrammeDepartmentRule[];
  items: ProgrammeItemRef[];
  /** Always four rows, A–D. */
  grades: ProgrammeGradeRule[];
  /** By seq. */
  draws: PlannedDrawRef[];
}

/** A tenant as a frame sees it: M (no published grade, or no data) is sampled as B. */
export interface FrameTenant {
  tenantId: number;
  uscc: string;
  /** The published grade the stratum comes from (M shown as such, stratified as B). */
  grade: SamplingGrade | 'M';
}

/** The frame of one draw, or of a hypothetical draw for the plan review (SamplingFrameService.frameFor). */
export interface BuiltFrame {
  /** The published month the grades come from (YYYY-MM), or null when none is published yet (everyone is M). */
  gradesMonth: string | null;
  /** Only the draw's grades; each list ascending by USCC. */
  strata: { grade: SamplingGrade; ratioBp: number; members: FrameTenant[] }[];
  /** Ascending by USCC; in no stratum. */
  targeted: (FrameTenant & { reason: TargetedRule })[];
  /** In neither (cooldown after a clean inspection); ascending by USCC. */
  excluded: (FrameTenant & { reason: 'cooldown'; until: string })[];
}
