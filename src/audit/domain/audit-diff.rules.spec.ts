import { snapshot } from './audit-chain.rules.js';
import { diffSnapshots, parseSnapshot, showValue, type ShownValue, type ValueFormat } from './audit-diff.rules.js';

/** Park time is UTC+8 here, written so a test can see the conversion happened. */
const format: ValueFormat = {
  time: (iso) => `park(${iso.slice(0, 16)})`,
  yes: 'yes',
  no: 'no',
  code: (field, value) => (field === 'status' ? ({ active: 'Active', suspended: 'Suspended' } as Record<string, string>)[value] ?? null : null),
};
const text = (t: string): ShownValue => ({ kind: 'text', text: t });
const list = (...items: string[]): ShownValue => ({ kind: 'list', items });
const ABSENT: ShownValue = { kind: 'absent' };
const EMPTY: ShownValue = { kind: 'empty' };

describe('audit diff rules', () => {
  describe('parseSnapshot', () => {
    it.each<[string, string | null, Record<string, unknown> | null]>([
      ['no snapshot', null, null],
      ['an object', '{"a":1,"b":"x"}', { a: 1, b: 'x' }],
      ['an empty object', '{}', {}],
      ['a list', '[1,2]', { '': [1, 2] }],
      ['a string', '"text"', { '': 'text' }],
      ['JSON null', 'null', { '': null }],
      ['text that is not JSON', 'not json {', { '': 'not json {' }],
    ])('%s', (_name, json, expected) => {
      expect(parseSnapshot(json)).toEqual(expected);
    });
  });

  describe('showValue', () => {
    it.each<[string, string, unknown, ShownValue]>([
      ['a missing field', 'name', undefined, ABSENT],
      ['null', 'name', null, EMPTY],
      ['an empty string', 'name', '', EMPTY],
      ['an empty list', 'files', [], EMPTY],
      ['an empty object', 'data', {}, EMPTY],
      ['text', 'name', '星辰微电子', text('星辰微电子')],
      ['a number', 'rows', 0, text('0')],
      ['true', 'active', true, text('yes')],
      ['false', 'active', false, text('no')],
      ['an ISO instant in UTC', 'createdAt', '2026-03-09T16:00:00.000Z', text('park(2026-03-09T16:00)')],
      ['an ISO instant with an offset', 'signedAt', '2026-03-10T00:00:00+08:00', text('park(2026-03-10T00:00)')],
      ['a calendar date stays a date', 'movedInAt', '2024-06-01', text('2024-06-01')],
      ['a coded value with a label', 'status', 'suspended', text('Suspended')],
      ['a coded value without a label', 'status', 'archived', text('archived')],
      ['the same code in another field', 'state', 'suspended', text('suspended')],
      ['a hash', 'sha256', 'ab'.repeat(32), text('ab'.repeat(32))],
      ['files by their names', 'files', [{ id: 1, fileName: '整改报告.pdf', sha256: 'x', size: 9 }, { id: 2, fileName: 'photo.png', size: 3 }], list('整改报告.pdf', 'photo.png')],
      ['a list of ids', 'superseded', [3, 4], list('3', '4')],
      ['an object without a name', 'data', { versionId: 3, at: '2026-01-01T00:00:00.000Z', ok: true }, list('versionId: 3', 'at: park(2026-01-01T00:00)', 'ok: yes')],
      ['nested empties', 'data', { a: null, b: [], c: {} }, list('a: —', 'b: —', 'c: —')],
      ['a nested object with a title', 'data', { version: { id: 2, title: '园区管理公约' } }, list('version: 园区管理公约')],
    ])('%s', (_name, field, value, expected) => {
      expect(showValue(field, value, format)).toEqual(expected);
    });
  });

  describe('diffSnapshots', () => {
    const tenant = { id: 6, name: '星辰', status: 'active', statusReason: null, updatedAt: '2026-03-09T16:00:00.000Z' };

    it('a status change: the changed fields first, each side shown, the rest unchanged', () => {
      const diff = diffSnapshots(
        snapshot(tenant),
        snapshot({ ...tenant, status: 'suspended', statusReason: '欠费', updatedAt: '2026-03-10T01:00:00.000Z' }),
        format,
      );
      expect(diff).toMatchObject({ hasBefore: true, hasAfter: true, changed: 3 });
      expect(diff.rows).toEqual([
        { field: 'status', before: text('Active'), after: text('Suspended'), changed: true },
        { field: 'statusReason', before: EMPTY, after: text('欠费'), changed: true },
        { field: 'updatedAt', before: text('park(2026-03-09T16:00)'), after: text('park(2026-03-10T01:00)'), changed: true },
        { field: 'id', before: text('6'), after: text('6'), changed: false },
        { field: 'name', before: text('星辰'), after: text('星辰'), changed: false },
      ]);
    });

    it('a creation has only an after side, and nothing counts as changed', () => {
      const diff = diffSnapshots(null, snapshot({ name: '星辰', files: [] }), format);
      expect(diff).toEqual({
        hasBefore: false, hasAfter: true, changed: 0,
        rows: [
          { field: 'files', before: ABSENT, after: EMPTY, changed: false },
          { field: 'name', before: ABSENT, after: text('星辰'), changed: false },
        ],
      });
    });

    it('a deletion-like entry has only a before side', () => {
      const diff = diffSnapshots('{"state":"failed"}', null, format);
      expect(diff).toMatchObject({ hasBefore: true, hasAfter: false, changed: 0, rows: [{ field: 'state', before: text('failed'), after: ABSENT }] });
    });

    it.each<[string, string | null, string | null, { field: string; changed: boolean }[]]>([
      ['nothing recorded', null, null, []],
      ['a field only after (it appeared)', '{"status":"draft"}', '{"status":"published","versionNo":2}', [{ field: 'status', changed: true }, { field: 'versionNo', changed: true }]],
      ['a field only before (it went away)', '{"a":1,"b":2}', '{"a":1}', [{ field: 'b', changed: true }, { field: 'a', changed: false }]],
      ['null and missing differ', '{"a":null}', '{}', [{ field: 'a', changed: true }]],
      ['equal nested values', '{"files":[{"fileName":"a"}]}', '{"files":[{"fileName":"a"}]}', [{ field: 'files', changed: false }]],
      ['changed nested values', '{"files":[{"fileName":"a"}]}', '{"files":[{"fileName":"b"}]}', [{ field: 'files', changed: true }]],
      ['snapshots that are not objects', '[1]', '[2]', [{ field: '', changed: true }]],
      ['an unreadable before', 'oops', '{"a":1}', [{ field: '', changed: true }, { field: 'a', changed: true }]],
      ['fields of both sides in one key order', '{"c":1,"d":1}', '{"a":2,"c":1,"d":2}', [{ field: 'a', changed: true }, { field: 'd', changed: true }, { field: 'c', changed: false }]],
    ])('%s', (_name, before, after, rows) => {
      expect(diffSnapshots(before, after, format).rows.map(({ field, changed }) => ({ field, changed }))).toEqual(rows);
    });
  });
});
