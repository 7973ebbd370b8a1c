/**
 * A context's e-mail strings, kept beside the other parts' so that contexts do not edit one shared file:
 * `emails.<template>` (subject, intro …) per locale, and the outbox's label of each template. The
 * `emails` and `notifications` catalogue parts spread every registered part in.
 */
export interface EmailsPart {
  'zh-CN': Record<string, Record<string, unknown>>;
  en: Record<string, Record<string, unknown>>;
  labels: { 'zh-CN': Record<string, string>; en: Record<string, string> };
}
