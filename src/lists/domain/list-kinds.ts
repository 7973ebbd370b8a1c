/** The lists (rules.md): red 诚信主体, black 严重失信主体, watch 重点关注. */
export const LIST_KINDS = ['red', 'black', 'watch'] as const;
export type ListKind = (typeof LIST_KINDS)[number];

export const LIST_ENTRY_STATUSES = ['proposed', 'active', 'rejected', 'withdrawn', 'ended'] as const;
export type ListEntryStatus = (typeof LIST_ENTRY_STATUSES)[number];

/** How an active entry ended: on its planned end, by an early-exit decision, or by credit repair. */
export const LIST_END_KINDS = ['expired', 'early_exit', 'repaired'] as const;
export type ListEndKind = (typeof LIST_END_KINDS)[number];

/** What the changes feed reports. */
export const LIST_CHANGE_KINDS = ['added', 'ended', 'repaired'] as const;
export type ListChangeKind = (typeof LIST_CHANGE_KINDS)[number];

/**
 * The criterion an entry meets. The system suggests candidates for the first four of each list;
 * `other` is a proposer's own reason (its legal basis then matters all the more).
 */
export const LIST_CRITERIA = {
  red: ['annual_nomination', 'other'],
  black: ['serious_heavy_penalty', 'abnormal_three_years', 'other'],
  watch: ['grade_d', 'overdue_rectifications', 'other'],
} as const satisfies Record<ListKind, readonly string[]>;
export type ListCriterion = (typeof LIST_CRITERIA)[ListKind][number];

/** A record behind an entry: what the tenant and the reviewer can open. */
export interface ListRecordRef {
  /** `finding`, `score_snapshot`, `annual_result` … */
  type: string;
  id: number;
  /** How it reads in a list (decision number, month, year). */
  label: string;
}

export const REPAIR_SUBJECT_TYPES = ['finding', 'list_entry'] as const;
export type RepairSubjectType = (typeof REPAIR_SUBJECT_TYPES)[number];
/** The repair rule a subject falls under: a finding by its severity, an entry by its list. */
export type RepairSubjectKind = 'finding_minor' | 'finding_general' | 'finding_serious' | 'black' | 'watch';

/** submitted → in_review (the reply) → approved / rejected; withdrawn by the tenant before the decision. */
export const REPAIR_STATUSES = ['submitted', 'in_review', 'approved', 'rejected', 'withdrawn'] as const;
export type RepairStatus = (typeof REPAIR_STATUSES)[number];

export type ClaimOrigin = 'tenant' | 'staff';
/** Incentive claims: claimed → approved → delivered, or rejected / withdrawn. Restrictions: applied (by staff), lifted. */
export const CLAIM_STATUSES = ['claimed', 'approved', 'delivered', 'rejected', 'withdrawn', 'applied', 'lifted'] as const;
export type ClaimStatus = (typeof CLAIM_STATUSES)[number];
