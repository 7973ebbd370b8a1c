/**
 * Findings, one top-level key per sub-feature: recording, list and detail (`findings`), annual
 * reports (`findingsAnnualReports`). Rectification and import add their own top-level keys (here as
 * hunks, or in their own files).
 */
export const findingsMessages = {
  'zh-CN': {
    findings: {
      nav: '监管发现',
      notFound: '找不到该监管发现。',
      noPublicityRule: '没有适用于“{severity}”的公示规则，请联系管理员。',
    },
  },
  en: {
    findings: {
      nav: 'Findings',
      notFound: 'Finding not found.',
      noPublicityRule: 'No publicity rule applies to severity “{severity}”; ask an administrator.',
    },
  },
};
