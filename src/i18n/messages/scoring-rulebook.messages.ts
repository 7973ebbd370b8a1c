/** The rulebook: versions, the editor, the back-test and the approval (`scoringRulebook`). */
export const scoringRulebookMessages = {
  'zh-CN': {
    scoringRulebook: {
      nav: '评分规则',
    },
  },
  en: {
    scoringRulebook: {
      nav: 'Rulebook',
    },
  },
};
