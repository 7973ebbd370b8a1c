/** (samplingProgrammes) sampling programmes: drafting, calendar, comments, approval, amendments, exports. */
export const samplingProgrammesMessages = {
  'zh-CN': {
    samplingProgrammes: { navGroup: '双随机抽查', nav: '抽查计划' },
  },
  en: {
    samplingProgrammes: { navGroup: 'Random inspection', nav: 'Programmes' },
  },
};
