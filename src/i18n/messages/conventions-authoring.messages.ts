/** Conventions — authoring. */
export const conventionsAuthoringMessages = {
  'zh-CN': {},
  en: {},
};
