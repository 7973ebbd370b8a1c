import { Controller, Get, Post, Query, Res, UploadedFile, UseInterceptors } from '@nestjs/common';
import {
  ApiBadRequestResponse, ApiBearerAuth, ApiBody, ApiConsumes, ApiCreatedResponse, ApiOkResponse, ApiPayloadTooLargeResponse,
  ApiProduces, ApiProperty, ApiPropertyOptional, ApiQuery, ApiTags, ApiUnprocessableEntityResponse, ApiUnsupportedMediaTypeResponse,
} from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import type { Response } from 'express';
import { Roles } from '../accounts/auth/auth.decorators.js';
import { MANAGERS, READERS } from '../accounts/domain/access-policy.js';
import { ValidationFailedError } from '../common/errors/domain-error.js';
import { CurrentActor, type Actor } from '../common/principal.js';
import { sendDownload, TABULAR_CONTENT_TYPES, type TabularFormat } from '../common/tabular/tabular-export.js';
import { ImportFileInterceptor, importFileOf, type TabularImportReport, type UploadedImport } from '../common/tabular/tabular-import.js';
import { TenantQueryDto } from './dto/tenant.dto.js';
import { TenantExportService } from './tenant-export.service.js';
import { TenantImportService } from './tenant-import.service.js';

/** Streams the filtered tenant list as an attachment. */
export async function sendExport(res: Response, exports: TenantExportService, format: TabularFormat, query: TenantQueryDto, locale: string): Promise<void> {
  await sendDownload(res, format, exports.fileName(format), (out) => exports.write(format, query, locale, out));
}

/** The list's filters (and `lang`, the header row's language), plus the file format. */
export class TenantExportQueryDto extends TenantQueryDto {
  @ApiPropertyOptional({ enum: ['csv', 'xlsx'], default: 'csv' }) @IsOptional() @IsIn(['csv', 'xlsx'])
  format?: TabularFormat;
}

class ImportReportErrorResponse {
  @ApiProperty({ description: 'spreadsheet row: header = 1, first data row = 2' }) row: number;
  @ApiProperty({ description: 'field name, the header as written (header problems), or empty for the whole row' }) column: string;
  @ApiProperty({ example: 'usccCheck' }) code: string;
  @ApiProperty({ description: "in the caller's language" }) message: string;
}

export class ImportReportResponse {
  @ApiProperty() dryRun: boolean;
  @ApiProperty() fileName: string;
  @ApiProperty({ enum: ['csv', 'xlsx'] }) format: 'csv' | 'xlsx';
  @ApiProperty({ description: 'data rows in the file' }) rows: number;
  @ApiProperty({ description: 'rows without problems' }) valid: number;
  @ApiProperty({ description: 'tenants written (0 in a dry run or when there are problems)' }) created: number;
  @ApiProperty({ description: 'example rows of the downloadable template, skipped' }) examples: number;
  @ApiProperty({ type: [ImportReportErrorResponse] }) errors: ImportReportErrorResponse[];
  @ApiProperty({ description: 'rows shown before a commit (the pages only; always empty here)', type: [Object] }) preview: object[];
}

function parseDryRun(value: unknown): boolean {
  if (value === undefined || value === '' || value === 'true' || value === '1') return true;
  if (value === 'false' || value === '0') return false;
  throw new ValidationFailedError({ dryRun: [{ code: 'boolean' }] });
}

/** Tenant import (staff) and export (staff and regulators) over JSON. Registered before TenantsController, whose `:id` would shadow these paths. */
@ApiTags('tenants')
@ApiBearerAuth()
@Controller('api/v1/tenants')
export class TenantsTransferController {
  constructor(private readonly imports: TenantImportService, private readonly exports: TenantExportService) {}

  /** Checks a CSV or XLSX file (dry run, the default) or imports it all or nothing. */
  @Post('import')
  @Roles(...MANAGERS)
  @UseInterceptors(ImportFileInterceptor)
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: { type: 'object', required: ['file'], properties: { file: { type: 'string', format: 'binary', description: 'CSV (UTF-8) or XLSX, header row first' } } } })
  @ApiQuery({ name: 'dryRun', required: false, enum: ['true', 'false'], description: 'default true: check only, write nothing' })
  @ApiOkResponse({ type: ImportReportResponse, description: 'dry run report' })
  @ApiCreatedResponse({ type: ImportReportResponse, description: 'every row imported' })
  @ApiUnprocessableEntityResponse({ type: ImportReportResponse, description: 'commit refused: the report lists the problems; nothing written' })
  @ApiBadRequestResponse({ description: 'no file, empty, header only, unreadable, or more than 50,000 rows' })
  @ApiPayloadTooLargeResponse({ description: 'larger than IMPORT_MAX_BYTES' })
  @ApiUnsupportedMediaTypeResponse({ description: 'neither XLSX nor UTF-8 text' })
  async import(
    @UploadedFile() file: UploadedImport | undefined, @Query('dryRun') dryRun: string | undefined,
    @CurrentActor() actor: Actor, @Res() res: Response,
  ): Promise<void> {
    const wantsDryRun = parseDryRun(dryRun);
    const report: TabularImportReport = await this.imports.run(importFileOf(file), { dryRun: wantsDryRun, actor, locale: res.locals.locale as string });
    res.status(wantsDryRun ? 200 : report.errors.length ? 422 : 201).json(report);
  }

  /** The filtered list as CSV (UTF-8 with BOM) or XLSX, every matching row, in the list's order. */
  @Get('export')
  @Roles(...READERS)
  @ApiProduces(TABULAR_CONTENT_TYPES.csv, TABULAR_CONTENT_TYPES.xlsx)
  @ApiOkResponse({ description: 'attachment tenants-YYYY-MM-DD.csv or .xlsx' })
  async export(@Query() query: TenantExportQueryDto, @Res() res: Response): Promise<void> {
    await sendExport(res, this.exports, query.format ?? 'csv', query, res.locals.locale as string);
  }
}
