/** (samplingEffectiveness) effectiveness per draw and programme: hit rates, Horvitz–Thompson estimate, uniform comparison. */
export const samplingEffectivenessMessages = {
  'zh-CN': {
    samplingEffectiveness: { title: '抽查成效' },
  },
  en: {
    samplingEffectiveness: { title: 'Effectiveness' },
  },
};
