import { describeCron, type CronText } from './cron-text.rules.js';

describe('describeCron', () => {
  it.each<[string, CronText | null]>([
    // The rules ParkTrust schedules.
    ['30 23 L * *', { key: 'monthLast', params: { time: '23:30' } }],
    ['0 9 * * *', { key: 'daily', params: { time: '09:00' } }],
    ['* * * * *', { key: 'everyMinute', params: {} }],
    ['*/5 * * * *', { key: 'everyNMinutes', params: { n: 5 } }],
    ['15 3 * * *', { key: 'daily', params: { time: '03:15' } }],
    // Other common shapes.
    ['*/1 * * * *', { key: 'everyMinute', params: {} }],
    ['7 * * * *', { key: 'hourly', params: { minute: '07' } }],
    ['0 */6 * * *', { key: 'everyNHours', params: { n: 6, minute: '00' } }],
    ['0 8 * * 1-5', { key: 'workdays', params: { time: '08:00' } }],
    ['30 7 * * 1', { key: 'weekly', params: { weekday: 1, time: '07:30' } }],
    ['30 7 * * 7', { key: 'weekly', params: { weekday: 0, time: '07:30' } }],
    ['0 0 1 * *', { key: 'monthly', params: { day: 1, time: '00:00' } }],
    ['  0   9  *  *  *  ', { key: 'daily', params: { time: '09:00' } }],
    // Anything else is shown raw.
    ['0 9 1 1 *', null],
    ['0 9 1 * 1', null],
    ['0 9,18 * * *', null],
    ['0-10 9 * * *', null],
    ['60 9 * * *', null],
    ['0 24 * * *', null],
    ['0 9 32 * *', null],
    ['*/0 * * * *', null],
    ['0 9 * * 8', null],
    ['0 0 9 * * *', null],
    ['0 9 * *', null],
    ['', null],
    ['not a cron', null],
  ])('%j → %j', (rule, expected) => {
    expect(describeCron(rule)).toEqual(expected);
  });
});
