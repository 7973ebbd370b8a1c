import type { EmailsPart } from './emails-part.js';

/** The e-mails of the sampling-draws part: `emails.<template>` strings and the outbox's label of each template. */
export const samplingDrawsEmails: EmailsPart = {
  'zh-CN': {},
  en: {},
  labels: { 'zh-CN': {}, en: {} },
};
