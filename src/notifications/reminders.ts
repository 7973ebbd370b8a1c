import { Injectable } from '@nestjs/common';
import { defineContribution } from '../common/contributions/contribution.js';
import { ContributionRegistry } from '../common/contributions/contribution-registry.js';

/**
 * Sends reminders once a day (signing deadlines, trainings, rectification deadlines …). Gets
 * today's park-zone date and returns how many notices it queued; it must record what it sent so
 * that running twice on the same day sends nothing new.
 */
export type ReminderFn = (today: string) => Promise<number>;

export const REMINDER_SOURCES = defineContribution<string, ReminderFn>({ name: 'reminder source', key: (name) => name });

/** Marks a method as a daily reminder source; the 09:00 job runs them all. */
export const ReminderSource = REMINDER_SOURCES.decorator;

/** The reminder sources contributed by every context. */
@Injectable()
export class Reminders {
  constructor(private readonly contributions: ContributionRegistry) {}

  all(): readonly { name: string; run: ReminderFn }[] {
    return this.contributions.of(REMINDER_SOURCES).map((c) => ({ name: c.meta, run: c.fn }));
  }
}
