/** (publicPages) */
export const publicPagesMessages = {
  'zh-CN': {
    publicPages: {
      nav: '信用公示',
    },
  },
  en: {
    publicPages: {
      nav: 'Public disclosure',
    },
  },
};
