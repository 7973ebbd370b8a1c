import type { EmailsPart } from './emails-part.js';

/** The e-mails of the lists-entries part: `emails.<template>` strings and the outbox's label of each template. */
export const listsEntriesEmails: EmailsPart = {
  'zh-CN': {},
  en: {},
  labels: { 'zh-CN': {}, en: {} },
};
