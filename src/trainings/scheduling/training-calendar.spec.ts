import ICAL from 'ical.js';
import { calendarFile, calendarUid } from './training-calendar.js';

const session = (id: number, sequence: number) => ({
  id, sequence, title: '消防安全演练', location: '园区广场', description: '安全演练',
  startsAt: new Date('2026-03-05T01:30:00Z'), endsAt: new Date('2026-03-05T03:00:00Z'),
});
const organizer = { name: 'ParkTrust', email: 'noreply@parktrust.local' };

describe('calendarFile', () => {
  it.each([
    ['request', 'REQUEST', 'CONFIRMED', 'invite.ics'],
    ['cancel', 'CANCEL', 'CANCELLED', 'cancel.ics'],
  ] as const)('%s: METHOD %s, STATUS %s, one event per session with a stable UID and the sequence', (method, METHOD, STATUS, filename) => {
    const file = calendarFile([session(7, 0), session(8, 3)], method, organizer);
    expect(file.filename).toBe(filename);
    expect(file.contentType).toBe(`text/calendar; charset=utf-8; method=${METHOD}`);
    const cal = new ICAL.Component(ICAL.parse(file.content));
    expect(cal.getFirstPropertyValue('method')).toBe(METHOD);
    const events = cal.getAllSubcomponents('vevent').map((v) => new ICAL.Event(v));
    expect(events.map((e) => [e.uid, e.sequence, e.summary, e.location])).toEqual([
      [calendarUid(7), 0, '消防安全演练', '园区广场'], [calendarUid(8), 3, '消防安全演练', '园区广场'],
    ]);
    expect(events[0].startDate.toJSDate().toISOString()).toBe('2026-03-05T01:30:00.000Z');
    expect(events[0].endDate.toJSDate().toISOString()).toBe('2026-03-05T03:00:00.000Z');
    expect(cal.getAllSubcomponents('vevent').map((v) => v.getFirstPropertyValue('status'))).toEqual([STATUS, STATUS]);
  });
});
