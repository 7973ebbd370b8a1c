/** (samplingReview) the review of a drafted programme: populations, probabilities, workload, floor, back-test, diff. */
export const samplingReviewMessages = {
  'zh-CN': {
    samplingReview: { title: '计划审查' },
  },
  en: {
    samplingReview: { title: 'Plan review' },
  },
};
