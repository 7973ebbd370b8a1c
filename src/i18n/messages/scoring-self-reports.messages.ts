/** Self-reported positive items P09–P11 (`selfReports`). */
export const scoringSelfReportsMessages = {
  'zh-CN': {
    selfReports: {
      nav: '正面申报',
    },
  },
  en: {
    selfReports: {
      nav: 'Self-reports',
    },
  },
};
