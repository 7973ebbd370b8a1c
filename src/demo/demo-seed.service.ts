import { Injectable } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { DateTime } from 'luxon';
import { DepartmentsService } from '../accounts/departments.service.js';
import { UsersService } from '../accounts/users.service.js';
import type { Actor } from '../common/principal.js';
import { TenantsService } from '../tenants/tenants.service.js';
import { DEMO_ACCOUNTS, DEMO_BUILDINGS, DEMO_TENANTS } from './demo-data.js';
import { BuildingsService } from '../tenants/buildings.service.js';
import { DEMO_CONVENTIONS } from './demo-conventions.js';
import { AuthoringService } from '../conventions/authoring/authoring.service.js';
import { ConventionsService } from '../conventions/core/conventions.service.js';
import { I18nService } from '../i18n/i18n.service.js';
import { CheckinService } from '../trainings/checkin/checkin.service.js';
import { SchedulingQueries } from '../trainings/scheduling/scheduling.queries.js';
import { SchedulingService } from '../trainings/scheduling/scheduling.service.js';
import { DEMO_TRAININGS, demoRollCall } from './demo-trainings.js';
import { AnnualReportsService } from '../findings/annual-reports/annual-reports.service.js';
import { FindingsRecordingService } from '../findings/recording/recording.service.js';
import type { Principal } from '../common/principal.js';
import { DEMO_ANNUAL_REPORTS, DEMO_FINDINGS } from './demo-findings.js';
import { RectificationService } from '../findings/rectification/rectification.service.js';
import { AppConfig } from '../config/app-config.js';
import { incomingDir } from '../files/files.service.js';
import { ACCEPTED_TYPES } from '../files/domain/file-type.rules.js';
import { createHash, randomUUID } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DemoEvaluationsSeeder } from './demo-evaluations.js';
import { seedDemoLists } from './demo-lists.js';
import { seedDemoSampling } from './demo-sampling.js';
import { seedDemoScores } from './demo-scores.js';
import { DemoSelfReportsSeeder } from './demo-self-reports.js';

const SEED_ACTOR: Actor = { userId: null, label: 'demo-seed', ip: null };

/** Seeds the demo park through the same services staff use; anything already there is left alone. */
@Injectable()
export class DemoSeedService {
  constructor(
    private readonly tenants: TenantsService,
    private readonly users: UsersService,
    private readonly departments: DepartmentsService,
    private readonly conventions: ConventionsService,
    private readonly authoring: AuthoringService,
    private readonly i18n: I18nService,
    private readonly buildings: BuildingsService,
    private readonly trainings: SchedulingQueries,
    private readonly scheduling: SchedulingService,
    private readonly checkin: CheckinService,
    private readonly findings: FindingsRecordingService,
    private readonly annualReports: AnnualReportsService,
    private readonly rectification: RectificationService,
    private readonly config: AppConfig,
    private readonly evaluations: DemoEvaluationsSeeder,
    private readonly selfReports: DemoSelfReportsSeeder,
    private readonly moduleRef: ModuleRef,
  ) {}

  async seed(): Promise<{ created: boolean; tenants: number; users: number }> {
    let tenants = 0;
    let users = 0;
    const ids: number[] = [];
    const buildings = new Set((await this.buildings.all()).map((b) => b.name));
    for (const name of DEMO_BUILDINGS) if (!buildings.has(name)) await this.buildings.add(name, SEED_ACTOR);
    for (const t of DEMO_TENANTS) {
      const existing = await this.tenants.findByUscc(t.uscc);
      if (existing) {
        ids.push(existing.id);
        continue;
      }
      ids.push((await this.tenants.create(t, SEED_ACTOR)).id);
      tenants++;
    }
    for (const a of DEMO_ACCOUNTS) {
      if (await this.users.findByEmail(a.email)) continue;
      const department = a.department ? await this.departments.findByCode(a.department) : null;
      await this.users.create({
        email: a.email, name: a.name, role: a.role, password: a.password,
        tenantId: a.tenant !== undefined ? ids[a.tenant] : undefined,
        departmentId: department?.id,
        mustChangePassword: false,
      }, SEED_ACTOR);
      users++;
    }
    const conventions = await this.seedConventions();
    const trainings = await this.seedTrainings(ids);
    const findings = await this.seedFindings(ids);
    const evaluations = await this.evaluations.seed(ids);
    const selfReports = await this.selfReports.seed();
    // Last: the months are scored from everything above (three published, the current one in review).
    const months = await seedDemoScores(this.moduleRef);
    // After the months: the red list takes the best published scores.
    const lists = await seedDemoLists(this.moduleRef);
    // After the lists: listed tenants are targeted in the draws.
    const sampling = await seedDemoSampling(this.moduleRef);
    return { created: tenants + users + conventions + trainings + findings + evaluations + selfReports + months + lists + sampling > 0, tenants, users };
  }

  /** Publishes the demo convention and commitment once, when the park has no convention yet. */
  private async seedConventions(): Promise<number> {
    if ((await this.conventions.currentVersions()).length) return 0;
    for (const c of DEMO_CONVENTIONS) {
      const { versionId } = await this.authoring.createConvention({
        kind: c.kind, title: c.title, titleEn: c.titleEn, effectiveDate: this.i18n.today(),
        signingPeriodDays: c.signingPeriodDays, clauses: c.clauses,
      }, SEED_ACTOR);
      await this.authoring.publish(versionId, SEED_ACTOR);
    }
    return DEMO_CONVENTIONS.length;
  }

  /**
   * The market regulator's findings (one of each type, one overdue, the officer's own tenant's to rectify) and
   * last year's annual reports, through the recording services: idempotent by decision number and by tenant and year.
   */
  private async seedFindings(tenantIds: number[]): Promise<number> {
    const account = DEMO_ACCOUNTS.find((a) => a.role === 'regulator' && a.department === 'market');
    const user = account ? await this.users.findByEmail(account.email) : null;
    if (!user || user.departmentId == null) return 0;
    const regulator: Principal = {
      userId: user.id, email: user.email, name: user.name, role: 'regulator', tenantId: null, departmentId: user.departmentId, institutionId: null,
      locale: null, via: 'session', mustChangePassword: false,
    };
    const actor: Actor = { userId: user.id, label: 'demo-seed', ip: null };
    const today = DateTime.fromISO(this.i18n.today(), { zone: 'utc' });
    let created = 0;
    for (const f of DEMO_FINDINGS) {
      const decisionDate = today.minus({ days: f.daysAgo });
      const { finding, created: isNew } = await this.findings.record({
        tenantId: tenantIds[f.tenant], type: f.type, severity: f.severity, penaltyKind: f.penaltyKind, title: f.title, legalBasis: f.legalBasis,
        decisionNo: f.decisionNo, decisionDate: decisionDate.toISODate()!, description: f.description,
        rectificationRequired: f.rectifyInDays !== undefined, rectifyBy: f.rectifyInDays !== undefined ? decisionDate.plus({ days: f.rectifyInDays }).toISODate()! : undefined,
        substantiated: f.substantiated, abnormalCause: f.abnormalCause,
      }, regulator, actor, 'page');
      if (isNew) created++;
      if (isNew && f.evidence) await this.submitEvidence(finding.id, tenantIds[f.tenant], f.evidence);
    }
    for (const r of DEMO_ANNUAL_REPORTS) {
      const filedOn = DateTime.fromObject({ year: today.year, month: 5, day: 1 }, { zone: 'utc' }).plus({ days: r.filedDaysAfterMay1 });
      if (filedOn > today) continue;
      const { created: isNew } = await this.annualReports.record({ tenantId: tenantIds[r.tenant], year: today.year - 1, filedOn: filedOn.toISODate()! }, regulator, actor, 'page');
      if (isNew) created++;
    }
    return created;
  }

  /** The demo officer's statement and a small text file for a finding of their tenant, through the rectification service as an upload would arrive. */
  private async submitEvidence(findingId: number, tenantId: number, statement: string): Promise<void> {
    const account = DEMO_ACCOUNTS.find((a) => a.role === 'tenant_officer');
    const user = account ? await this.users.findByEmail(account.email) : null;
    if (!user || user.tenantId !== tenantId) return;
    const officer: Principal = {
      userId: user.id, email: user.email, name: user.name, role: 'tenant_officer', tenantId, departmentId: null, institutionId: null,
      locale: null, via: 'session', mustChangePassword: false,
    };
    const content = Buffer.from(`${statement}\n`, 'utf8');
    const dir = incomingDir(this.config);
    await mkdir(dir, { recursive: true });
    const path = join(dir, randomUUID());
    await writeFile(path, content);
    await this.rectification.submit(findingId, { statement }, [{
      fieldname: 'files', originalname: '整改说明.txt', path, size: content.length, sha256: createHash('sha256').update(content).digest('hex'), type: ACCEPTED_TYPES.text,
    }], officer, { userId: user.id, label: 'demo-seed', ip: null });
  }

  /**
   * Trainings once, when the park has none: a law lecture held a month ago with its roll call (so rates, the hub
   * panel, the park-wide chart and certificates have something to show), and two to come, one required and one optional.
   */
  private async seedTrainings(tenantIds: number[]): Promise<number> {
    if (await this.trainings.anySession()) return 0;
    const today = this.i18n.today();
    for (const demo of DEMO_TRAININGS) {
      const day = DateTime.fromISO(today, { zone: this.i18n.timeZone }).plus({ days: demo.inDays }).toISODate();
      const [session] = await this.scheduling.schedule({
        title: demo.title, kind: demo.kind, speaker: demo.speaker, location: demo.location, capacity: demo.capacity,
        startsAt: `${day}T${demo.from}`, endsAt: `${day}T${demo.to}`, audience: demo.audience,
        ...(demo.speakerTenant !== undefined ? { speakerTenantId: tenantIds[demo.speakerTenant] } : {}),
      }, SEED_ACTOR);
      if (demo.inDays < 0) await this.checkin.rollCall(session.id, demoRollCall(tenantIds), SEED_ACTOR);
    }
    return DEMO_TRAININGS.length;
  }
}
