import type { EmailsPart } from './emails-part.js';

/** The e-mails of the sampling-inspections part: `emails.<template>` strings and the outbox's label of each template. */
export const samplingInspectionsEmails: EmailsPart = {
  'zh-CN': {},
  en: {},
  labels: { 'zh-CN': {}, en: {} },
};
