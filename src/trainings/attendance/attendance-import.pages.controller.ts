import { Controller, Get, Param, ParseIntPipe, Post, Req, Res, UploadedFile, UseInterceptors } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Roles } from '../../accounts/auth/auth.decorators.js';
import { MANAGERS } from '../../accounts/domain/access-policy.js';
import { NotFoundError, UnsupportedMediaTypeError, ValidationFailedError } from '../../common/errors/domain-error.js';
import { actorOf, CurrentPrincipal, type Principal } from '../../common/principal.js';
import { importFileOf, type TabularImportReport, type UploadedImport } from '../../common/tabular/tabular-import.js';
import { flash } from '../../common/views/page-helpers.js';
import { routeId, UploadInterceptor } from '../../files/upload.interceptor.js';
import { I18nService } from '../../i18n/i18n.service.js';
import { AttendanceImportService, type StoredAttendanceImport } from './attendance-import.service.js';
import { AttendanceQueries } from './attendance.queries.js';

/** The file of a session's attendance import: the session must exist before a byte of the body is read. */
export const AttendanceImportUpload = UploadInterceptor({
  field: 'file', maxCount: 1, limit: (c) => c.IMPORT_MAX_BYTES, accept: 'any', buffer: true,
  access: async ({ req, get }) => {
    if (!(await get(AttendanceQueries).session(routeId(req)))) throw new NotFoundError();
  },
});

/** What the browser's session keeps between the dry run and the commit. */
type ImportSession = { attendanceImport?: StoredAttendanceImport };
const PREVIEW_ROWS = 20;
const SHOWN_ERRORS = 200;

/** Staff import a session's attendance: upload → dry run (errors by row) → preview after a redirect → commit, all or nothing. */
@ApiExcludeController()
@Controller('trainings')
export class AttendanceImportPagesController {
  constructor(private readonly imports: AttendanceImportService, private readonly queries: AttendanceQueries, private readonly i18n: I18nService) {}

  @Get(':id/attendance/import')
  @Roles(...MANAGERS)
  async form(@Param('id', ParseIntPipe) id: number, @Res() res: Response): Promise<void> {
    res.render('trainings/attendance-import', await this.formModel(id));
  }

  @Post(':id/attendance/import')
  @Roles(...MANAGERS)
  @UseInterceptors(AttendanceImportUpload)
  async upload(@Param('id', ParseIntPipe) id: number, @UploadedFile() upload: UploadedImport | undefined, @CurrentPrincipal() principal: Principal, @Req() req: Request, @Res() res: Response): Promise<void> {
    const locale = res.locals.locale as string;
    const session = req.session as unknown as ImportSession;
    await this.imports.discard(session.attendanceImport);
    delete session.attendanceImport;
    try {
      const file = importFileOf(upload);
      const report = await this.imports.run(id, file, { dryRun: true, actor: actorOf(principal, req), locale });
      if (report.errors.length === 0) {
        session.attendanceImport = await this.imports.store(file, report.format, id);
        return res.redirect(303, `/trainings/${id}/attendance/import/preview`);
      }
      res.status(200).render('trainings/attendance-import-report', await this.reportModel(id, report, false));
    } catch (err) {
      if (err instanceof ValidationFailedError || err instanceof UnsupportedMediaTypeError) {
        res.status(err.status).render('trainings/attendance-import', { ...await this.formModel(id), formError: this.i18n.t(locale, err.messageKey, err.params) });
        return;
      }
      throw err;
    }
  }

  @Get(':id/attendance/import/preview')
  @Roles(...MANAGERS)
  async preview(@Param('id', ParseIntPipe) id: number, @CurrentPrincipal() principal: Principal, @Req() req: Request, @Res() res: Response): Promise<void> {
    const session = req.session as unknown as ImportSession;
    const file = await this.imports.load(session.attendanceImport, id);
    if (!file) return this.expired(id, req, res);
    const report = await this.imports.run(id, file, { dryRun: true, actor: actorOf(principal, req), locale: res.locals.locale as string, preview: PREVIEW_ROWS });
    if (report.errors.length) {
      await this.imports.discard(session.attendanceImport);
      delete session.attendanceImport;
    }
    res.render('trainings/attendance-import-report', await this.reportModel(id, report, report.errors.length === 0));
  }

  @Post(':id/attendance/import/commit')
  @Roles(...MANAGERS)
  async commit(@Param('id', ParseIntPipe) id: number, @CurrentPrincipal() principal: Principal, @Req() req: Request, @Res() res: Response): Promise<void> {
    const session = req.session as unknown as ImportSession;
    const stored = session.attendanceImport;
    const file = await this.imports.load(stored, id);
    if (!file) return this.expired(id, req, res);
    let report: TabularImportReport;
    try {
      report = await this.imports.run(id, file, { dryRun: false, actor: actorOf(principal, req), locale: res.locals.locale as string });
    } finally {
      await this.imports.discard(stored);
      delete session.attendanceImport;
    }
    if (report.errors.length) {
      res.status(422).render('trainings/attendance-import-report', await this.reportModel(id, report, false));
      return;
    }
    flash(req, 'success', 'trainingsAttendance.importForm.done', { count: report.created });
    res.redirect(303, `/trainings/${id}/attendance`);
  }

  private async expired(id: number, req: Request, res: Response): Promise<void> {
    await this.session(id);
    delete (req.session as unknown as ImportSession).attendanceImport;
    flash(req, 'error', 'trainingsAttendance.importForm.expired');
    res.redirect(303, `/trainings/${id}/attendance/import`);
  }

  private async session(id: number) {
    const session = await this.queries.session(id);
    if (!session) throw new NotFoundError();
    return session;
  }

  private async formModel(id: number) {
    return { titleKey: 'trainingsAttendance.import', session: await this.session(id) };
  }

  private async reportModel(id: number, report: TabularImportReport, canCommit: boolean) {
    return {
      titleKey: 'trainingsAttendance.importForm.preview', session: await this.session(id), report, canCommit,
      errorCount: report.errors.length, errors: report.errors.slice(0, SHOWN_ERRORS),
      previewRows: report.preview.map((r) => ({ row: r.row, cells: ['uscc', 'name', 'mark', 'time'].map((f) => (r.values as Record<string, string | undefined>)[f] ?? '') })),
    };
  }
}
