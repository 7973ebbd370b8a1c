/** Kinds of session the park runs (the list). */
export const TRAINING_KINDS = ['law_lecture', 'policy_briefing', 'safety_drill', 'other'] as const;
export type TrainingKind = (typeof TRAINING_KINDS)[number];

export const SESSION_STATUSES = ['scheduled', 'cancelled'] as const;
export type SessionStatus = (typeof SESSION_STATUSES)[number];
