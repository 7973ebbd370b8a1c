/**
 * Trainings: scheduling and invitations (`trainings`, T1), registration and check-in
 * (`trainingsRegistration`, `trainingsCheckin`, T2), attendance (`trainingsAttendance`, T3).
 * Each engineer keeps to their own top-level key.
 */
export const trainingsMessages = {
  'zh-CN': {
    trainings: {
      nav: '培训',
    },
  },
  en: {
    trainings: {
      nav: 'Trainings',
    },
  },
};
