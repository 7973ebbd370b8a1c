export const tenantsMessages = {
  'zh-CN': {
    tenants: {
      title: '入驻企业', newTitle: '登记企业', editTitle: '编辑企业信息', hubTitle: '企业档案', notFound: '找不到该企业。',
      uscc: '统一社会信用代码', name: '企业名称', legalRepresentative: '法定代表人', industry: '行业', building: '楼栋', unit: '单元',
      movedInAt: '入驻日期', contactPhone: '联系电话', status: '状态', statusReason: '状态说明', usccOverrideReason: '校验例外理由',
      usccOverrideHint: '仅当代码确为早期试点地区签发、无法通过校验时填写；将记入审计日志。', usccOverridden: '此代码未通过 GB 32100 校验，经人工确认登记：{reason}',
      searchPlaceholder: '企业名称或信用代码开头', created: '已登记 {name}。', saved: '企业信息已保存。',
      duplicateUscc: '统一社会信用代码 {uscc} 已登记。', statusTransition: '不能从“{from}”变更为“{to}”。',
      statusReasonRequired: '请填写状态变更的理由。', changeStatus: '变更状态', reason: '理由',
      statusChanged: { active: '企业已恢复为在园。', suspended: '企业已暂停。', moved_out: '企业已标记为迁出。' },
      statusAction: { active: '恢复在园', suspended: '暂停', moved_out: '迁出' },
      statuses: { active: '在园', suspended: '暂停', moved_out: '已迁出' },
      profile: '基本信息', officers: '合规专员', noOfficers: '尚未指定合规专员。', later: '信用评分、检查、培训等信息将在后续功能上线后显示在此处。',
      allStatuses: '全部状态', allIndustries: '全部行业', allBuildings: '全部楼栋', import: '批量导入',
    },
  },
  en: {
    tenants: {
      title: 'Tenants', newTitle: 'Register tenant', editTitle: 'Edit tenant', hubTitle: 'Tenant file', notFound: 'No such tenant.',
      uscc: 'Unified social credit code', name: 'Company name', legalRepresentative: 'Legal representative', industry: 'Industry', building: 'Building', unit: 'Unit',
      movedInAt: 'Moved in', contactPhone: 'Contact phone', status: 'Status', statusReason: 'Status note', usccOverrideReason: 'Check override reason',
      usccOverrideHint: 'Only for a genuine early pilot-region code that fails the check; recorded in the audit log.', usccOverridden: 'This code fails the GB 32100 check and was accepted by staff: {reason}',
      searchPlaceholder: 'Start of name or credit code', created: '{name} registered.', saved: 'Tenant saved.',
      duplicateUscc: 'The code {uscc} is already registered.', statusTransition: 'Cannot change from "{from}" to "{to}".',
      statusReasonRequired: 'Give a reason for the status change.', changeStatus: 'Change status', reason: 'Reason',
      statusChanged: { active: 'The tenant is active again.', suspended: 'The tenant is suspended.', moved_out: 'The tenant is marked as moved out.' },
      statusAction: { active: 'Reactivate', suspended: 'Suspend', moved_out: 'Move out' },
      statuses: { active: 'Active', suspended: 'Suspended', moved_out: 'Moved out' },
      profile: 'Profile', officers: 'Compliance officers', noOfficers: 'No compliance officer yet.', later: 'Score, inspections, trainings and more will appear here as those features arrive.',
      allStatuses: 'All statuses', allIndustries: 'All industries', allBuildings: 'All buildings', import: 'Import',
    },
  },
};
