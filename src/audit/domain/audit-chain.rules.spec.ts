import { auditHash, checkChain, GENESIS_HASH, snapshot, type StoredAuditEntry } from './audit-chain.rules.js';

function chain(n: number): StoredAuditEntry[] {
  const out: StoredAuditEntry[] = [];
  let prev = GENESIS_HASH;
  for (let i = 1; i <= n; i++) {
    const fields = {
      occurredAt: `2026-11-0${i}T00:00:00.000Z`, actorId: 1, actorLabel: 'a@b.c', action: 'tenant.create',
      entityType: 'tenant', entityId: String(i), ip: '127.0.0.1', before: null, after: snapshot({ name: `T${i}` }),
    };
    const hash = auditHash(prev, fields);
    out.push({ id: i, ...fields, prevHash: prev, hash });
    prev = hash;
  }
  return out;
}

describe('checkChain', () => {
  it('accepts an intact chain and returns its last hash', () => {
    const entries = chain(3);
    expect(checkChain(entries, GENESIS_HASH)).toEqual({ ok: true, lastHash: entries[2].hash });
  });

  it('accepts an empty run', () => {
    expect(checkChain([], GENESIS_HASH)).toEqual({ ok: true, lastHash: GENESIS_HASH });
  });

  it.each([
    ['an edited field', (e: StoredAuditEntry[]) => { e[1].after = snapshot({ name: 'forged' }); return e; }, 2, 'hash'],
    ['a deleted entry', (e: StoredAuditEntry[]) => e.filter((x) => x.id !== 2), 3, 'link'],
    ['swapped entries', (e: StoredAuditEntry[]) => [e[0], e[2], e[1]], 3, 'link'],
    ['a recomputed own hash', (e: StoredAuditEntry[]) => { e[0].actorLabel = 'x'; e[0].hash = auditHash(e[0].prevHash, e[0]); return e; }, 2, 'link'],
  ])('detects %s', (_name, tamper, brokenAt, reason) => {
    expect(checkChain(tamper(chain(3)), GENESIS_HASH)).toEqual({ ok: false, brokenAt, reason });
  });
});

describe('snapshot', () => {
  it.each([
    [null, null],
    [undefined, null],
    [{ b: 1, a: 2 }, '{"a":2,"b":1}'],
    [{ d: new Date('2026-01-01T00:00:00Z') }, '{"d":"2026-01-01T00:00:00.000Z"}'],
    [{ x: { z: 1, y: [2, 1] } }, '{"x":{"y":[2,1],"z":1}}'],
  ])('%j → %s', (input, expected) => {
    expect(snapshot(input)).toBe(expected);
  });
});
