import { Controller, Get, Param, ParseIntPipe, Query, Render, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { Roles, TenantScoped } from '../../accounts/auth/auth.decorators.js';
import { assertTenantAccess } from '../../accounts/auth/tenant-scope.js';
import { isManager, READERS, TENANT_READERS } from '../../accounts/domain/access-policy.js';
import { NotFoundError, ValidationFailedError } from '../../common/errors/domain-error.js';
import { CurrentPrincipal, type Principal } from '../../common/principal.js';
import { sendDownload, type TabularFormat } from '../../common/tabular/tabular-export.js';
import { I18nService } from '../../i18n/i18n.service.js';
import { TenantsQueries } from '../../tenants/tenants.queries.js';
import { barChartSvg } from '../domain/attendance-chart.rules.js';
import { ratePercent } from '../domain/attendance-rate.rules.js';
import { AttendanceExport } from './attendance-export.js';
import { AttendanceQueries, SESSION_PAGE, type RateGroup } from './attendance.queries.js';
import { CertificatePdfService } from './certificate-pdf.service.js';
import { ParkAttendanceQueryDto, SessionAttendanceQueryDto } from './dto/attendance.dto.js';
import { sendPdf } from '../../common/pdf/pdf-document.js';

/**
 * Attendance pages: one session's list (/trainings/:id/attendance), one tenant's trainings
 * (/tenants/:id/trainings), the park-wide rates with their chart (/trainings/attendance), the
 * exports, and certificates of attendance. Staff and regulators read everything; an officer only
 * its own tenant (another tenant's page or certificate is a 404).
 */
@ApiExcludeController()
@Controller()
export class AttendancePagesController {
  constructor(
    private readonly queries: AttendanceQueries,
    private readonly exports: AttendanceExport,
    private readonly tenants: TenantsQueries,
    private readonly pdf: CertificatePdfService,
    private readonly i18n: I18nService,
  ) {}

  /** The window of the park-wide page and export: the given park days, by default the last 12 months. */
  private window(q: ParkAttendanceQueryDto): { from: string; to: string } {
    const to = q.to ?? this.i18n.today();
    const from = q.from ?? new Date(Date.parse(`${to}T00:00:00Z`) - 365 * 86_400_000).toISOString().slice(0, 10);
    if (from > to) throw new ValidationFailedError({ to: [{ code: 'notBefore', params: { limit: from } }] });
    return { from, to };
  }

  @Get('trainings/attendance')
  @Roles(...READERS)
  @Render('trainings/attendance-park')
  async park(@Query() q: ParkAttendanceQueryDto, @Res({ passthrough: true }) res: Response) {
    const locale = res.locals.locale as string;
    const { from, to } = this.window(q);
    const { industries, buildings, total } = await this.queries.parkWide(from, to);
    const none = this.i18n.t(locale, 'trainingsAttendance.none');
    const view = (g: RateGroup, label: string) => ({ ...g, label, percent: ratePercent(g.rate) });
    const ind = industries.map((g) => view(g, g.label ? `${g.key} ${locale === 'en' ? g.label.en : g.label.zh}` : g.key || none));
    const bld = buildings.map((g) => view(g, g.key || none));
    const title = this.i18n.t(locale, 'trainingsAttendance.chartTitle');
    return {
      titleKey: 'trainingsAttendance.parkTitle', from, to, total: view(total, this.i18n.t(locale, 'trainingsAttendance.all')), industries: ind, buildings: bld,
      industryChart: barChartSvg(ind.map((g) => ({ label: g.label, percent: g.percent })), { title: `${title} · ${this.i18n.t(locale, 'trainingsAttendance.byIndustry')}` }),
      buildingChart: barChartSvg(bld.map((g) => ({ label: g.label, percent: g.percent })), { title: `${title} · ${this.i18n.t(locale, 'trainingsAttendance.byBuilding')}` }),
      exportQuery: `from=${from}&to=${to}`,
    };
  }

  @Get('trainings/attendance/export.csv')
  @Roles(...READERS)
  async parkCsv(@Query() q: ParkAttendanceQueryDto, @Res() res: Response): Promise<void> {
    await this.parkExport(res, 'csv', q);
  }

  @Get('trainings/attendance/export.xlsx')
  @Roles(...READERS)
  async parkXlsx(@Query() q: ParkAttendanceQueryDto, @Res() res: Response): Promise<void> {
    await this.parkExport(res, 'xlsx', q);
  }

  private async parkExport(res: Response, format: TabularFormat, q: ParkAttendanceQueryDto): Promise<void> {
    const { from, to } = this.window(q);
    await sendDownload(res, format, this.exports.parkFileName(from, to, format), (out) => this.exports.writePark(format, from, to, res.locals.locale as string, out));
  }

  @Get('trainings/:id/attendance')
  @Roles(...READERS)
  @Render('trainings/attendance-session')
  async session(@Param('id', ParseIntPipe) id: number, @Query() q: SessionAttendanceQueryDto, @CurrentPrincipal() principal: Principal) {
    const session = await this.sessionOr404(id);
    const page = q.page ?? 1;
    const { rows, total, counts } = await this.queries.sessionAttendance(id, page);
    const pages = Math.max(1, Math.ceil(total / SESSION_PAGE));
    return {
      titleKey: 'trainingsAttendance.title', session, rows, total, counts, canImport: isManager(principal),
      prev: page > 1 ? page - 1 : null, next: page < pages ? page + 1 : null, page, pages,
    };
  }

  @Get('trainings/:id/attendance.csv')
  @Roles(...READERS)
  async sessionCsv(@Param('id', ParseIntPipe) id: number, @Res() res: Response): Promise<void> {
    await this.sessionExport(res, 'csv', id);
  }

  @Get('trainings/:id/attendance.xlsx')
  @Roles(...READERS)
  async sessionXlsx(@Param('id', ParseIntPipe) id: number, @Res() res: Response): Promise<void> {
    await this.sessionExport(res, 'xlsx', id);
  }

  private async sessionExport(res: Response, format: TabularFormat, id: number): Promise<void> {
    await this.sessionOr404(id);
    await sendDownload(res, format, this.exports.sessionFileName(id, format), (out) => this.exports.writeSession(format, id, res.locals.locale as string, out));
  }

  @Get('tenants/:id/trainings')
  @Roles(...TENANT_READERS)
  @TenantScoped('id')
  @Render('trainings/attendance-tenant')
  async tenant(@Param('id', ParseIntPipe) id: number, @CurrentPrincipal() principal: Principal) {
    assertTenantAccess(principal, id);
    const tenant = await this.tenants.summary(id);
    if (!tenant) throw new NotFoundError();
    const rows = await this.queries.tenantSessions(id);
    const rate = await this.queries.tenantRate(id, rows);
    const totalHours = Math.round(rows.reduce((sum, r) => sum + r.hours, 0) * 10) / 10;
    return {
      titleKey: 'trainingsAttendance.title', tenant, rows, months: rate.months,
      percent: rate.percent, attended: rate.result.attended, required: rate.result.required, hours: rate.hours, totalHours, absences: rate.absences,
    };
  }

  @Get('tenants/:id/trainings/:sessionId/certificate.pdf')
  @Roles(...TENANT_READERS)
  @TenantScoped('id')
  async certificate(@Param('id', ParseIntPipe) id: number, @Param('sessionId', ParseIntPipe) sessionId: number, @CurrentPrincipal() principal: Principal, @Res() res: Response): Promise<void> {
    assertTenantAccess(principal, id);
    const [session, attendance, tenant] = await Promise.all([this.queries.session(sessionId), this.queries.attended(sessionId, id), this.tenants.summary(id)]);
    if (!session || session.status !== 'scheduled' || !attendance || !tenant) throw new NotFoundError();
    const names = await this.tenants.summaries([session.hostTenantId, session.speakerTenantId].filter((x): x is number => x !== null));
    const detail = {
      session, tenant, attendance,
      hostTenantName: session.hostTenantId ? names.get(session.hostTenantId)?.name ?? null : null,
      speakerTenantName: session.speakerTenantId ? names.get(session.speakerTenantId)?.name ?? null : null,
    };
    await sendPdf(res, this.pdf.fileName(detail), 'CertificatePdf', (out) => this.pdf.write(detail, res.locals.locale as string, out));
  }

  private async sessionOr404(id: number) {
    const session = await this.queries.session(id);
    if (!session) throw new NotFoundError();
    return session;
  }
}
