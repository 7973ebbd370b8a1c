import type { EmailsPart } from './emails-part.js';

/** The e-mails of the sampling-programmes part: `emails.<template>` strings and the outbox's label of each template. */
export const samplingProgrammesEmails: EmailsPart = {
  'zh-CN': {
    'sampling-programme-awaiting': {
      subject: '抽查计划待审批：{title}',
      intro: '{drafter} 起草了“{title}”（{year}年度，第 {revision} 版），请审阅并在计划页面发表意见或予以批准（起草人不能批准自己的计划）。',
      button: '审阅计划',
    },
    'sampling-programme-approved': {
      subject: '抽查计划已批准：{title}',
      intro: '您起草的“{title}”（{year}年度，第 {revision} 版）已由 {approver} 批准，计划自即日起锁定并按日程抽取。',
      hash: '计划 SHA-256：{sha256}',
      button: '查看计划',
    },
    'sampling-programme-commented': {
      subject: '抽查计划有新意见：{title}',
      intro: '{author} 对“{title}”（{year}年度）发表了审议意见。',
      button: '查看意见',
    },
  },
  en: {
    'sampling-programme-awaiting': {
      subject: 'Sampling programme to approve: {title}',
      intro: '{drafter} drafted "{title}" ({year}, revision {revision}). Please review it and comment or approve it on its page (the drafter cannot approve their own programme).',
      button: 'Review the programme',
    },
    'sampling-programme-approved': {
      subject: 'Sampling programme approved: {title}',
      intro: 'Your programme "{title}" ({year}, revision {revision}) was approved by {approver}; it is now locked and its draws run as scheduled.',
      hash: 'Plan SHA-256: {sha256}',
      button: 'Open the programme',
    },
    'sampling-programme-commented': {
      subject: 'New comment on a sampling programme: {title}',
      intro: '{author} commented on "{title}" ({year}).',
      button: 'Read the comment',
    },
  },
  labels: {
    'zh-CN': { 'sampling-programme-awaiting': '抽查计划待审批', 'sampling-programme-approved': '抽查计划已批准', 'sampling-programme-commented': '抽查计划新意见' },
    en: { 'sampling-programme-awaiting': 'Sampling programme to approve', 'sampling-programme-approved': 'Sampling programme approved', 'sampling-programme-commented': 'Sampling programme comment' },
  },
};
