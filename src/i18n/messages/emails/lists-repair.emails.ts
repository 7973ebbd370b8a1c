import type { EmailsPart } from './emails-part.js';

/** The e-mails of the lists-repair part: `emails.<template>` strings and the outbox's label of each template. */
export const listsRepairEmails: EmailsPart = {
  'zh-CN': {},
  en: {},
  labels: { 'zh-CN': {}, en: {} },
};
