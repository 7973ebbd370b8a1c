/**
 * Turns an audit entry's before/after snapshots (stable JSON, see `snapshot`) into rows a person
 * reads: one per field, before beside after, changed fields first. Values are shown compactly:
 * nested objects by their name when they have one (a file by its file name), lists as items, and
 * ISO instants through the caller's formatter (the park's time zone).
 */

/** How one side of a row shows its value. */
export type ShownValue =
  /** The snapshot on this side has no such field (or there is no snapshot on this side). */
  | { kind: 'absent' }
  /** null, an empty string or an empty list. */
  | { kind: 'empty' }
  | { kind: 'text'; text: string }
  | { kind: 'list'; items: string[] };

export interface DiffRow {
  /** The field's name in the snapshot; '' when the snapshot is not an object. */
  field: string;
  before: ShownValue;
  after: ShownValue;
  /** Both snapshots exist and the values differ. */
  changed: boolean;
}

export interface SnapshotDiff {
  rows: DiffRow[];
  hasBefore: boolean;
  hasAfter: boolean;
  /** How many rows are changed (0 unless both snapshots exist). */
  changed: number;
}

export interface ValueFormat {
  /** An ISO-8601 instant, e.g. in the park's time zone. */
  time(iso: string): string;
  yes: string;
  no: string;
  /** A label for a coded value of a top-level field (a status, a role), or null to show it as recorded. */
  code?(field: string, value: string): string | null;
}

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})$/;
/** The key that names a nested record, in order of preference. */
const NAME_KEYS = ['fileName', 'name', 'title', 'label', 'email'];
const NOTHING = '—';

/** A snapshot as an object of fields; a snapshot that is not a JSON object becomes one field named ''. */
export function parseSnapshot(json: string | null): Record<string, unknown> | null {
  if (json === null) return null;
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    return { '': json };
  }
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : { '': value };
}

function scalar(value: string | number | boolean, format: ValueFormat): string {
  if (typeof value === 'boolean') return value ? format.yes : format.no;
  if (typeof value === 'string' && ISO_INSTANT.test(value)) return format.time(value) || value;
  return String(value);
}

/** One line for a nested value. */
function compact(value: unknown, format: ValueFormat): string {
  if (value === null || value === undefined || value === '') return NOTHING;
  if (Array.isArray(value)) return value.length ? value.map((v) => compact(v, format)).join(', ') : NOTHING;
  if (typeof value === 'object') {
    const record = value as Record<string, unknown>;
    const nameKey = NAME_KEYS.find((k) => typeof record[k] === 'string' && record[k] !== '');
    if (nameKey) return record[nameKey] as string;
    const entries = Object.entries(record);
    return entries.length ? entries.map(([k, v]) => `${k}: ${compact(v, format)}`).join(', ') : NOTHING;
  }
  return scalar(value as string | number | boolean, format);
}

/** How a top-level field's value is shown. */
export function showValue(field: string, value: unknown, format: ValueFormat): ShownValue {
  if (value === undefined) return { kind: 'absent' };
  if (value === null || value === '') return { kind: 'empty' };
  if (Array.isArray(value)) return value.length ? { kind: 'list', items: value.map((v) => compact(v, format)) } : { kind: 'empty' };
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>);
    return entries.length ? { kind: 'list', items: entries.map(([k, v]) => `${k}: ${compact(v, format)}`) } : { kind: 'empty' };
  }
  if (typeof value === 'string' && !ISO_INSTANT.test(value)) {
    const label = format.code?.(field, value);
    if (label) return { kind: 'text', text: label };
  }
  return { kind: 'text', text: scalar(value as string | number | boolean, format) };
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** Field-by-field rows of two snapshots: changed fields first, then the rest, each in key order. */
export function diffSnapshots(beforeJson: string | null, afterJson: string | null, format: ValueFormat): SnapshotDiff {
  const before = parseSnapshot(beforeJson);
  const after = parseSnapshot(afterJson);
  const both = before !== null && after !== null;
  // In the snapshots' own order (keys sorted), across both sides.
  const fields = [...new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})])].sort((a, b) => a.localeCompare(b));
  const rows = fields.map((field): DiffRow => {
    const b = before?.[field];
    const a = after?.[field];
    return { field, before: showValue(field, b, format), after: showValue(field, a, format), changed: both && !same(b, a) };
  });
  const changed = rows.filter((r) => r.changed);
  return {
    rows: [...changed, ...rows.filter((r) => !r.changed)],
    hasBefore: before !== null,
    hasAfter: after !== null,
    changed: changed.length,
  };
}
