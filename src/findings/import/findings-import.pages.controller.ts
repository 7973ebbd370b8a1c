import { Body, Controller, Get, Post, Req, Res, UploadedFile, UseInterceptors } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Roles } from '../../accounts/auth/auth.decorators.js';
import { isRegulator, MANAGERS, REGULATORS } from '../../accounts/domain/access-policy.js';
import { UnsupportedMediaTypeError, ValidationFailedError } from '../../common/errors/domain-error.js';
import { formatBytes } from '../../common/format-bytes.js';
import { actorOf, CurrentPrincipal, type Principal } from '../../common/principal.js';
import type { StashedImport } from '../../common/tabular/import-stash.js';
import { ImportFileInterceptor, importFileOf, type UploadedImport } from '../../common/tabular/tabular-import.js';
import { flash } from '../../common/views/page-helpers.js';
import { AppConfig } from '../../config/app-config.js';
import { I18nService } from '../../i18n/i18n.service.js';
import { FINDING_IMPORT_FIELDS, isFindingImportField, MAX_ANNUAL_REPORT_IMPORT_ROWS, MAX_FINDING_IMPORT_ROWS } from '../domain/finding-import.rules.js';
import { AnnualReportsImportService, type AnnualReportsImportReport } from './annual-reports-import.service.js';
import { FindingsImportService, type FindingImportMapping, type FindingsImportReport, type StoredFindingsImport } from './findings-import.service.js';

/** What the browser's session keeps between the steps. */
type ImportSession = { findingsImport?: StoredFindingsImport; annualReportsImport?: StashedImport };
const PREVIEW_ROWS = 20;
const SHOWN_ERRORS = 500;
const COLUMN_FIELD = /^col_(\d{1,3})$/;

/**
 * Findings import for staff and regulators: upload → column mapping (suggested from the known headers,
 * editable) → dry run (problems by row and column; rows already recorded are skipped) → preview after a
 * redirect → commit, all or nothing. Annual reports: upload → dry run → preview → commit. Registered
 * before the recording pages, whose /findings/:id would otherwise take /findings/import.
 */
@ApiExcludeController()
@Controller('findings')
export class FindingsImportPagesController {
  constructor(
    private readonly imports: FindingsImportService,
    private readonly annualReports: AnnualReportsImportService,
    private readonly i18n: I18nService,
    private readonly config: AppConfig,
  ) {}

  @Get('import')
  @Roles(...MANAGERS, ...REGULATORS)
  form(@CurrentPrincipal() principal: Principal, @Res() res: Response): void {
    res.render('findings/import', this.formModel(principal));
  }

  /** The upload (multipart, `_csrf` first): kept, then the mapping step (post-redirect-get). */
  @Post('import')
  @Roles(...MANAGERS, ...REGULATORS)
  @UseInterceptors(ImportFileInterceptor)
  async upload(@UploadedFile() upload: UploadedImport | undefined, @CurrentPrincipal() principal: Principal, @Req() req: Request, @Res() res: Response): Promise<void> {
    const session = req.session as unknown as ImportSession;
    await this.imports.discard(session.findingsImport);
    delete session.findingsImport;
    try {
      const file = importFileOf(upload);
      const { format } = await this.imports.columns(file);
      session.findingsImport = await this.imports.store(file, format);
      res.redirect(303, '/findings/import/mapping');
    } catch (err) {
      if (err instanceof ValidationFailedError || err instanceof UnsupportedMediaTypeError) {
        res.status(err.status).render('findings/import', { ...this.formModel(principal), formError: this.i18n.t(res.locals.locale as string, err.messageKey, err.params) });
        return;
      }
      throw err;
    }
  }

  @Get('import/mapping')
  @Roles(...MANAGERS, ...REGULATORS)
  async mapping(@CurrentPrincipal() principal: Principal, @Req() req: Request, @Res() res: Response): Promise<void> {
    const stored = (req.session as unknown as ImportSession).findingsImport;
    const file = await this.imports.load(stored);
    if (!file) return this.expired(req, res);
    const columns = await this.imports.columns(file, stored!.mapping);
    res.render('findings/import-mapping', this.mappingModel(principal, file.name, columns, res.locals.locale as string));
  }

  /** The mapping chosen (`col_<n>` = field or empty): the dry run; a file without problems goes on to its preview. */
  @Post('import/mapping')
  @Roles(...MANAGERS, ...REGULATORS)
  async map(@Body() body: Record<string, unknown>, @CurrentPrincipal() principal: Principal, @Req() req: Request, @Res() res: Response): Promise<void> {
    const session = req.session as unknown as ImportSession;
    const file = await this.imports.load(session.findingsImport);
    if (!file) return this.expired(req, res);
    const mapping: FindingImportMapping = [];
    for (const [key, value] of Object.entries(body)) {
      const m = COLUMN_FIELD.exec(key);
      if (!m) continue;
      const index = Number(m[1]);
      if (index < 200) mapping[index] = isFindingImportField(value) ? value : null;
    }
    session.findingsImport = { ...session.findingsImport!, mapping: Array.from({ length: mapping.length }, (_, i) => mapping[i] ?? null) };
    const report = await this.imports.run(file, { dryRun: true, asker: principal, actor: actorOf(principal, req), locale: res.locals.locale as string, mapping: session.findingsImport.mapping });
    if (report.errors.length === 0) return res.redirect(303, '/findings/import/preview');
    res.status(200).render('findings/import-report', this.reportModel(report, res.locals.locale as string, false));
  }

  @Get('import/preview')
  @Roles(...MANAGERS, ...REGULATORS)
  async preview(@CurrentPrincipal() principal: Principal, @Req() req: Request, @Res() res: Response): Promise<void> {
    const stored = (req.session as unknown as ImportSession).findingsImport;
    const file = await this.imports.load(stored);
    if (!file) return this.expired(req, res);
    const report = await this.imports.run(file, { dryRun: true, asker: principal, actor: actorOf(principal, req), locale: res.locals.locale as string, mapping: stored!.mapping, preview: PREVIEW_ROWS });
    res.render('findings/import-report', this.reportModel(report, res.locals.locale as string, report.errors.length === 0 && report.toCreate > 0));
  }

  /** Reads the kept file again with its mapping and imports it, every check repeated in the transaction; all or nothing. */
  @Post('import/commit')
  @Roles(...MANAGERS, ...REGULATORS)
  async commit(@CurrentPrincipal() principal: Principal, @Req() req: Request, @Res() res: Response): Promise<void> {
    const session = req.session as unknown as ImportSession;
    const stored = session.findingsImport;
    const file = await this.imports.load(stored);
    if (!file) return this.expired(req, res);
    let report: FindingsImportReport;
    try {
      report = await this.imports.run(file, { dryRun: false, asker: principal, actor: actorOf(principal, req), locale: res.locals.locale as string, mapping: stored!.mapping });
    } finally {
      // Committed or refused, the upload is spent: a retry starts from a fresh upload.
      await this.imports.discard(stored);
      delete session.findingsImport;
    }
    if (report.errors.length) {
      res.status(422).render('findings/import-report', { ...this.reportModel(report, res.locals.locale as string, false), formError: this.i18n.t(res.locals.locale as string, 'findingsImport.commitFailed') });
      return;
    }
    flash(req, 'success', 'findingsImport.done', { count: report.created, skipped: report.alreadyRecorded });
    res.redirect(303, '/findings');
  }

  // ── Annual reports ───────────────────────────────────────────────────────────────────────────

  @Get('annual-reports/import')
  @Roles(...MANAGERS, ...REGULATORS)
  annualForm(@Res() res: Response): void {
    res.render('findings/import-annual-reports', this.annualFormModel());
  }

  @Post('annual-reports/import')
  @Roles(...MANAGERS, ...REGULATORS)
  @UseInterceptors(ImportFileInterceptor)
  async annualUpload(@UploadedFile() upload: UploadedImport | undefined, @CurrentPrincipal() principal: Principal, @Req() req: Request, @Res() res: Response): Promise<void> {
    const session = req.session as unknown as ImportSession;
    const locale = res.locals.locale as string;
    await this.annualReports.discard(session.annualReportsImport);
    delete session.annualReportsImport;
    try {
      const file = importFileOf(upload);
      const report = await this.annualReports.run(file, { dryRun: true, actor: actorOf(principal, req), locale });
      if (report.errors.length === 0) {
        session.annualReportsImport = await this.annualReports.store(file, report.format);
        return res.redirect(303, '/findings/annual-reports/import/preview');
      }
      res.status(200).render('findings/import-annual-reports-report', this.annualReportModel(report, false));
    } catch (err) {
      if (err instanceof ValidationFailedError || err instanceof UnsupportedMediaTypeError) {
        res.status(err.status).render('findings/import-annual-reports', { ...this.annualFormModel(), formError: this.i18n.t(locale, err.messageKey, err.params) });
        return;
      }
      throw err;
    }
  }

  @Get('annual-reports/import/preview')
  @Roles(...MANAGERS, ...REGULATORS)
  async annualPreview(@CurrentPrincipal() principal: Principal, @Req() req: Request, @Res() res: Response): Promise<void> {
    const session = req.session as unknown as ImportSession;
    const file = await this.annualReports.load(session.annualReportsImport);
    if (!file) return this.annualExpired(req, res);
    const report = await this.annualReports.run(file, { dryRun: true, actor: actorOf(principal, req), locale: res.locals.locale as string, preview: PREVIEW_ROWS });
    if (report.errors.length) {
      await this.annualReports.discard(session.annualReportsImport);
      delete session.annualReportsImport;
    }
    res.render('findings/import-annual-reports-report', this.annualReportModel(report, report.errors.length === 0 && report.toCreate > 0));
  }

  @Post('annual-reports/import/commit')
  @Roles(...MANAGERS, ...REGULATORS)
  async annualCommit(@CurrentPrincipal() principal: Principal, @Req() req: Request, @Res() res: Response): Promise<void> {
    const session = req.session as unknown as ImportSession;
    const stored = session.annualReportsImport;
    const file = await this.annualReports.load(stored);
    if (!file) return this.annualExpired(req, res);
    let report: AnnualReportsImportReport;
    try {
      report = await this.annualReports.run(file, { dryRun: false, actor: actorOf(principal, req), locale: res.locals.locale as string });
    } finally {
      await this.annualReports.discard(stored);
      delete session.annualReportsImport;
    }
    if (report.errors.length) {
      res.status(422).render('findings/import-annual-reports-report', { ...this.annualReportModel(report, false), formError: this.i18n.t(res.locals.locale as string, 'findingsImport.commitFailed') });
      return;
    }
    flash(req, 'success', 'findingsImport.annualDone', { count: report.created, skipped: report.alreadyRecorded });
    res.redirect(303, '/findings/annual-reports');
  }

  // ── View models ──────────────────────────────────────────────────────────────────────────────

  private expired(req: Request, res: Response): void {
    delete (req.session as unknown as ImportSession).findingsImport;
    flash(req, 'error', 'findingsImport.nothingToCommit');
    res.redirect(303, '/findings/import');
  }

  private annualExpired(req: Request, res: Response): void {
    delete (req.session as unknown as ImportSession).annualReportsImport;
    flash(req, 'error', 'findingsImport.nothingToCommit');
    res.redirect(303, '/findings/annual-reports/import');
  }

  private formModel(principal: Principal) {
    return { titleKey: 'findingsImport.title', regulator: isRegulator(principal), maxRows: MAX_FINDING_IMPORT_ROWS, maxSize: formatBytes(this.config.IMPORT_MAX_BYTES) };
  }

  private annualFormModel() {
    return { titleKey: 'findingsImport.annualTitle', maxRows: MAX_ANNUAL_REPORT_IMPORT_ROWS, maxSize: formatBytes(this.config.IMPORT_MAX_BYTES) };
  }

  private mappingModel(principal: Principal, fileName: string, columns: { headers: string[]; mapping: FindingImportMapping; samples: string[]; rows: number }, locale: string) {
    const fieldLabel = (f: string) => this.i18n.t(locale, `findingsImport.fields.${f}`);
    return {
      titleKey: 'findingsImport.mappingTitle', fileName, rows: columns.rows, regulator: isRegulator(principal),
      columns: columns.headers.map((header, index) => ({
        index, header: header || `#${index + 1}`, sample: columns.samples[index],
        options: FINDING_IMPORT_FIELDS.map((f) => ({ value: f, label: fieldLabel(f), selected: columns.mapping[index] === f })),
        ignored: columns.mapping[index] === null,
      })),
    };
  }

  private reportModel(report: FindingsImportReport, locale: string, canCommit: boolean) {
    const label = (column: string) => ((FINDING_IMPORT_FIELDS as readonly string[]).includes(column) ? this.i18n.t(locale, `findingsImport.fields.${column}`) : column);
    return {
      titleKey: 'findingsImport.reportTitle', report, canCommit,
      mapped: report.headers.map((header, i) => ({ header, field: report.mapping[i] ? label(report.mapping[i]!) : null })),
      errorCount: report.errors.length,
      errors: report.errors.slice(0, SHOWN_ERRORS).map((e) => ({ ...e, label: e.column ? label(e.column) : '' })),
      hidden: Math.max(0, report.errors.length - SHOWN_ERRORS),
      previewMore: Math.max(0, report.toCreate - report.preview.length),
      skippedMore: Math.max(0, report.alreadyRecorded - report.skipped.length),
    };
  }

  private annualReportModel(report: AnnualReportsImportReport, canCommit: boolean) {
    return {
      titleKey: 'findingsImport.annualReportTitle', report, canCommit,
      errorCount: report.errors.length, errors: report.errors.slice(0, SHOWN_ERRORS), hidden: Math.max(0, report.errors.length - SHOWN_ERRORS),
      previewMore: Math.max(0, report.toCreate - report.preview.length),
      skippedMore: Math.max(0, report.alreadyRecorded - report.skipped.length),
    };
  }
}
