import { Body, Controller, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Request, Response } from 'express';
import { DataSource } from 'typeorm';
import { Roles } from '../accounts/auth/auth.decorators.js';
import { ADMINS } from '../accounts/domain/access-policy.js';
import { AuditService } from '../audit/audit.service.js';
import { ConflictError, NotFoundError } from '../common/errors/domain-error.js';
import { actorOf, CurrentPrincipal, type Principal } from '../common/principal.js';
import { flash } from '../common/views/page-helpers.js';
import { AppConfig } from '../config/app-config.js';
import { I18nService } from '../i18n/i18n.service.js';
import { describeCron } from './domain/cron-text.rules.js';
import { JobsQueryDto } from './dto/jobs-query.dto.js';
import { scheduleDefinitions } from './job-definitions.js';
import { JobRunner } from './job-runner.service.js';
import { JOB_STATES, QueuePort, type JobState, type QueuedJob } from './queue.port.js';

const JOBS_PAGE_SIZE = 20;
/** Longer ids are no job of ours; refuse them before they reach Redis. */
const MAX_JOB_ID = 200;

function shorten(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** Admin pages over the queue port: job counts and lists per state, retry/discard of failed jobs, the schedules. */
@ApiExcludeController()
@Roles(...ADMINS)
@Controller('admin')
export class QueuePagesController {
  constructor(
    private readonly queue: QueuePort,
    private readonly runner: JobRunner,
    private readonly audit: AuditService,
    private readonly i18n: I18nService,
    private readonly config: AppConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  private jobLabel(locale: string, name: string): string {
    const key = `jobs.names.${name}`;
    return this.i18n.has(key) ? this.i18n.t(locale, key) : name;
  }

  private jobView(locale: string, job: QueuedJob) {
    return {
      ...job,
      label: this.jobLabel(locale, job.name),
      idParam: encodeURIComponent(job.id),
      dataText: shorten(JSON.stringify(job.data ?? {}), 300),
      error: job.failedReason ? shorten(job.failedReason, 1000) : null,
      canRetry: job.state === 'failed',
    };
  }

  @Get('jobs')
  async jobs(@Query() query: JobsQueryDto, @Res() res: Response): Promise<void> {
    const locale = res.locals.locale as string;
    const state: JobState = query.state ?? 'failed';
    const pageSize = query.pageSize ?? JOBS_PAGE_SIZE;
    const counts = await this.queue.counts();
    const pages = Math.max(1, Math.ceil(counts[state] / pageSize));
    const pageNo = Math.min(query.page ?? 1, pages);
    const items = await this.queue.jobs(state, (pageNo - 1) * pageSize, pageSize);
    res.render('queue/jobs', {
      titleKey: 'jobs.title',
      section: 'jobs',
      kind: this.queue.kind,
      runsJobs: this.runner.runsJobs,
      state,
      tabs: JOB_STATES.map((s) => ({ state: s, count: counts[s], current: s === state })),
      page: { items: items.map((j) => this.jobView(locale, j)), total: counts[state], page: pageNo, pageSize },
      pages,
      prev: pageNo > 1 ? pageNo - 1 : null,
      next: pageNo < pages ? pageNo + 1 : null,
      filters: { state, pageSize: query.pageSize },
    });
  }

  /** Runs a queue action and its audit entry in one transaction: the entry is rolled back when the action does not happen. */
  private async act(id: string, principal: Principal, req: Request, action: 'job.retry' | 'job.discard'): Promise<void> {
    if (!id || id.length > MAX_JOB_ID) throw new NotFoundError();
    await this.dataSource.transaction(async (m) => {
      const job = await this.queue.job(id);
      if (!job) throw new NotFoundError();
      await this.audit.record(m, actorOf(principal, req), {
        action,
        entityType: 'job',
        entityId: id.slice(0, 64),
        before: { id, name: job.name, data: job.data, state: job.state, attemptsMade: job.attemptsMade, failedReason: job.failedReason },
        after: action === 'job.retry' ? { state: 'waiting', attemptsMade: 0 } : null,
      });
      const done = action === 'job.retry' ? await this.queue.retry(id) : await this.queue.discard(id);
      if (!done) throw new ConflictError(action === 'job.retry' ? 'jobs.notFailed' : 'jobs.cannotDiscard', { id });
    });
  }

  private async runAction(id: string, body: Record<string, unknown>, principal: Principal, req: Request, res: Response, action: 'job.retry' | 'job.discard'): Promise<void> {
    try {
      await this.act(id, principal, req, action);
      flash(req, 'success', action === 'job.retry' ? 'jobs.retried' : 'jobs.discarded', { id });
    } catch (err) {
      if (!(err instanceof ConflictError)) throw err;
      flash(req, 'error', err.messageKey, err.params);
    }
    const back = (JOB_STATES as readonly string[]).includes(String(body.state)) ? String(body.state) : 'failed';
    res.redirect(303, `/admin/jobs?state=${back}`);
  }

  @Post('jobs/:id/retry')
  retry(@Param('id') id: string, @Body() body: Record<string, unknown>, @CurrentPrincipal() principal: Principal, @Req() req: Request, @Res() res: Response): Promise<void> {
    return this.runAction(id, body, principal, req, res, 'job.retry');
  }

  @Post('jobs/:id/discard')
  discard(@Param('id') id: string, @Body() body: Record<string, unknown>, @CurrentPrincipal() principal: Principal, @Req() req: Request, @Res() res: Response): Promise<void> {
    return this.runAction(id, body, principal, req, res, 'job.discard');
  }

  @Get('schedule')
  async schedule(@Res() res: Response): Promise<void> {
    const locale = res.locals.locale as string;
    const registered = await this.queue.schedules();
    const configured = scheduleDefinitions(this.config);
    // Nothing registered (schedules switched off): show what is configured, marked as such.
    const rows = (registered.length ? registered : configured.map((d) => ({ ...d, next: null, unregistered: true }))).map((s) => {
      const text = describeCron(s.cron);
      const params: Record<string, string | number> = { ...text?.params } as Record<string, string | number>;
      if (text?.params.weekday !== undefined) params.weekday = this.i18n.t(locale, `cron.weekdays.${text.params.weekday}`);
      return {
        ...s,
        label: this.jobLabel(locale, s.name),
        rule: text ? this.i18n.t(locale, `cron.${text.key}`, params) : s.cron,
        unregistered: 'unregistered' in s,
      };
    });
    res.render('queue/schedule', {
      titleKey: 'schedule.title',
      section: 'schedule',
      rows,
      runsJobs: this.runner.runsJobs,
      disabled: this.runner.runsJobs && !this.config.SCHEDULES_ENABLED,
    });
  }
}
