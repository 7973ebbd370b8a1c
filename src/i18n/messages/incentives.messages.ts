/** (incentives) */
export const incentivesMessages = {
  'zh-CN': {
    incentives: {
      nav: '信易+',
    },
  },
  en: {
    incentives: {
      nav: 'Credit benefits',
    },
  },
};
