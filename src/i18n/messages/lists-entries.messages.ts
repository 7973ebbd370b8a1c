/** (listsEntries) */
export const listsEntriesMessages = {
  'zh-CN': {
    listsEntries: {
      nav: '名单管理',
      navGroup: '信用管理',
    },
  },
  en: {
    listsEntries: {
      nav: 'Lists',
      navGroup: 'Credit',
    },
  },
};
