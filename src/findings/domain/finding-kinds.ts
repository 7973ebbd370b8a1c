/**
 * The vocabularies of a regulator's finding, one place for entities, DTOs, rules and views.
 * Pure: no framework.
 */

/** 行政处罚, 经营异常名录, 投诉, 检查结果, 其他. */
export const FINDING_TYPES = ['penalty', 'abnormal_operations', 'complaint', 'inspection', 'other'] as const;
export type FindingType = (typeof FINDING_TYPES)[number];

/** rules.md: minor (warning, simplified procedure), general (fines, confiscation, licence suspension), serious (revocation, closure …). */
export const FINDING_SEVERITIES = ['minor', 'general', 'serious'] as const;
export type FindingSeverity = (typeof FINDING_SEVERITIES)[number];

/** What the decision imposed, where it decides the publicity period (a warning is not published at all). */
export const PENALTY_KINDS = ['warning', 'fine', 'confiscation', 'licence_suspension', 'revocation', 'closure', 'stop_business', 'employment_ban', 'other'] as const;
export type PenaltyKind = (typeof PENALTY_KINDS)[number];

/** Causes of an abnormal-operations listing (经营异常名录), rules.md. */
export const ABNORMAL_CAUSES = ['missing_annual_report', 'unpublished_info', 'false_info', 'unreachable'] as const;
export type AbnormalCause = (typeof ABNORMAL_CAUSES)[number];

/** Stored rectification progress; `overdue` is derived from the deadline and the date (rectification rules). */
export const RECTIFICATION_STATUSES = ['none', 'open', 'submitted', 'verified'] as const;
export type RectificationStatus = (typeof RECTIFICATION_STATUSES)[number];

/** Where a finding came from. */
export const FINDING_SOURCES = ['page', 'api', 'import'] as const;
export type FindingSource = (typeof FINDING_SOURCES)[number];

/** What a finding says, however it arrives (form, API, import): the fields every path checks and stores. */
export interface FindingFields {
  type: FindingType;
  severity: FindingSeverity;
  penaltyKind: PenaltyKind | null;
  title: string;
  legalBasis: string;
  decisionNo: string;
  /** Park-zone date, YYYY-MM-DD. */
  decisionDate: string;
  description: string;
  rectificationRequired: boolean;
  rectifyBy: string | null;
  /** Complaints only (null: not decided yet); null for other types. */
  substantiated: boolean | null;
  /** Abnormal-operations listings only. */
  abnormalCause: AbnormalCause | null;
}
