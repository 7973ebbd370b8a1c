/** The monthly cycle: run, review, objections, countersignature, publication, errata (`scoringCycle`). */
export const scoringCycleMessages = {
  'zh-CN': {
    scoringCycle: {
      nav: '月度评分',
    },
  },
  en: {
    scoringCycle: {
      nav: 'Monthly scores',
    },
  },
};
