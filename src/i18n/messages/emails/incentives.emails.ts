import type { EmailsPart } from './emails-part.js';

/** The e-mails of the incentives part: `emails.<template>` strings and the outbox's label of each template. */
export const incentivesEmails: EmailsPart = {
  'zh-CN': {},
  en: {},
  labels: { 'zh-CN': {}, en: {} },
};
