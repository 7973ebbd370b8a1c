import { checkAgainst, checkpointLine, parseCheckpointLine, readCheckpoint, signCheckpoint } from './audit-checkpoint.rules.js';

const KEY = 'k'.repeat(40);
const H = 'a'.repeat(64);
const signed = signCheckpoint(KEY, { entryId: 42, hash: H, at: '2026-11-29T02:30:00.000Z' });

describe('audit checkpoints', () => {
  it('reads back a checkpoint signed with the same key', () => {
    expect(readCheckpoint(KEY, JSON.parse(JSON.stringify(signed)))).toEqual(signed);
  });

  it.each<[string, unknown]>([
    ['another key', { key: 'x'.repeat(40) }],
    ['an edited entry id', { entryId: 41 }],
    ['an edited hash', { hash: 'b'.repeat(64) }],
    ['an edited time', { at: '2026-11-30T02:30:00.000Z' }],
    ['a malformed mac', { mac: 'zz' }],
    ['a negative id', { entryId: -1 }],
    ['a string id', { entryId: '42' }],
  ])('refuses a checkpoint with %s', (_name, change) => {
    const { key, ...fields } = change as Record<string, unknown>;
    expect(readCheckpoint((key as string) ?? KEY, { ...signed, ...fields })).toBeNull();
  });

  it.each([null, 'text', 42, []])('refuses %p as a checkpoint', (value) => {
    expect(readCheckpoint(KEY, value)).toBeNull();
  });

  it.each<[string, number, string | null, ReturnType<typeof checkAgainst>]>([
    ['the entry is there with its hash', 50, H, { ok: true }],
    ['the log ends exactly at the checkpoint', 42, H, { ok: true }],
    ['rows after the checkpoint were deleted and the head rewound', 41, null, { ok: false, reason: 'truncated', entryId: 42 }],
    ['the checkpoint row itself is gone', 50, null, { ok: false, reason: 'truncated', entryId: 42 }],
    ['the checkpoint row was rewritten', 50, 'c'.repeat(64), { ok: false, reason: 'mismatch', entryId: 42 }],
  ])('against the log: %s', (_name, lastEntryId, hashAt, expected) => {
    expect(checkAgainst(signed, lastEntryId, hashAt)).toEqual(expected);
  });

  it('an empty log checkpoint (entry 0) always holds', () => {
    expect(checkAgainst({ entryId: 0, hash: '0'.repeat(64) }, 0, null)).toEqual({ ok: true });
  });

  it.each<[string, ReturnType<typeof parseCheckpointLine>]>([
    [`42:${H}`, { entryId: 42, hash: H }],
    [`  42:${H}\n`, { entryId: 42, hash: H }],
    [`42:${H.toUpperCase()}`, null],
    [`x:${H}`, null],
    ['42:abc', null],
  ])('parses the e-mailed line %p', (line, expected) => {
    expect(parseCheckpointLine(line)).toEqual(expected);
    if (expected) expect(checkpointLine(expected)).toBe(`42:${H}`);
  });
});
