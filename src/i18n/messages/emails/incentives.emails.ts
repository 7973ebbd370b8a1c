import type { EmailsPart } from './emails-part.js';

/** The e-mails of the incentives part (信易+): `emails.<template>` strings and the outbox's label of each template. */
export const incentivesEmails: EmailsPart = {
  'zh-CN': {
    'benefit-claimed': {
      subject: '{tenantName} 申请信易+ 激励：{titleZh}（{titleEn}）',
      intro: '{tenantName} 申请了信易+ 激励措施“{titleZh}（{titleEn}）”，请审核。',
      note: '申请说明：{note}',
      button: '审核申请',
    },
    'benefit-decided': {
      subject: '信易+ 申请已处理：{titleZh}（{titleEn}）',
      intro: '贵企业申请的信易+ 激励措施“{titleZh}（{titleEn}）”{decisionText}。',
      decisions: { approve: '已获批准，园区将安排兑现', reject: '未获批准' },
      reason: '审核意见：{reason}',
      button: '查看申请',
    },
    'benefit-delivered': {
      subject: '信易+ 激励已兑现：{titleZh}（{titleEn}）',
      intro: '贵企业获批的信易+ 激励措施“{titleZh}（{titleEn}）”已于 {deliveredOn} 兑现。',
      note: '兑现内容：{note}',
      button: '查看记录',
    },
    'benefit-restricted': {
      subject: '信用惩戒措施变更：{titleZh}（{titleEn}）',
      intro: '自 {on} 起，园区{actionText}对贵企业的信用惩戒措施“{titleZh}（{titleEn}）”。',
      actions: { applied: '采取', lifted: '解除' },
      reason: '理由：{reason}',
      rights: '如有异议，可通过园区信用修复渠道申请信用修复，或联系园区管理方。',
      button: '查看记录',
    },
  },
  en: {
    'benefit-claimed': {
      subject: '{tenantName} claims a credit benefit: {titleEn} ({titleZh})',
      intro: '{tenantName} claimed the credit benefit "{titleEn} ({titleZh})". Please decide.',
      note: 'Note: {note}',
      button: 'Review the claim',
    },
    'benefit-decided': {
      subject: 'Credit benefit claim decided: {titleEn} ({titleZh})',
      intro: 'Your claim of the credit benefit "{titleEn} ({titleZh})" {decisionText}.',
      decisions: { approve: 'was approved; the park will arrange its delivery', reject: 'was not approved' },
      reason: 'Reason: {reason}',
      button: 'View the claim',
    },
    'benefit-delivered': {
      subject: 'Credit benefit delivered: {titleEn} ({titleZh})',
      intro: 'The credit benefit "{titleEn} ({titleZh})" approved for your company was delivered on {deliveredOn}.',
      note: 'What was delivered: {note}',
      button: 'View the record',
    },
    'benefit-restricted': {
      subject: 'Credit restriction changed: {titleEn} ({titleZh})',
      intro: 'From {on}, the park {actionText} the credit restriction "{titleEn} ({titleZh})" on your company.',
      actions: { applied: 'applies', lifted: 'lifts' },
      reason: 'Reason: {reason}',
      rights: 'You may apply for credit repair in ParkTrust or contact the park management if you disagree.',
      button: 'View the record',
    },
  },
  labels: {
    'zh-CN': { 'benefit-claimed': '信易+ 申请待审核', 'benefit-decided': '信易+ 申请处理结果', 'benefit-delivered': '信易+ 激励兑现', 'benefit-restricted': '信用惩戒措施变更' },
    en: { 'benefit-claimed': 'Credit benefit to decide', 'benefit-decided': 'Credit benefit decided', 'benefit-delivered': 'Credit benefit delivered', 'benefit-restricted': 'Credit restriction changed' },
  },
};
