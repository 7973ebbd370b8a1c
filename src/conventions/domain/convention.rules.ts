import { createHash } from 'node:crypto';
import { DateTime } from 'luxon';
import type { ObligationStatus } from './obligation-status.rules.js';

/** Pure rules of conventions and commitments: no framework, no database. */
export const CONVENTION_KINDS = ['management', 'commitment'] as const;
export type ConventionKind = (typeof CONVENTION_KINDS)[number];

export const VERSION_STATUSES = ['draft', 'published', 'superseded'] as const;
export type VersionStatus = (typeof VERSION_STATUSES)[number];

/** 法治 law-abiding, 德治 integrity, 自治 self-governance, or a custom group named on the clause. */
export const CLAUSE_CATEGORIES = ['law', 'integrity', 'self_governance', 'custom'] as const;
export type ClauseCategory = (typeof CLAUSE_CATEGORIES)[number];

export const SIGNATURE_METHODS = ['online', 'paper'] as const;
export type SignatureMethod = (typeof SIGNATURE_METHODS)[number];

/** Signed, pending or overdue while it applies; otherwise why it does not (see obligation-status.rules.ts). */
export type ObligationState = 'signed' | 'pending' | 'overdue' | Exclude<ObligationStatus, 'active'>;

export interface ClauseText {
  number: string;
  category: ClauseCategory;
  customCategory: string | null;
  textZh: string;
  textEn: string | null;
}

export interface VersionTextInput {
  kind: ConventionKind;
  title: string;
  titleEn: string | null;
  versionNo: number;
  effectiveDate: string;
  clauses: readonly ClauseText[];
}

/**
 * The canonical text of a version: what a signer reads and what its SHA-256 covers. Line endings
 * are normalised to \n; clauses in their order. Changing this function changes every hash.
 */
export function versionText(v: VersionTextInput): string {
  const norm = (s: string) => s.replace(/\r\n?/g, '\n').trim();
  const lines = [
    `kind: ${v.kind}`,
    `title: ${norm(v.title)}`,
    ...(v.titleEn ? [`title.en: ${norm(v.titleEn)}`] : []),
    `version: ${v.versionNo}`,
    `effective: ${v.effectiveDate}`,
  ];
  for (const c of v.clauses) {
    const category = c.category === 'custom' ? `custom:${norm(c.customCategory ?? '')}` : c.category;
    lines.push('', `[${norm(c.number)}] (${category})`, norm(c.textZh));
    if (c.textEn) lines.push(norm(c.textEn));
  }
  return `${lines.join('\n')}\n`;
}

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** Park-zone calendar date of an instant. */
export function zoneDate(instant: Date, timeZone: string): string {
  return DateTime.fromJSDate(instant, { zone: timeZone }).toISODate() as string;
}

/**
 * Last day to sign: `periodDays` calendar days after the publication day in the park's zone
 * (publishing on 2026-01-31 with 30 days gives 2026-03-02). A period of 0 means the same day.
 */
export function signingDeadline(publishedAt: Date, periodDays: number, timeZone: string): string {
  return DateTime.fromJSDate(publishedAt, { zone: timeZone }).startOf('day').plus({ days: periodDays }).toISODate() as string;
}

/** Whole days from `today` to `deadline` (both park-zone dates); negative once passed. */
export function daysUntil(deadline: string, today: string): number {
  return Math.round(DateTime.fromISO(deadline, { zone: 'utc' }).diff(DateTime.fromISO(today, { zone: 'utc' }), 'days').days);
}

export function obligationState(signed: boolean, deadline: string, today: string, status: ObligationStatus = 'active'): ObligationState {
  if (signed) return 'signed';
  if (status !== 'active') return status;
  return daysUntil(deadline, today) < 0 ? 'overdue' : 'pending';
}

export type ReminderKind = 'due-in-7' | 'due-in-1' | 'overdue';

/**
 * Which reminder the daily run sends today for an unsigned obligation: 7 days and 1 day before the
 * deadline, and on the first day after it. Each is sent once (dedupe key per obligation and kind),
 * so a missed run catches up the next day only for the overdue notice.
 */
export function reminderDue(deadline: string, today: string): ReminderKind | null {
  const days = daysUntil(deadline, today);
  if (days === 7) return 'due-in-7';
  if (days === 1) return 'due-in-1';
  if (days < 0) return 'overdue';
  return null;
}

export type ClauseChange =
  | { kind: 'added'; number: string; after: ClauseText }
  | { kind: 'removed'; number: string; before: ClauseText }
  | { kind: 'changed'; number: string; before: ClauseText; after: ClauseText }
  | { kind: 'unchanged'; number: string; after: ClauseText };

/** Clause-by-clause differences between two versions, matched by clause number, in the new order (removed ones last). */
export function diffClauses(before: readonly ClauseText[], after: readonly ClauseText[]): ClauseChange[] {
  const old = new Map(before.map((c) => [c.number.trim(), c]));
  const seen = new Set<string>();
  const out: ClauseChange[] = [];
  for (const c of after) {
    const key = c.number.trim();
    seen.add(key);
    const prev = old.get(key);
    if (!prev) out.push({ kind: 'added', number: key, after: c });
    else if (prev.textZh.trim() !== c.textZh.trim() || (prev.textEn ?? '').trim() !== (c.textEn ?? '').trim()
      || prev.category !== c.category || (prev.customCategory ?? '') !== (c.customCategory ?? '')) {
      out.push({ kind: 'changed', number: key, before: prev, after: c });
    } else out.push({ kind: 'unchanged', number: key, after: c });
  }
  for (const c of before) if (!seen.has(c.number.trim())) out.push({ kind: 'removed', number: c.number.trim(), before: c });
  return out;
}
