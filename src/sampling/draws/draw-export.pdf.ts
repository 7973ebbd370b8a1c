import type { Writable } from 'node:stream';
import { openPdf } from '../../common/pdf/pdf-document.js';
import type { I18nService } from '../../i18n/i18n.service.js';
import type { Locale } from '../../i18n/messages/index.js';
import type { DrawDetail, DrawTaskRow } from './draws.queries.js';

/**
 * A draw's list with its assignments as a PDF fit for filing: the announcement facts (frame hash,
 * commitment, seed, entropy), then one line per task (position, tenant, USCC, stratum, inspectors,
 * flag), read batch by batch.
 */
export async function writeDrawPdf(out: Writable, draw: DrawDetail, tasks: AsyncIterable<DrawTaskRow[]>, i18n: I18nService, locale: Locale): Promise<void> {
  const t = (key: string, params: Record<string, string | number> = {}) => i18n.t(locale, `samplingDraws.${key}`, params);
  const { doc, left, width, finish } = await openPdf(out, { Title: t('pdf.title', { programme: draw.programme.title, seq: draw.seq }) });
  doc.fontSize(16).text(t('pdf.title', { programme: draw.programme.title, seq: draw.seq }), left, doc.y, { width });
  doc.moveDown(0.5).fontSize(9);
  const facts: [string, string][] = [
    [t('status'), t(`statuses.${draw.status}`)],
    [t('grades'), draw.grades],
    [t('drawAt'), i18n.formatDateTime(draw.drawAt, locale)],
    [t('drawnAt'), draw.drawnAt ? i18n.formatDateTime(draw.drawnAt, locale) : '—'],
    [t('frameHash'), draw.frameHash ?? '—'],
    [t('seedCommitment'), draw.seedCommitment ?? '—'],
    [t('seed'), draw.seed ?? '—'],
    [t('publicEntropy'), draw.publicEntropy || '—'],
    [t('bundleSha256'), draw.bundleSha256 ?? '—'],
    [t('taskCount'), String(draw.taskCount)],
    [t('flaggedCount'), String(draw.flaggedCount)],
  ];
  for (const [label, value] of facts) doc.text(`${label}: ${value}`, left, doc.y, { width });
  doc.moveDown(0.8).fontSize(9);
  for await (const batch of tasks) {
    for (const task of batch) {
      const stratum = task.stratum === 'T' ? t('targeted') : task.stratum;
      const who = task.inspectors.map((x) => `${x.code} ${x.name}`.trim()).join('、') || '—';
      const flag = task.needsManual ? ` [${t('flaggedReason', { reason: task.manualReason ?? '' })}]` : '';
      doc.text(`${task.position + 1}. ${task.tenantName}  ${task.uscc}  ${stratum}  ${who}${flag}`, left, doc.y, { width });
    }
  }
  await finish();
}
