import type { EmailsPart } from './emails-part.js';

/** The e-mails of the sampling-draws part: `emails.<template>` strings and the outbox's label of each template. */
export const samplingDrawsEmails: EmailsPart = {
  'zh-CN': {
    'sampling-draw-assigned': {
      subject: '抽查任务：{programme} 第 {seq} 次抽取',
      intro: '{programme} 第 {seq} 次抽取已于 {drawnOn} 完成，您被分派了 {count} 项检查任务。请在“我的检查任务”中查看企业、检查事项和同组人员。',
      button: '查看我的任务',
    },
  },
  en: {
    'sampling-draw-assigned': {
      subject: 'Inspection tasks: {programme}, draw {seq}',
      intro: 'Draw {seq} of {programme} ran on {drawnOn}: you were assigned {count} inspection tasks. See the firms, items and your fellow inspectors under "My tasks".',
      button: 'See my tasks',
    },
  },
  labels: { 'zh-CN': { 'sampling-draw-assigned': '抽查任务分派' }, en: { 'sampling-draw-assigned': 'Inspection tasks assigned' } },
};
