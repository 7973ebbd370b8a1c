import { Injectable } from '@nestjs/common';
import type { Writable } from 'node:stream';
import { openPdf } from '../../common/pdf/pdf-document.js';
import { writeTable } from '../../common/tabular/tabular-export.js';
import { AppConfig } from '../../config/app-config.js';
import { I18nService } from '../../i18n/i18n.service.js';
import { draftWarnings, gradesText } from '../domain/programme.rules.js';
import type { ProgrammeDetail } from '../domain/programme.types.js';

/** A ratio in basis points as a percentage (300 → 3%, 1250 → 12.5%). */
export const percentOf = (bp: number) => `${(bp / 100).toFixed(2).replace(/\.?0+$/, '')}%`;

/**
 * A programme as documents: the PDF fit for filing and publication (park, title, year, revision,
 * status, departments, items with their legal basis, the per-grade table, targeted rules, calendar,
 * and the approval record with approver, date and plan SHA-256), and the same content as an XLSX sheet.
 */
@Injectable()
export class ProgrammeExportService {
  constructor(private readonly i18n: I18nService, private readonly config: AppConfig) {}

  fileName(d: ProgrammeDetail, ext: 'pdf' | 'xlsx'): string {
    return `sampling-programme-${d.year}-${d.id}-r${d.revision}.${ext}`;
  }

  /** The document's lines as label/value rows per section, shared by the PDF and the sheet. */
  sections(d: ProgrammeDetail, locale: string): { heading: string; rows: string[][] }[] {
    const t = (key: string, params: Record<string, unknown> = {}) => this.i18n.t(locale, `samplingProgrammes.${key}`, params);
    const en = locale === 'en';
    const deptName = (id: number) => {
      const x = d.departments.find((dep) => dep.departmentId === id);
      return x ? (en ? x.nameEn || x.nameZh : x.nameZh) : String(id);
    };
    const when = (at: Date | null) => (at ? `${this.i18n.formatDateTime(at, locale)}` : '');
    return [
      {
        heading: t('pdf.general'),
        rows: [
          [t('fields.year'), String(d.year)], [t('fields.revision'), String(d.revision)], [t('fields.status'), t(`statuses.${d.status}`)],
          [t('fields.drafter'), `${d.createdByName} · ${when(d.createdAt)}`],
          ...(d.notes ? [[t('fields.notes'), d.notes]] : []),
        ],
      },
      {
        heading: t('pdf.departments'),
        rows: d.departments.map((x) => [`${x.code} ${en ? x.nameEn || x.nameZh : x.nameZh}`, t('inspectorsPerTaskValue', { n: x.inspectorsPerTask })]),
      },
      {
        heading: t('pdf.items'),
        rows: d.items.map((i) => [`${i.code} ${en ? i.nameEn || i.nameZh : i.nameZh}`, `${deptName(i.departmentId)} · ${t(`itemKinds.${i.kind}`)} · ${i.legalBasis}`]),
      },
      {
        heading: t('pdf.grades'),
        rows: d.grades.map((g) => [t('gradeLabel', { grade: g.grade }), t('gradeValue', { ratio: percentOf(g.ratioBp), draws: g.drawsPerYear, cooldown: g.cooldownMonths })]),
      },
      {
        heading: t('pdf.targeted'),
        rows: [
          ...(d.targetedRules.length ? d.targetedRules.map((r) => [t(`targetedRules.${r}`), r === 'recent_complaint' ? t('complaintDaysValue', { days: d.complaintDays }) : '']) : [[t('targetedNone'), '']]),
        ],
      },
      {
        heading: t('pdf.calendar'),
        rows: d.draws.map((x) => [
          t('drawLabel', { seq: x.seq }),
          `${t('fields.drawAt')} ${when(x.drawAt)} · ${t('fields.announceAt')} ${when(x.announceAt)} · ${t('fields.grades')} ${gradesText(x.grades)} · ${t(`drawStatuses.${x.status}`)}`,
        ]),
      },
      {
        heading: t('pdf.warnings'),
        rows: (() => {
          const w = draftWarnings({ grades: d.grades, draws: d.draws.filter((x) => x.status !== 'cancelled') });
          return w.length ? w.map((x) => [t(`warnings.${x.code}`, x.params), '']) : [[t('noWarnings'), '']];
        })(),
      },
      {
        heading: t('pdf.approval'),
        rows: d.approvedAt
          ? [[t('fields.approvedBy'), d.approvedByName ?? ''], [t('fields.approvedAt'), `${this.i18n.formatLongDateTime(d.approvedAt, locale)} (${this.i18n.timeZone})`],
            [t('fields.approvalReason'), d.approvalReason ?? ''], [t('fields.planSha256'), d.planSha256 ?? '']]
          : [[t('notApproved'), '']],
      },
    ];
  }

  async writePdf(d: ProgrammeDetail, locale: string, out: Writable): Promise<void> {
    const t = (key: string, params: Record<string, unknown> = {}) => this.i18n.t(locale, `samplingProgrammes.${key}`, params);
    const park = this.config.PARK_NAME;
    const { doc, left, width, finish } = await openPdf(out, {
      Title: `${t('pdf.title')} · ${d.title}`,
      Subject: `${d.year} r${d.revision}${d.planSha256 ? ` sha256:${d.planSha256}` : ''}`,
      Author: park,
      CreationDate: d.approvedAt ?? d.createdAt,
    });
    doc.fontSize(11).fillColor('#444').text(park, { align: 'center' });
    doc.moveDown(0.2).fontSize(18).fillColor('#000').text(t('pdf.title'), { align: 'center' });
    doc.moveDown(0.3).fontSize(13).text(d.title, { align: 'center' });
    doc.moveDown(0.2).fontSize(10).fillColor('#444')
      .text(`${t('fields.year')} ${d.year} · ${t('fields.revision')} ${d.revision} · ${t(`statuses.${d.status}`)}`, { align: 'center' });
    doc.fillColor('#000').moveDown(1);
    for (const section of this.sections(d, locale)) {
      if (doc.y > doc.page.height - 120) doc.addPage();
      doc.moveDown(0.6).fontSize(13).fillColor('#000').text(section.heading, left, doc.y, { width });
      doc.moveDown(0.3).fontSize(10);
      for (const [label, value] of section.rows) {
        if (doc.y > doc.page.height - 80) doc.addPage();
        const y = doc.y;
        doc.fillColor('#222').text(label, left, y, { width: value ? 170 : width });
        const labelBottom = doc.y;
        if (value) doc.fillColor('#000').text(value, left + 180, y, { width: width - 180 });
        doc.y = Math.max(doc.y, labelBottom) + 4;
      }
    }
    doc.moveDown(1).fontSize(8).fillColor('#555').text(t('pdf.hashNote'), left, doc.y, { width });
    await finish();
  }

  async writeXlsx(d: ProgrammeDetail, locale: string, out: Writable): Promise<void> {
    const t = (key: string) => this.i18n.t(locale, `samplingProgrammes.${key}`);
    const sections = this.sections(d, locale);
    async function* rows() {
      yield [t('pdf.title'), d.title, ''];
      for (const s of sections) for (const [label, value] of s.rows) yield [s.heading, label, value ?? ''];
    }
    await writeTable('xlsx', {
      sheetName: t('xlsx.sheet'),
      columns: [{ header: t('xlsx.section'), width: 18 }, { header: t('xlsx.item'), width: 40 }, { header: t('xlsx.value'), width: 80 }],
      rows: rows(),
    }, out);
  }
}
