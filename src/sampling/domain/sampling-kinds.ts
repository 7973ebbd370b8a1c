/**
 * The vocabularies of risk-based random inspection (双随机、一公开), one place for entities, DTOs,
 * rules and views. Pure: no framework.
 */

/** The four grades a programme sets ratios for; M (no data) is sampled as B (rules.md). */
export const SAMPLING_GRADES = ['A', 'B', 'C', 'D'] as const;
export type SamplingGrade = (typeof SAMPLING_GRADES)[number];

/** 一般事项 / 重点事项. */
export const ITEM_KINDS = ['general', 'key'] as const;
export type ItemKind = (typeof ITEM_KINDS)[number];

/** A programme: drafted, approved (locked), superseded by an approved amendment, or withdrawn by its drafter. */
export const PROGRAMME_STATUSES = ['draft', 'approved', 'superseded', 'withdrawn'] as const;
export type ProgrammeStatus = (typeof PROGRAMME_STATUSES)[number];

/** Targeted inclusion rules (outside the random strata, always inspected), rules.md. */
export const TARGETED_RULES = ['black_list', 'abnormal_operations', 'recent_complaint'] as const;
export type TargetedRule = (typeof TARGETED_RULES)[number];

/** Why a tenant was left out of a frame. */
export const EXCLUSION_REASONS = ['cooldown'] as const;
export type ExclusionReason = (typeof EXCLUSION_REASONS)[number];

/** A scheduled draw: planned (calendar of a programme), announced (frame frozen, seed committed), drawn, or cancelled. */
export const DRAW_STATUSES = ['planned', 'announced', 'drawn', 'cancelled'] as const;
export type DrawStatus = (typeof DRAW_STATUSES)[number];

/** The frame a member sits in: a grade stratum, T (targeted) or X (excluded). */
export const FRAME_KINDS = ['A', 'B', 'C', 'D', 'T', 'X'] as const;
export type FrameKind = (typeof FRAME_KINDS)[number];

/** An inspection task: assigned to its inspectors, its result recorded, then published. */
export const TASK_STATUSES = ['assigned', 'recorded', 'published'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];

/** 未发现问题 / 发现问题 (→ a finding) / 通过登记的住所无法联系 (→ an abnormal-operations proposal). */
export const TASK_RESULTS = ['clean', 'problems', 'not_found'] as const;
export type TaskResult = (typeof TASK_RESULTS)[number];

/** The abnormal-operations proposal a "not found" result raises, decided by a market-regulation regulator. */
export const ABNORMAL_PROPOSAL_STATUSES = ['proposed', 'confirmed', 'dismissed'] as const;
export type AbnormalProposalStatus = (typeof ABNORMAL_PROPOSAL_STATUSES)[number];
