/** (samplingPool) the inspection-item list (事项清单) and the inspector pool. */
export const samplingPoolMessages = {
  'zh-CN': {
    samplingPool: { itemsNav: '检查事项清单', inspectorsNav: '检查人员名录' },
  },
  en: {
    samplingPool: { itemsNav: 'Inspection items', inspectorsNav: 'Inspector pool' },
  },
};
