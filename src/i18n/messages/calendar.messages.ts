/** (calendar) */
export const calendarMessages = {
  'zh-CN': {
    calendar: {
      nav: '工作日历',
    },
  },
  en: {
    calendar: {
      nav: 'Working calendar',
    },
  },
};
