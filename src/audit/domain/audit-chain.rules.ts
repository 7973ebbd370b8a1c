import { createHash } from 'node:crypto';

export const GENESIS_HASH = '0'.repeat(64);

/** The fields of an audit entry that its hash covers, in a fixed order. */
export interface AuditFields {
  occurredAt: string;
  actorId: number | null;
  actorLabel: string;
  action: string;
  entityType: string;
  entityId: string | null;
  ip: string | null;
  before: string | null;
  after: string | null;
}

export function auditHash(prevHash: string, f: AuditFields): string {
  const canonical = JSON.stringify([
    prevHash, f.occurredAt, f.actorId, f.actorLabel, f.action, f.entityType, f.entityId, f.ip, f.before, f.after,
  ]);
  return createHash('sha256').update(canonical, 'utf8').digest('hex');
}

export interface StoredAuditEntry extends AuditFields {
  id: number;
  prevHash: string;
  hash: string;
}

export type ChainCheck =
  | { ok: true; lastHash: string }
  | { ok: false; brokenAt: number; reason: 'hash' | 'link' };

/** Checks a run of entries in id order, continuing from `prevHash`. */
export function checkChain(entries: readonly StoredAuditEntry[], prevHash: string): ChainCheck {
  let last = prevHash;
  for (const entry of entries) {
    if (entry.prevHash !== last) return { ok: false, brokenAt: entry.id, reason: 'link' };
    if (auditHash(entry.prevHash, entry) !== entry.hash) return { ok: false, brokenAt: entry.id, reason: 'hash' };
    last = entry.hash;
  }
  return { ok: true, lastHash: last };
}

/** Stable JSON for before/after snapshots: keys sorted, Dates as ISO strings, undefined dropped. */
export function snapshot(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  return JSON.stringify(value, (_key, v: unknown) => {
    if (v && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Date)) {
      return Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)));
    }
    return v;
  });
}
