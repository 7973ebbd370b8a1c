import cronParser from 'cron-parser';

/** The first occurrence of a cron rule strictly after `after`, evaluated in `timeZone`; null if none. */
export function nextOccurrence(cron: string, timeZone: string, after: Date): Date | null {
  try {
    const it = cronParser.parseExpression(cron, { tz: timeZone, currentDate: after });
    return it.hasNext() ? it.next().toDate() : null;
  } catch {
    return null;
  }
}
