/** Conventions — breaches. */
export const conventionsBreachesMessages = {
  'zh-CN': {},
  en: {},
};
