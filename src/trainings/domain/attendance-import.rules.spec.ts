import { parseImportMark, parseImportTime } from './attendance-import.rules.js';

describe('parseImportMark', () => {
  it.each([
    ['present', 'present'], [' Late ', 'late'], ['EXCUSED', 'excused'], ['absent', 'absent'],
    ['出席', 'present'], ['迟到', 'late'], ['请假', 'excused'], ['缺席', 'absent'], ['here', null], ['', null],
  ])('%p → %p', (cell, mark) => {
    expect(parseImportMark(cell)).toBe(mark);
  });
});

describe('parseImportTime (park time)', () => {
  it.each([
    ['2026-05-01 09:05', '2026-05-01T01:05:00.000Z'],
    ['2026-05-01 00:30:15', '2026-04-30T16:30:15.000Z'],
    ['2026-05-01T09:05', '2026-05-01T01:05:00.000Z'],
    ['2026/05/01 09:05', '2026-05-01T01:05:00.000Z'],
    ['2026-02-30 09:00', null],
    ['yesterday', null],
    ['2026-05-01', null],
  ])('%p → %p', (cell, iso) => {
    expect(parseImportTime(cell, 'Asia/Shanghai')?.toISOString() ?? null).toBe(iso);
  });
});
