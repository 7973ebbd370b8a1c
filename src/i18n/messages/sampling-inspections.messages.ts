/** (samplingInspections) inspection tasks, results, findings, abnormal-operations proposals, publication, the public results. */
export const samplingInspectionsMessages = {
  'zh-CN': {
    samplingInspections: { nav: '检查任务' },
  },
  en: {
    samplingInspections: { nav: 'Inspection tasks' },
  },
};
