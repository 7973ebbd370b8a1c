/** A tenant's live score, its explanation, what-if and history (`scoringScore`). */
export const scoringScoreMessages = {
  'zh-CN': {
    scoringScore: {
      nav: '信用评分',
    },
  },
  en: {
    scoringScore: {
      nav: 'Score',
    },
  },
};
