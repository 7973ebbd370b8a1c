/** (jointChecks) */
export const jointChecksMessages = {
  'zh-CN': {
    jointChecks: {
      nav: '联合奖惩核查',
    },
  },
  en: {
    jointChecks: {
      nav: 'Joint checks',
    },
  },
};
