import type { EmailsPart } from './emails-part.js';

/** The e-mails of the sampling-inspections part: `emails.<template>` strings and the outbox's label of each template. */
export const samplingInspectionsEmails: EmailsPart = {
  'zh-CN': {
    'sampling-result-published': {
      subject: '“双随机”抽查检查结果已公示',
      intro: '{tenantName} 于 {inspectedOn} 接受的“双随机、一公开”抽查，检查结果已公示。',
      button: '查看企业信用档案',
    },
    'sampling-publish-due': {
      subject: '检查结果公示期限提醒：{tenantName}',
      intro: '检查任务 #{taskId}（{tenantName}）的检查结果应于 {publishBy}（含当日）前公示：{state}。',
      button: '处理检查任务',
    },
    'sampling-abnormal-proposed': { subject: '经营异常名录建议待决定：{tenantName}' },
    'sampling-task-added': { subject: '您被指派参加检查任务 #{taskId}（{tenantName}）' },
  },
  en: {
    'sampling-result-published': {
      subject: 'Random inspection result published',
      intro: 'The result of the random inspection of {tenantName} on {inspectedOn} has been published.',
      button: 'Open the tenant record',
    },
    'sampling-publish-due': {
      subject: 'Inspection result publication deadline: {tenantName}',
      intro: 'The result of inspection task #{taskId} ({tenantName}) must be published by {publishBy} (inclusive): {state}.',
      button: 'Open the task',
    },
    'sampling-abnormal-proposed': { subject: 'Abnormal-operations proposal to decide: {tenantName}' },
    'sampling-task-added': { subject: 'You were assigned to inspection task #{taskId} ({tenantName})' },
  },
  labels: {
    'zh-CN': { 'sampling-result-published': '抽查结果已公示', 'sampling-publish-due': '抽查结果公示期限提醒', 'sampling-abnormal-proposed': '经营异常名录建议', 'sampling-task-added': '人工指派检查任务' },
    en: { 'sampling-result-published': 'Inspection result published', 'sampling-publish-due': 'Inspection result deadline', 'sampling-abnormal-proposed': 'Abnormal-operations proposal', 'sampling-task-added': 'Inspection task assignment' },
  },
};
