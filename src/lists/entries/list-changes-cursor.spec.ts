import { decodeCursor, encodeCursor } from './list-entries.queries.js';

describe('changes feed cursor', () => {
  it('round-trips the last item\'s changedAt and id', () => {
    const at = new Date('2026-11-29T08:15:42.000Z');
    expect(decodeCursor(encodeCursor(at, 4711))).toEqual({ at, id: 4711 });
  });

  it.each([
    ['empty', ''],
    ['not base64url', 'a+b/c='],
    ['no separator', Buffer.from('2026-11-29T08:15:42.000Z', 'utf8').toString('base64url')],
    ['id zero', Buffer.from('2026-11-29T08:15:42.000Z|0', 'utf8').toString('base64url')],
    ['id not a number', Buffer.from('2026-11-29T08:15:42.000Z|x', 'utf8').toString('base64url')],
    ['not an instant', Buffer.from('yesterday|5', 'utf8').toString('base64url')],
    ['a day that does not exist', Buffer.from('2026-02-30T00:00:00.000Z|5', 'utf8').toString('base64url')],
    ['too long', 'A'.repeat(201)],
  ])('refuses %s', (_name, cursor) => {
    expect(decodeCursor(cursor)).toBeNull();
  });
});
