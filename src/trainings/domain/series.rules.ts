/** How a series repeats. */
export const RECURRENCES = ['weekly', 'biweekly', 'monthly'] as const;
export type Recurrence = (typeof RECURRENCES)[number];
