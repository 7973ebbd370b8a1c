import { Body, Controller, Post, Query, Req, Res, UploadedFile, UseInterceptors } from '@nestjs/common';
import {
  ApiBadRequestResponse, ApiBearerAuth, ApiBody, ApiConsumes, ApiCreatedResponse, ApiOkResponse, ApiPayloadTooLargeResponse, ApiQuery,
  ApiTags, ApiUnprocessableEntityResponse, ApiUnsupportedMediaTypeResponse,
} from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Roles } from '../../accounts/auth/auth.decorators.js';
import { MANAGERS, REGULATORS } from '../../accounts/domain/access-policy.js';
import { actorOf, CurrentPrincipal, type Principal } from '../../common/principal.js';
import { ImportFileInterceptor, importFileOf, type UploadedImport } from '../../common/tabular/tabular-import.js';
import { FINDING_IMPORT_FIELDS, MAX_ANNUAL_REPORT_IMPORT_ROWS, MAX_FINDING_IMPORT_ROWS } from '../domain/finding-import.rules.js';
import { AnnualReportsImportService } from './annual-reports-import.service.js';
import { AnnualReportsImportReportResponse, FindingsImportReportResponse, parseDryRun, parseMappingField } from './dto/findings-import.dto.js';
import { FindingsImportService } from './findings-import.service.js';

/**
 * Findings and annual reports imported over JSON (multipart upload): a dry run by default, or the
 * all-or-nothing commit with `dryRun=false`. Staff import for any department; a regulator's rows must
 * be its own department's (others are row errors). Registered before the recording controller, whose
 * `:id` routes would otherwise shadow these paths.
 */
@ApiTags('findings')
@ApiBearerAuth()
@Controller('api/v1')
export class FindingsImportController {
  constructor(private readonly imports: FindingsImportService, private readonly annualReports: AnnualReportsImportService) {}

  @Post('findings/import')
  @Roles(...MANAGERS, ...REGULATORS)
  @UseInterceptors(ImportFileInterceptor)
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: {
      type: 'object', required: ['file'],
      properties: {
        file: { type: 'string', format: 'binary', description: 'CSV (UTF-8) or XLSX, header row first: a 信用中国 / 国家企业信用信息公示系统 export or the English field names' },
        mapping: { type: 'string', description: `optional JSON: fields by column (["uscc", null, …]) or by header ({"处罚机关": "department", "备注": null}); fields: ${FINDING_IMPORT_FIELDS.join(', ')}` },
      },
    },
  })
  @ApiQuery({ name: 'dryRun', required: false, enum: ['true', 'false'], description: 'default true: check only, write nothing' })
  @ApiOkResponse({ type: FindingsImportReportResponse, description: 'dry run report' })
  @ApiCreatedResponse({ type: FindingsImportReportResponse, description: 'every new row imported; rows already recorded skipped' })
  @ApiUnprocessableEntityResponse({ type: FindingsImportReportResponse, description: 'commit refused: the report lists the problems; nothing written' })
  @ApiBadRequestResponse({ description: `no file, empty, header only, unreadable, more than ${MAX_FINDING_IMPORT_ROWS} rows, or a malformed mapping` })
  @ApiPayloadTooLargeResponse({ description: 'larger than IMPORT_MAX_BYTES' })
  @ApiUnsupportedMediaTypeResponse({ description: 'neither XLSX nor UTF-8 text' })
  async importFindings(
    @UploadedFile() file: UploadedImport | undefined, @Query('dryRun') dryRun: string | undefined, @Body('mapping') mapping: unknown,
    @CurrentPrincipal() principal: Principal, @Req() req: Request, @Res() res: Response,
  ): Promise<void> {
    const wantsDryRun = parseDryRun(dryRun);
    const parsed = parseMappingField(mapping);
    const report = await this.imports.run(importFileOf(file), { dryRun: wantsDryRun, asker: principal, actor: actorOf(principal, req), locale: res.locals.locale as string, mapping: parsed });
    res.status(wantsDryRun ? 200 : report.errors.length ? 422 : 201).json(report);
  }

  @Post('annual-reports/import')
  @Roles(...MANAGERS, ...REGULATORS)
  @UseInterceptors(ImportFileInterceptor)
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: { type: 'object', required: ['file'], properties: { file: { type: 'string', format: 'binary', description: 'CSV (UTF-8) or XLSX with uscc (统一社会信用代码) or name (企业名称), year (年度), filedOn (报送日期)' } } } })
  @ApiQuery({ name: 'dryRun', required: false, enum: ['true', 'false'], description: 'default true: check only, write nothing' })
  @ApiOkResponse({ type: AnnualReportsImportReportResponse, description: 'dry run report' })
  @ApiCreatedResponse({ type: AnnualReportsImportReportResponse, description: 'every new row imported; tenant-years already on file skipped' })
  @ApiUnprocessableEntityResponse({ type: AnnualReportsImportReportResponse, description: 'commit refused: the report lists the problems; nothing written' })
  @ApiBadRequestResponse({ description: `no file, empty, header only, unreadable, or more than ${MAX_ANNUAL_REPORT_IMPORT_ROWS} rows` })
  async importAnnualReports(
    @UploadedFile() file: UploadedImport | undefined, @Query('dryRun') dryRun: string | undefined,
    @CurrentPrincipal() principal: Principal, @Req() req: Request, @Res() res: Response,
  ): Promise<void> {
    const wantsDryRun = parseDryRun(dryRun);
    const report = await this.annualReports.run(importFileOf(file), { dryRun: wantsDryRun, actor: actorOf(principal, req), locale: res.locals.locale as string });
    res.status(wantsDryRun ? 200 : report.errors.length ? 422 : 201).json(report);
  }
}
