import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * A checkpoint anchors the audit chain outside the database: "entry <entryId> has hash <hash>",
 * signed with a key the database does not hold, written to files and e-mailed to admins. A rewind
 * of the log (rows deleted from the end and the head row reset) is caught against the last
 * checkpoint that post-dates the deleted rows. Pure: no framework.
 */
export interface Checkpoint {
  entryId: number;
  hash: string;
  /** ISO instant the checkpoint was taken. */
  at: string;
}

export interface SignedCheckpoint extends Checkpoint {
  /** Hex HMAC-SHA256 over `parktrust-audit-checkpoint/1|<entryId>|<hash>|<at>`. */
  mac: string;
}

const FORMAT = 'parktrust-audit-checkpoint/1';

function macOf(key: string, c: Checkpoint): string {
  return createHmac('sha256', key).update(`${FORMAT}|${c.entryId}|${c.hash}|${c.at}`).digest('hex');
}

export function signCheckpoint(key: string, c: Checkpoint): SignedCheckpoint {
  return { ...c, mac: macOf(key, c) };
}

/** A checkpoint read back from a file: well formed and signed with this key. */
export function readCheckpoint(key: string, value: unknown): SignedCheckpoint | null {
  if (!value || typeof value !== 'object') return null;
  const v = value as Record<string, unknown>;
  if (!Number.isSafeInteger(v.entryId) || (v.entryId as number) < 0) return null;
  if (typeof v.hash !== 'string' || !/^[0-9a-f]{64}$/.test(v.hash)) return null;
  if (typeof v.at !== 'string' || Number.isNaN(Date.parse(v.at))) return null;
  if (typeof v.mac !== 'string' || !/^[0-9a-f]{64}$/.test(v.mac)) return null;
  const c = { entryId: v.entryId as number, hash: v.hash, at: v.at };
  const expected = Buffer.from(macOf(key, c), 'hex');
  return timingSafeEqual(expected, Buffer.from(v.mac, 'hex')) ? { ...c, mac: v.mac } : null;
}

/** `<entryId>:<hash>`, the short form admins receive by e-mail and can give to `audit:verify --checkpoint`. */
export function checkpointLine(c: Pick<Checkpoint, 'entryId' | 'hash'>): string {
  return `${c.entryId}:${c.hash}`;
}

export function parseCheckpointLine(line: string): Pick<Checkpoint, 'entryId' | 'hash'> | null {
  const m = /^\s*(\d{1,15}):([0-9a-f]{64})\s*$/.exec(line);
  return m ? { entryId: Number(m[1]), hash: m[2] } : null;
}

export type CheckpointCheck = { ok: true } | { ok: false; reason: 'truncated' | 'mismatch'; entryId: number };

/**
 * Compares the log with a checkpoint: the checkpoint's entry must still exist with the same hash.
 * `lastEntryId` is the last entry the chain walk reached; `hashAt` is the stored hash of the
 * checkpoint's entry, or null when there is no such row.
 */
export function checkAgainst(c: Pick<Checkpoint, 'entryId' | 'hash'>, lastEntryId: number, hashAt: string | null): CheckpointCheck {
  if (c.entryId === 0) return { ok: true };
  if (lastEntryId < c.entryId || hashAt === null) return { ok: false, reason: 'truncated', entryId: c.entryId };
  if (hashAt !== c.hash) return { ok: false, reason: 'mismatch', entryId: c.entryId };
  return { ok: true };
}
