import { Body, Controller, Get, Param, ParseIntPipe, Post, Query, Render, Req, Res, UploadedFiles, UseInterceptors } from '@nestjs/common';
import { pagerOf } from '../../common/pagination.js';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Roles } from '../../accounts/auth/auth.decorators.js';
import { MANAGERS, OFFICERS, READERS, TENANT_READERS, isManager, isTenantOfficer } from '../../accounts/domain/access-policy.js';
import { ConflictError, ValidationFailedError } from '../../common/errors/domain-error.js';
import { actorOf, CurrentPrincipal, type Principal } from '../../common/principal.js';
import { sendDownload, type TabularFormat } from '../../common/tabular/tabular-export.js';
import { flash, handleForm } from '../../common/views/page-helpers.js';
import { validateForm } from '../../common/validation.js';
import { FilesService, toAttachmentView } from '../../files/files.service.js';
import { routeId, UploadInterceptor, type UploadedPart } from '../../files/upload.interceptor.js';
import { I18nService } from '../../i18n/i18n.service.js';
import { TenantsService } from '../../tenants/tenants.service.js';
import { ConventionsService } from '../core/conventions.service.js';
import { formatVerificationCode } from '../domain/verification-code.rules.js';
import { PaperSignatureDto, PROGRESS_STATES, ProgressQueryDto, SignDto } from './dto/signing.dto.js';
import { ReceiptPdfService } from './receipt-pdf.service.js';
import { SigningProgressQueries } from './signing-progress.queries.js';
import { SigningReminders } from './signing-reminders.js';
import { SIGNATURE_OWNER, SigningService, type ObligationDetail, type SignatureDetail } from './signing.service.js';
import { groupClauses } from '../domain/clause-groups.rules.js';
import { sendPdf } from '../../common/pdf/pdf-document.js';

/**
 * The paper scan: up to 5 files in the field `scan`, each at most UPLOAD_MAX_BYTES (413 beyond); the
 * obligation must exist (and be visible to the caller) before the body is read.
 */
export const ScanUpload = UploadInterceptor({
  field: 'scan', maxCount: 5, limit: (c) => c.UPLOAD_MAX_BYTES,
  access: async ({ req, principal, get }) => {
    await get(SigningService).obligation(routeId(req), principal);
  },
});

/** Signing pages: an officer's obligations, the text and sign form, receipts, paper signatures and progress for staff. */
@ApiExcludeController()
@Controller('conventions')
export class SigningPagesController {
  constructor(
    private readonly signing: SigningService,
    private readonly progress: SigningProgressQueries,
    private readonly pdf: ReceiptPdfService,
    private readonly conventions: ConventionsService,
    private readonly tenants: TenantsService,
    private readonly files: FilesService,
    private readonly i18n: I18nService,
    private readonly reminders: SigningReminders,
  ) {}

  @Get('my')
  @Roles(...OFFICERS)
  @Render('conventions/signing/my')
  async my(@CurrentPrincipal() principal: Principal) {
    const obligations = await this.signing.obligationsOf(principal.tenantId ?? -1);
    return { titleKey: 'conventionsSigning.my.title', obligations };
  }

  @Get('obligations/:id')
  @Roles(...TENANT_READERS)
  async obligation(@Param('id', ParseIntPipe) id: number, @CurrentPrincipal() principal: Principal, @Res() res: Response): Promise<void> {
    const detail = await this.signing.obligation(id, principal);
    res.render('conventions/signing/obligation', this.obligationModel(detail, principal, res.locals.locale as string, {}));
  }

  @Post('obligations/:id/sign')
  @Roles(...OFFICERS)
  async sign(@Param('id', ParseIntPipe) id: number, @Body() body: Record<string, unknown>, @CurrentPrincipal() principal: Principal, @Req() req: Request, @Res() res: Response): Promise<void> {
    const detail = await this.signing.obligation(id, principal).catch(() => null);
    const model = detail ? this.obligationModel(detail, principal, res.locals.locale as string, body) : { titleKey: 'conventionsSigning.obligation.title', values: body };
    await handleForm(res, this.i18n, 'conventions/signing/obligation', model, async () => {
      const form = await validateForm(SignDto, body);
      if (!form.ok) throw new ValidationFailedError(form.fields);
      const signature = await this.signing.sign(id, form.value, principal, req.ip ?? null, req.get('user-agent'));
      flash(req, 'success', 'conventionsSigning.signed');
      res.redirect(303, `/conventions/signatures/${signature.id}`);
    });
  }

  @Get('obligations/:id/paper')
  @Roles(...MANAGERS)
  async paperForm(@Param('id', ParseIntPipe) id: number, @CurrentPrincipal() principal: Principal, @Res() res: Response): Promise<void> {
    const detail = await this.signing.obligation(id, principal);
    res.render('conventions/signing/paper', this.paperModel(detail, { signedOn: this.i18n.today() }));
  }

  /** Multipart: the CSRF token travels in the query string (the guard runs before multer reads the body). */
  @Post('obligations/:id/paper')
  @Roles(...MANAGERS)
  @UseInterceptors(ScanUpload)
  async paper(
    @Param('id', ParseIntPipe) id: number, @UploadedFiles() scans: UploadedPart[] | undefined, @Body() body: Record<string, unknown>,
    @CurrentPrincipal() principal: Principal, @Req() req: Request, @Res() res: Response,
  ): Promise<void> {
    const detail = await this.signing.obligation(id, principal);
    await handleForm(res, this.i18n, 'conventions/signing/paper', this.paperModel(detail, body ?? {}), async () => {
      const form = await validateForm(PaperSignatureDto, body ?? {});
      const problems = form.ok ? {} : { ...form.fields };
      if (!scans?.length) problems.scan = [{ code: 'required' }];
      if (!form.ok || Object.keys(problems).length) throw new ValidationFailedError(problems);
      const signature = await this.signing.recordPaper(id, form.value, scans ?? [], actorOf(principal, req));
      flash(req, 'success', 'conventionsSigning.paper.recorded');
      res.redirect(303, `/conventions/signatures/${signature.id}`);
    });
  }

  @Get('signatures/:id')
  @Roles(...TENANT_READERS)
  @Render('conventions/signing/receipt')
  async receipt(@Param('id', ParseIntPipe) id: number, @CurrentPrincipal() principal: Principal, @Res({ passthrough: true }) res: Response) {
    const detail = await this.signing.signature(id, principal);
    const scans = (await this.files.listFor(SIGNATURE_OWNER, [id])).map(toAttachmentView);
    return {
      ...this.receiptModel(detail, res.locals.locale as string), scans,
      // The address and user agent are evidence for staff, not something an officer needs to read.
      showEnvironment: isManager(principal),
      verifyUrl: this.pdf.verificationUrl(detail), qrSvg: await this.pdf.qrSvg(detail),
    };
  }

  @Get('signatures/:id/receipt.pdf')
  @Roles(...TENANT_READERS)
  async receiptPdf(@Param('id', ParseIntPipe) id: number, @CurrentPrincipal() principal: Principal, @Res() res: Response): Promise<void> {
    const detail = await this.signing.signature(id, principal);
    await sendPdf(res, this.pdf.fileName(detail), 'ReceiptPdf', (out) => this.pdf.write(detail, res.locals.locale as string, out));
  }

  @Get('versions/:id/progress')
  @Roles(...READERS)
  @Render('conventions/signing/progress')
  async progressPage(@Param('id', ParseIntPipe) id: number, @Query() query: ProgressQueryDto, @CurrentPrincipal() principal: Principal) {
    const version = await this.conventions.version(id);
    const [counts, page, facets] = await Promise.all([this.progress.counts(id), this.progress.list(id, query), this.tenants.facets()]);
    const filters = { state: query.state, q: query.q, building: query.building, industry: query.industry, pageSize: query.pageSize };
    return {
      titleKey: 'conventionsSigning.progress.title', version: version.version, counts, page, filters, facets, states: PROGRESS_STATES,
      base: `/conventions/versions/${id}/progress`,
      canRemind: isManager(principal) && version.version.status === 'published' && counts.pending + counts.overdue > 0,
      ...pagerOf(page),
    };
  }

  /** 催签: remind every tenant that has not signed, now; at most once a park day per tenant. */
  @Post('versions/:id/remind')
  @Roles(...MANAGERS)
  async remind(@Param('id', ParseIntPipe) id: number, @Req() req: Request, @Res() res: Response): Promise<void> {
    const version = await this.conventions.version(id);
    if (version.version.status !== 'published') throw new ConflictError('conventionsSigning.errors.notPublished');
    const outcome = await this.reminders.remindVersion(id, this.i18n.today());
    if (outcome.officers) flash(req, 'success', 'conventionsSigning.remind.done', { officers: outcome.officers });
    else flash(req, 'info', 'conventionsSigning.remind.none');
    if (outcome.withoutOfficer) flash(req, 'info', 'conventionsSigning.remind.noOfficers', { count: outcome.withoutOfficer });
    res.redirect(303, `/conventions/versions/${id}/progress`);
  }

  @Get('versions/:id/progress.csv')
  @Roles(...READERS)
  async progressCsv(@Param('id', ParseIntPipe) id: number, @Query() query: ProgressQueryDto, @Res() res: Response): Promise<void> {
    await this.sendExport(res, 'csv', id, query);
  }

  @Get('versions/:id/progress.xlsx')
  @Roles(...READERS)
  async progressXlsx(@Param('id', ParseIntPipe) id: number, @Query() query: ProgressQueryDto, @Res() res: Response): Promise<void> {
    await this.sendExport(res, 'xlsx', id, query);
  }

  private async sendExport(res: Response, format: TabularFormat, versionId: number, query: ProgressQueryDto): Promise<void> {
    await this.conventions.version(versionId);
    await sendDownload(res, format, this.progress.fileName(versionId, format), (out) => this.progress.write(format, versionId, query, res.locals.locale as string, out));
  }

  private obligationModel(detail: ObligationDetail, principal: Principal, locale: string, values: Record<string, unknown>) {
    const { obligation, version, tenant } = detail;
    const staff = isManager(principal);
    return {
      titleKey: 'conventionsSigning.obligation.title', obligation, tenant, version: version.version, kind: version.kind,
      groups: groupClauses(version.clauses, locale), state: detail.state,
      canSign: isTenantOfficer(principal) && detail.signable,
      canRecordPaper: staff && detail.signable,
      values: { signerName: isTenantOfficer(principal) ? principal.name : '', ...values },
    };
  }

  private paperModel(detail: ObligationDetail, values: Record<string, unknown>) {
    return {
      titleKey: 'conventionsSigning.paper.title', obligation: detail.obligation, tenant: detail.tenant, version: detail.version.version,
      signable: detail.signable, values,
    };
  }

  private receiptModel(detail: SignatureDetail, locale: string) {
    const { signature, tenant, version } = detail;
    return {
      titleKey: 'conventionsSigning.receipt.title', signature, tenant, version: version.version, kind: version.kind,
      code: formatVerificationCode(signature.verificationCode), groups: groupClauses(version.clauses, locale), text: detail.text,
      timeZone: this.i18n.timeZone,
    };
  }
}
