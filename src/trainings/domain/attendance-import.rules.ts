import { DateTime } from 'luxon';
import type { AttendanceMark } from './attendance-rate.rules.js';

/**
 * Cells of an attendance import: the mark in either language, the time as park time. Pure.
 */
const MARKS: Record<string, AttendanceMark> = {
  present: 'present', late: 'late', excused: 'excused', absent: 'absent',
  出席: 'present', 到: 'present', 迟到: 'late', 请假: 'excused', 缺席: 'absent',
};

export function parseImportMark(cell: string): AttendanceMark | null {
  return MARKS[cell.trim().toLowerCase()] ?? null;
}

/** 'YYYY-MM-DD HH:mm' (or with seconds, or a T) in park time → the instant; null when it is not one. */
export function parseImportTime(cell: string, timeZone: string): Date | null {
  const text = cell.trim().replace('T', ' ');
  for (const format of ['yyyy-MM-dd HH:mm', 'yyyy-MM-dd HH:mm:ss', 'yyyy/MM/dd HH:mm']) {
    const dt = DateTime.fromFormat(text, format, { zone: timeZone });
    if (dt.isValid) return dt.toJSDate();
  }
  return null;
}
