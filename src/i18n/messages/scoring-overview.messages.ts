/** The park at a glance and the year (`scoringOverview`). */
export const scoringOverviewMessages = {
  'zh-CN': {
    scoringOverview: {
      nav: '年度评分',
    },
  },
  en: {
    scoringOverview: {
      nav: 'Annual scores',
    },
  },
};
