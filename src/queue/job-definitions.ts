import type { AppConfig } from '../config/app-config.js';
import type { RetryPolicy, ScheduleDefinition } from './queue.port.js';

/** Every job name the system knows, with its retry rule. A handler must exist for each (checked at boot). */
export const JOBS = {
  /** Sends one outbox message (payload: { outboxId }). */
  'outbox.send': { attempts: 8, backoffMs: 5_000 },
  /** Sweeps queued outbox messages whose send job was lost (Redis down at save time, crashed worker). */
  'outbox.relay': { attempts: 1, backoffMs: 0 },
  /** Month-end scoring run (scoring issue); scheduled the last day of each month at 23:30 park time. */
  'cycle.monthEnd': { attempts: 3, backoffMs: 60_000 },
  /** Back-test of a drafted rulebook version over the last 12 month ends (payload: { versionId }). */
  'scoring.backtest': { attempts: 2, backoffMs: 30_000 },
  /** Tells every tenant's officers their month's draft score, grade, change, reasons and until when they may object (payload: { monthId }), in batches; queued when the run first makes the month a draft. */
  'scoring.draftNotices': { attempts: 5, backoffMs: 30_000 },
  /** Tells every tenant's officers their published monthly score, grade, change and reasons (payload: { monthId }), in batches. */
  'scoring.publicationNotices': { attempts: 5, backoffMs: 30_000 },
  /** Daily reminders (signing deadlines, trainings …) at 09:00 park time. */
  'reminders.daily': { attempts: 3, backoffMs: 60_000 },
  /** Notifies the compliance officers of every tenant asked to sign a newly published version (payload: { versionId }), in batches. */
  'conventions.publishedNotices': { attempts: 5, backoffMs: 30_000 },
  /** Tells the officers of the tenants a training concerns of its invitation, change or cancellation, with the .ics (payload: { sessionIds, kind }), in batches. */
  'trainings.notices': { attempts: 5, backoffMs: 30_000 },
  /** Marks required tenants without a mark absent (or excused) once a training ended and its grace period passed; every 15 minutes. */
  'trainings.mark-absent': { attempts: 3, backoffMs: 60_000 },
  /** Ends list entries whose planned end has come, warns of repair reviews nearing their working-day deadlines; daily at 00:20 park time. */
  'lists.daily': { attempts: 3, backoffMs: 60_000 },
  /** Announces the draws whose announcement time has come (frame frozen, seed committed) and runs those whose draw time has come; every 5 minutes, idempotent. */
  'sampling.drawExecutions': { attempts: 3, backoffMs: 30_000 },
  /** Warns of inspection results nearing or past their 20-working-day publication deadline; daily at 00:40 park time. */
  'sampling.daily': { attempts: 3, backoffMs: 60_000 },
  /** Signs the audit chain's head into a checkpoint file outside the database and e-mails it to admins. */
  'audit.checkpoint': { attempts: 3, backoffMs: 60_000 },
  /** Deletes expired sessions (anonymous ones live 30 minutes) and login-throttle counters that no longer count; hourly. */
  'maintenance.sessions': { attempts: 1, backoffMs: 0 },
} as const satisfies Record<string, RetryPolicy>;

export type JobName = keyof typeof JOBS;

/** A job's retry rule in this configuration: its entry in JOBS, with the first wait of an e-mail's send from OUTBOX_BACKOFF_MS. */
export function jobRetryPolicy(name: JobName, config: Pick<AppConfig, 'OUTBOX_BACKOFF_MS'>): RetryPolicy {
  return name === 'outbox.send' ? { ...JOBS[name], backoffMs: config.OUTBOX_BACKOFF_MS } : JOBS[name];
}

export function isJobName(name: string): name is JobName {
  return Object.prototype.hasOwnProperty.call(JOBS, name);
}

/** The recurring jobs, in the park's time zone. */
export function scheduleDefinitions(config: AppConfig): ScheduleDefinition[] {
  const timeZone = config.PARK_TIMEZONE;
  return [
    { name: 'cycle.monthEnd', cron: '30 23 L * *', timeZone },
    { name: 'reminders.daily', cron: '0 9 * * *', timeZone },
    { name: 'outbox.relay', cron: '* * * * *', timeZone },
    { name: 'sampling.drawExecutions', cron: '*/5 * * * *', timeZone },
    { name: 'trainings.mark-absent', cron: '*/15 * * * *', timeZone },
    { name: 'maintenance.sessions', cron: '15 * * * *', timeZone },
    { name: 'audit.checkpoint', cron: '30 2 * * *', timeZone },
    { name: 'lists.daily', cron: '20 0 * * *', timeZone },
    { name: 'sampling.daily', cron: '40 0 * * *', timeZone },
  ];
}
