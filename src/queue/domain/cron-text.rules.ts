/**
 * A cron rule in words, for the schedule page: a catalogue key under `cron.` with its parameters,
 * or null when the rule is not one of the common shapes (the page then shows the raw rule).
 * `weekday` (0 = Sunday) is a number the caller turns into a day name (`cron.weekdays.<n>`).
 */
export interface CronText {
  key: 'everyMinute' | 'everyNMinutes' | 'hourly' | 'everyNHours' | 'daily' | 'workdays' | 'weekly' | 'monthly' | 'monthLast';
  params: { n?: number; minute?: string; time?: string; day?: number; weekday?: number };
}

/** A plain integer field within [min, max], or null. */
function int(field: string, min: number, max: number): number | null {
  if (!/^\d{1,2}$/.test(field)) return null;
  const n = Number(field);
  return n >= min && n <= max ? n : null;
}

/** `*∕n` with n within [min, max], or null. */
function step(field: string, min: number, max: number): number | null {
  const m = /^\*\/(\d{1,2})$/.exec(field);
  return m ? int(m[1], min, max) : null;
}

const two = (n: number) => String(n).padStart(2, '0');

export function describeCron(rule: string): CronText | null {
  const fields = rule.trim().split(/\s+/);
  if (fields.length !== 5) return null;
  const [min, hour, dom, month, dow] = fields;
  if (month !== '*') return null;
  const everyDay = dom === '*' && dow === '*';

  if (hour === '*' && everyDay) {
    if (min === '*') return { key: 'everyMinute', params: {} };
    const n = step(min, 1, 59);
    if (n !== null) return n === 1 ? { key: 'everyMinute', params: {} } : { key: 'everyNMinutes', params: { n } };
    const m = int(min, 0, 59);
    return m === null ? null : { key: 'hourly', params: { minute: two(m) } };
  }

  const m = int(min, 0, 59);
  if (m === null) return null;
  const hours = step(hour, 2, 23);
  if (hours !== null && everyDay) return { key: 'everyNHours', params: { n: hours, minute: two(m) } };
  const h = int(hour, 0, 23);
  if (h === null) return null;
  const time = `${two(h)}:${two(m)}`;

  if (everyDay) return { key: 'daily', params: { time } };
  if (dom === '*') {
    if (dow === '1-5') return { key: 'workdays', params: { time } };
    const d = int(dow, 0, 7);
    return d === null ? null : { key: 'weekly', params: { weekday: d % 7, time } };
  }
  if (dow !== '*') return null;
  if (dom === 'L') return { key: 'monthLast', params: { time } };
  const day = int(dom, 1, 31);
  return day === null ? null : { key: 'monthly', params: { day, time } };
}
