import { Controller, Get, Post, Query, Render, Req, Res, UploadedFile, UseInterceptors } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Roles } from '../accounts/auth/auth.decorators.js';
import { MANAGERS, READERS } from '../accounts/domain/access-policy.js';
import { UnsupportedMediaTypeError, ValidationFailedError } from '../common/errors/domain-error.js';
import { actorOf, CurrentPrincipal, type Principal } from '../common/principal.js';
import { formatBytes } from '../common/format-bytes.js';
import { contentDisposition } from '../common/tabular/domain/tabular-export.rules.js';
import { TABULAR_CONTENT_TYPES } from '../common/tabular/tabular-export.js';
import { ImportFileInterceptor, importFileOf, type TabularImportReport, type UploadedImport } from '../common/tabular/tabular-import.js';
import { flash } from '../common/views/page-helpers.js';
import { AppConfig } from '../config/app-config.js';
import { I18nService } from '../i18n/i18n.service.js';
import { templateCsv } from './domain/tenant-import-template.rules.js';
import { IMPORT_COLUMN_NAMES, IMPORT_FIELDS, MAX_IMPORT_ROWS, REQUIRED_IMPORT_FIELDS } from './domain/tenant-import.rules.js';
import { TenantExportService } from './tenant-export.service.js';
import { TenantQueryDto } from './dto/tenant.dto.js';
import { TenantImportService } from './tenant-import.service.js';
import { sendExport } from './tenants-transfer.controller.js';

/** The report page shows at most this many problems; the counts cover all of them. */
const SHOWN_ERRORS = 1000;
/** The preview before 确认导入 shows this many of the rows to be created, and counts the rest. */
const PREVIEW_ROWS = 20;

/**
 * Import (upload, dry-run report, commit) and export pages. Registered before TenantsPagesController,
 * whose `/tenants/:id` would otherwise take `/tenants/import`.
 */
@ApiExcludeController()
@Controller('tenants')
export class TenantsTransferPagesController {
  constructor(
    private readonly imports: TenantImportService,
    private readonly exports: TenantExportService,
    private readonly i18n: I18nService,
    private readonly config: AppConfig,
  ) {}

  @Get('import')
  @Roles(...MANAGERS)
  @Render('tenants/import')
  form() {
    return this.formModel();
  }

  /** The header in the caller's language and one example row, which the import skips; with a BOM for Excel. */
  @Get('import/template.csv')
  @Roles(...MANAGERS)
  template(@Res() res: Response): void {
    res.setHeader('Content-Type', TABULAR_CONTENT_TYPES.csv);
    res.setHeader('Content-Disposition', contentDisposition('tenants-import-template.csv'));
    res.send(templateCsv(res.locals.locale as string));
  }

  /**
   * Multipart upload (the CSRF token in its `_csrf` field, see UploadInterceptor). A file that passes
   * the dry run is kept and the browser is sent to its preview (post-redirect-get); one with problems
   * gets the report straight away, and nothing is kept.
   */
  @Post('import')
  @Roles(...MANAGERS)
  @UseInterceptors(ImportFileInterceptor)
  async upload(@UploadedFile() upload: UploadedImport | undefined, @CurrentPrincipal() principal: Principal, @Req() req: Request, @Res() res: Response): Promise<void> {
    const locale = res.locals.locale as string;
    await this.imports.discard(req.session.importFile);
    delete req.session.importFile;
    try {
      const file = importFileOf(upload);
      const report = await this.imports.run(file, { dryRun: true, actor: actorOf(principal, req), locale });
      if (report.errors.length === 0) {
        req.session.importFile = await this.imports.store(file, report.format);
        return res.redirect(303, '/tenants/import/preview');
      }
      res.status(200).render('tenants/import-report', this.reportModel(report, locale, false));
    } catch (err) {
      if (err instanceof ValidationFailedError || err instanceof UnsupportedMediaTypeError) {
        res.status(err.status).render('tenants/import', { ...this.formModel(), formError: this.i18n.t(locale, err.messageKey, err.params) });
        return;
      }
      throw err;
    }
  }

  /** The checked file of this session: the rows it will create (the first PREVIEW_ROWS, and how many more), checked again, and 确认导入. */
  @Get('import/preview')
  @Roles(...MANAGERS)
  async preview(@CurrentPrincipal() principal: Principal, @Req() req: Request, @Res() res: Response): Promise<void> {
    const locale = res.locals.locale as string;
    const stored = req.session.importFile;
    const file = stored ? await this.imports.load(stored) : null;
    if (!stored || !file) {
      delete req.session.importFile;
      flash(req, 'error', 'tenantImport.nothingToCommit');
      return res.redirect(303, '/tenants/import');
    }
    const report = await this.imports.run(file, { dryRun: true, actor: actorOf(principal, req), locale, preview: PREVIEW_ROWS });
    if (report.errors.length) {
      // The registry changed since the upload (a code registered meanwhile): the file is spent.
      await this.imports.discard(stored);
      delete req.session.importFile;
    }
    res.render('tenants/import-report', this.reportModel(report, locale, report.errors.length === 0));
  }

  /** Re-reads the stored file and imports it, re-checking everything; all or nothing. */
  @Post('import/commit')
  @Roles(...MANAGERS)
  async commit(@CurrentPrincipal() principal: Principal, @Req() req: Request, @Res() res: Response): Promise<void> {
    const locale = res.locals.locale as string;
    const stored = req.session.importFile;
    const file = stored ? await this.imports.load(stored) : null;
    if (!stored || !file) {
      delete req.session.importFile;
      flash(req, 'error', 'tenantImport.nothingToCommit');
      return res.redirect(303, '/tenants/import');
    }
    let report: TabularImportReport;
    try {
      report = await this.imports.run(file, { dryRun: false, actor: actorOf(principal, req), locale });
    } finally {
      // Committed or refused, the upload is spent: a retry starts from a fresh upload and dry run.
      await this.imports.discard(stored);
      delete req.session.importFile;
    }
    if (report.errors.length) {
      res.status(422).render('tenants/import-report', { ...this.reportModel(report, locale, false), formError: this.i18n.t(locale, 'tenantImport.commitFailed') });
      return;
    }
    flash(req, 'success', 'tenantImport.imported', { count: report.created });
    res.redirect(303, '/tenants');
  }

  @Get('export.csv')
  @Roles(...READERS)
  async exportCsv(@Query() query: TenantQueryDto, @Res() res: Response): Promise<void> {
    await sendExport(res, this.exports, 'csv', query, res.locals.locale as string);
  }

  @Get('export.xlsx')
  @Roles(...READERS)
  async exportXlsx(@Query() query: TenantQueryDto, @Res() res: Response): Promise<void> {
    await sendExport(res, this.exports, 'xlsx', query, res.locals.locale as string);
  }

  private formModel() {
    return {
      titleKey: 'tenantImport.title',
      columns: IMPORT_FIELDS.map((field) => ({
        field, en: IMPORT_COLUMN_NAMES[field].en, zh: IMPORT_COLUMN_NAMES[field].zh, required: REQUIRED_IMPORT_FIELDS.includes(field),
      })),
      maxRows: MAX_IMPORT_ROWS, maxSize: formatBytes(this.config.IMPORT_MAX_BYTES),
    };
  }

  private reportModel(report: TabularImportReport, locale: string, canCommit: boolean) {
    const label = (column: string) =>
      (IMPORT_FIELDS as readonly string[]).includes(column) ? this.i18n.t(locale, `tenants.${column}`) : column;
    return {
      titleKey: 'tenantImport.reportTitle', report, canCommit,
      previewColumns: IMPORT_FIELDS.map((field) => ({ field, label: this.i18n.t(locale, `tenants.${field}`) })),
      previewRows: report.preview.map((r) => ({ row: r.row, cells: IMPORT_FIELDS.map((f) => r.values[f] ?? '') })),
      previewMore: Math.max(0, report.valid - report.preview.length),
      errorCount: report.errors.length,
      errors: report.errors.slice(0, SHOWN_ERRORS).map((e) => ({ ...e, label: label(e.column) })),
      hidden: Math.max(0, report.errors.length - SHOWN_ERRORS),
    };
  }
}
