import { Injectable } from '@nestjs/common';

/**
 * Something that sends reminders once a day (signing deadlines, trainings, rectification
 * deadlines …). `run` gets today's park-zone date and returns how many notices it queued; it must
 * use dedupe keys so that running twice on the same day sends nothing new.
 */
export interface ReminderSource {
  name: string;
  run(today: string): Promise<number>;
}

/** Contexts register their reminder sources here (in onModuleInit); the 09:00 job runs them all. */
@Injectable()
export class Reminders {
  private readonly sources: ReminderSource[] = [];

  register(source: ReminderSource): void {
    if (this.sources.some((s) => s.name === source.name)) throw new Error(`reminder source '${source.name}' registered twice`);
    this.sources.push(source);
  }

  all(): readonly ReminderSource[] {
    return this.sources;
  }
}
