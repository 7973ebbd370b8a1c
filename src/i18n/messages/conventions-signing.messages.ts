/** Conventions — signing. */
export const conventionsSigningMessages = {
  'zh-CN': {},
  en: {},
};
