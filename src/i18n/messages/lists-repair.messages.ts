/** (listsRepair) */
export const listsRepairMessages = {
  'zh-CN': {
    listsRepair: {
      nav: '信用修复',
    },
  },
  en: {
    listsRepair: {
      nav: 'Credit repair',
    },
  },
};
