/** (creditCatalogue) */
export const creditCatalogueMessages = {
  'zh-CN': {
    creditCatalogue: {
      nav: '信用目录',
    },
  },
  en: {
    creditCatalogue: {
      nav: 'Credit information catalogue',
    },
  },
};
