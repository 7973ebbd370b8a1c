import type { EmailsPart } from './emails-part.js';
import { incentivesEmails } from './incentives.emails.js';
import { listsEntriesEmails } from './lists-entries.emails.js';
import { listsRepairEmails } from './lists-repair.emails.js';
import { samplingDrawsEmails } from './sampling-draws.emails.js';
import { samplingInspectionsEmails } from './sampling-inspections.emails.js';
import { samplingProgrammesEmails } from './sampling-programmes.emails.js';

const PARTS: EmailsPart[] = [listsEntriesEmails, listsRepairEmails, incentivesEmails, samplingProgrammesEmails, samplingDrawsEmails, samplingInspectionsEmails];

/** Every part's e-mail strings, per locale (spread into `emails`). */
export const partEmails = {
  'zh-CN': Object.assign({}, ...PARTS.map((p) => p['zh-CN'])) as Record<string, Record<string, unknown>>,
  en: Object.assign({}, ...PARTS.map((p) => p.en)) as Record<string, Record<string, unknown>>,
};

/** Every part's outbox labels, per locale (spread into `outbox.templates`). */
export const partEmailLabels = {
  'zh-CN': Object.assign({}, ...PARTS.map((p) => p.labels['zh-CN'])) as Record<string, string>,
  en: Object.assign({}, ...PARTS.map((p) => p.labels.en)) as Record<string, string>,
};
