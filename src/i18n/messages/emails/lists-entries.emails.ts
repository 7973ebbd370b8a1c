import type { EmailsPart } from './emails-part.js';

/** The e-mails of the lists-entries part: `emails.<template>` strings and the outbox's label of each template. */
export const listsEntriesEmails: EmailsPart = {
  'zh-CN': {
    'list-proposed': {
      subject: '列入名单事先告知',
      intro: '贵企业（{tenantName}）被提议列入{list}。',
      reasons: '列入理由：{reasons}',
      legalBasis: '法律依据：{legalBasis}',
      rights: '贵企业有权在 {closesOn}（含，{days} 个工作日内）对本次列入提出异议：登录园区诚信平台，打开下方链接，在“提出异议”中说明理由并提交证据。异议期届满且异议均已答复后，由监管部门作出决定。',
      button: '查看并提出异议',
    },
    'list-objection': {
      subject: '企业对名单提议提出异议：{tenantName}',
      intro: '{tenantName} 对列入{list}的提议提出了异议：{text}',
      button: '查看并答复',
    },
    'list-objection-answered': {
      subject: '您对名单提议的异议已答复',
      intro: '贵企业对列入{list}提议的异议已答复：{answer}',
      button: '查看答复',
    },
    'list-decided': {
      subject: '名单决定',
      approve: '贵企业自 {startsOn} 起列入{list}，计划于 {plannedEndOn} 移出。',
      reject: '关于将贵企业列入{list}的提议，决定不予列入。',
      withdraw: '关于将贵企业列入{list}的提议已撤回。',
      reason: '理由：{reason}',
      button: '查看详情',
    },
    'list-ended': {
      subject: '已移出名单',
      expired: '贵企业已于 {endedOn} 期满移出{list}。',
      early_exit: '贵企业已于 {endedOn} 提前移出{list}。',
      reason: '理由：{reason}',
      button: '查看详情',
    },
  },
  en: {
    'list-proposed': {
      subject: 'Prior notice of a list entry',
      intro: 'Your company ({tenantName}) is proposed for the {list}.',
      reasons: 'Reasons: {reasons}',
      legalBasis: 'Legal basis: {legalBasis}',
      rights: 'Your company may object until {closesOn} (inclusive, {days} working days): sign in to ParkTrust, open the link below and submit your explanation and evidence under "Object". A regulator decides once the window has closed and every objection is answered.',
      button: 'See it and object',
    },
    'list-objection': {
      subject: 'Objection to a list proposal: {tenantName}',
      intro: '{tenantName} objects to the proposal for the {list}: {text}',
      button: 'See it and answer',
    },
    'list-objection-answered': {
      subject: 'Your objection to a list proposal was answered',
      intro: 'Your objection to the proposal for the {list} was answered: {answer}',
      button: 'See the answer',
    },
    'list-decided': {
      subject: 'List decision',
      approve: 'Your company is on the {list} from {startsOn}; it is planned to end on {plannedEndOn}.',
      reject: 'The proposal to put your company on the {list} was rejected.',
      withdraw: 'The proposal to put your company on the {list} was withdrawn.',
      reason: 'Reason: {reason}',
      button: 'See the details',
    },
    'list-ended': {
      subject: 'Off a list',
      expired: 'Your company\'s entry on the {list} ended on {endedOn}, at the end of its period.',
      early_exit: 'Your company\'s entry on the {list} ended early on {endedOn}.',
      reason: 'Reason: {reason}',
      button: 'See the details',
    },
  },
  labels: {
    'zh-CN': {
      'list-proposed': '名单事先告知', 'list-objection': '名单异议', 'list-objection-answered': '名单异议答复', 'list-decided': '名单决定', 'list-ended': '移出名单',
    },
    en: {
      'list-proposed': 'List prior notice', 'list-objection': 'List objection', 'list-objection-answered': 'List objection answered', 'list-decided': 'List decision', 'list-ended': 'Off a list',
    },
  },
};
