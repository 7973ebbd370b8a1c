/**
 * The one shape in which every pillar tells the score engine what happened: a rule of the
 * rulebook, the record that caused it, and the park-zone date it counts from. Pure data.
 */
export interface ScoreFact {
  /** Rulebook item code: P01 … P12, N01 … N09. */
  rule: string;
  /** Kind of record (`signature`, `obligation`, `breach`, `attendance`, `finding` …). */
  recordType: string;
  recordId: number;
  /** Park-zone date (YYYY-MM-DD) the fact counts from: signed on, deadline, occurred on … */
  date: string;
  /** What a person needs to recognise the record (title, version, severity …). */
  detail: Record<string, string | number | null>;
}

/** Facts in a stable order: by rule, then date, then record type and id. */
export function compareFacts(a: ScoreFact, b: ScoreFact): number {
  return a.rule.localeCompare(b.rule) || a.date.localeCompare(b.date) || a.recordType.localeCompare(b.recordType) || a.recordId - b.recordId;
}
