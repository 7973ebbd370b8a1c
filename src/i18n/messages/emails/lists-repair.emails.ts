import type { EmailsPart } from './emails-part.js';

/** The e-mails of the lists-repair part: `emails.<template>` strings and the outbox's label of each template. */
export const listsRepairEmails: EmailsPart = {
  'zh-CN': {
    'repair-submitted': {
      subject: '{tenantName} 申请信用修复',
      intro: '{tenantName} 就一项记录（{subject}）申请信用修复，并提交了信用承诺书和整改材料。请于 {replyDueOn}（含当日）前受理答复。',
      button: '查看申请',
    },
    'repair-replied': {
      subject: '信用修复申请已受理',
      intro: '贵企业的信用修复申请已受理，将于 {decisionDueOn}（含当日）前作出决定。',
      note: '答复意见：{note}',
      button: '查看申请',
    },
    'repair-decided': {
      subject: '信用修复申请已有决定',
      intro: '贵企业的信用修复申请已于 {decidedOn} 作出决定：{decision}。如为同意，该记录自当日起不再计入信用分，不再对外公示。',
      reason: '理由：{reason}',
      button: '查看决定',
    },
    'repair-to-decide': {
      subject: '信用修复申请待决定：{tenantName}',
      intro: '{tenantName} 的信用修复申请已受理，请于 {decisionDueOn}（含当日）前作出决定并说明理由。',
      button: '作出决定',
    },
    'repair-due': {
      subject: '信用修复申请期限提醒：{tenantName}',
      intro: '{tenantName} 的信用修复申请须于 {dueOn}（含当日）前{kind}：{state}。',
      button: '处理申请',
    },
  },
  en: {
    'repair-submitted': {
      subject: '{tenantName} applies for credit repair',
      intro: '{tenantName} applies for credit repair of a record ({subject}) with a credit commitment letter and rectification evidence. Please reply by {replyDueOn} (inclusive).',
      button: 'Open the application',
    },
    'repair-replied': {
      subject: 'Credit repair application accepted',
      intro: 'Your credit repair application has been accepted; the decision is due by {decisionDueOn} (inclusive).',
      note: 'Reply: {note}',
      button: 'Open the application',
    },
    'repair-decided': {
      subject: 'Credit repair application decided',
      intro: 'Your credit repair application was decided on {decidedOn}: {decision}. If approved, the record no longer counts in the score and is no longer shown publicly from that day.',
      reason: 'Reason: {reason}',
      button: 'Open the decision',
    },
    'repair-to-decide': {
      subject: 'Credit repair to decide: {tenantName}',
      intro: '{tenantName}\'s credit repair application has been accepted; please decide, with a reason, by {decisionDueOn} (inclusive).',
      button: 'Decide',
    },
    'repair-due': {
      subject: 'Credit repair deadline: {tenantName}',
      intro: '{kind} on {tenantName}\'s credit repair application due by {dueOn} (inclusive): {state}.',
      button: 'Handle the application',
    },
  },
  labels: {
    'zh-CN': { 'repair-submitted': '信用修复申请待受理', 'repair-replied': '信用修复申请已受理', 'repair-decided': '信用修复决定', 'repair-to-decide': '信用修复申请待决定', 'repair-due': '信用修复期限提醒' },
    en: { 'repair-submitted': 'Credit repair to reply to', 'repair-replied': 'Credit repair accepted', 'repair-decided': 'Credit repair decided', 'repair-to-decide': 'Credit repair to decide', 'repair-due': 'Credit repair deadline' },
  },
};
