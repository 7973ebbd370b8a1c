import ical, { ICalCalendarMethod, ICalEventStatus } from 'ical-generator';
import type { MailAttachment } from '../../mail/mail-transport.js';

/** What a calendar entry shows of a session. */
export interface CalendarSession {
  id: number;
  title: string;
  startsAt: Date;
  endsAt: Date;
  location: string;
  description: string;
  /** The entry's version: raised with every change sent to attendees. */
  sequence: number;
}

/** The calendar entry's UID: stable per session, so an update or a cancellation replaces the entry. */
export function calendarUid(sessionId: number): string {
  return `training-${sessionId}@parktrust`;
}

/**
 * An .ics file of sessions (ical-generator): METHOD:REQUEST adds or updates them in the reader's
 * calendar, METHOD:CANCEL (STATUS:CANCELLED) removes them. Times are UTC instants; the calendar
 * shows them in the reader's zone.
 */
export function calendarFile(sessions: readonly CalendarSession[], method: 'request' | 'cancel', organizer: { name: string; email: string }): MailAttachment {
  const cal = ical({ prodId: { company: 'ParkTrust', product: 'trainings', language: 'ZH' }, method: method === 'cancel' ? ICalCalendarMethod.CANCEL : ICalCalendarMethod.REQUEST });
  for (const s of sessions) {
    cal.createEvent({
      id: calendarUid(s.id),
      sequence: s.sequence,
      start: s.startsAt,
      end: s.endsAt,
      summary: s.title,
      location: s.location,
      description: s.description,
      organizer,
      status: method === 'cancel' ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
    });
  }
  return { filename: method === 'cancel' ? 'cancel.ics' : 'invite.ics', contentType: `text/calendar; charset=utf-8; method=${method === 'cancel' ? 'CANCEL' : 'REQUEST'}`, content: cal.toString() };
}
