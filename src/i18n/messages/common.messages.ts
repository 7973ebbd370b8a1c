export const commonMessages = {
  'zh-CN': {
    app: { name: '园区诚信自律平台', short: 'ParkTrust', tagline: '入驻企业自律 · 管理公司自治 · 第三方机构评价 · 政府部门协同监管' },
    nav: {
      home: '首页', tenants: '入驻企业', users: '用户', departments: '监管部门', audit: '审计日志', apiDocs: 'API 文档', verify: '回执核验', footer: '页脚链接',
      account: '我的账户', password: '修改密码', sessions: '登录会话', logout: '退出登录', language: '语言', skip: '跳到主要内容', menu: '菜单', myTenant: '本企业档案',
      admin: '系统管理',
    },
    actions: {
      save: '保存', cancel: '取消', search: '搜索', reset: '重置', edit: '编辑', create: '新建', back: '返回', confirm: '确认',
      exportCsv: '导出 CSV', exportXlsx: '导出 Excel', import: '导入', prev: '上一页', next: '下一页', filter: '筛选', view: '查看',
    },
    common: {
      yes: '是', no: '否', none: '无', all: '全部', loading: '加载中…', noResults: '没有符合条件的记录。',
      showing: '第 {from}–{to} 条，共 {total} 条', page: '第 {page} / {pages} 页', required: '必填', optional: '选填',
      pageSize: '每页', sortBy: '排序', ascending: '升序', descending: '降序', actions: '操作', status: '状态', createdAt: '创建时间',
      updatedAt: '更新时间', timeZoneNote: '时间以园区时区（{zone}）显示。',
    },
    roles: { admin: '系统管理员', park_staff: '园区管理人员', tenant_officer: '企业合规专员', evaluator: '第三方评价人员', regulator: '监管部门人员' },
    home: {
      title: '首页', welcome: '欢迎，{name}', activeTenants: '在园企业', suspendedTenants: '暂停', movedOutTenants: '已迁出',
      registry: '企业名录', registryHint: '查找、登记、导入和导出入驻企业。', registryReadHint: '查找和查看入驻企业，导出名录。',
      conventionsHint: '起草、发布公约和信用承诺书，跟踪签署进度，记录违约。', conventionsReadHint: '查看公约、信用承诺书和各企业的签署进度。', usersHint: '管理账户、角色和 API 令牌。',
      auditHint: '查看并校验防篡改审计日志。', nothingWaiting: '目前没有待您处理的事项。',
    },
  },
  en: {
    app: { name: 'ParkTrust', short: 'ParkTrust', tagline: 'Tenant self-discipline · management self-governance · third-party evaluation · coordinated supervision' },
    nav: {
      home: 'Home', tenants: 'Tenants', users: 'Users', departments: 'Departments', audit: 'Audit log', apiDocs: 'API docs', verify: 'Verify a receipt', footer: 'Footer links',
      account: 'My account', password: 'Change password', sessions: 'Sessions', logout: 'Log out', language: 'Language', skip: 'Skip to main content', menu: 'Menu', myTenant: 'My company',
      admin: 'Administration',
    },
    actions: {
      save: 'Save', cancel: 'Cancel', search: 'Search', reset: 'Reset', edit: 'Edit', create: 'New', back: 'Back', confirm: 'Confirm',
      exportCsv: 'Export CSV', exportXlsx: 'Export Excel', import: 'Import', prev: 'Previous', next: 'Next', filter: 'Filter', view: 'View',
    },
    common: {
      yes: 'Yes', no: 'No', none: 'None', all: 'All', loading: 'Loading…', noResults: 'No records match.',
      showing: '{from}–{to} of {total}', page: 'Page {page} of {pages}', required: 'required', optional: 'optional',
      pageSize: 'Per page', sortBy: 'Sort by', ascending: 'ascending', descending: 'descending', actions: 'Actions', status: 'Status', createdAt: 'Created',
      updatedAt: 'Updated', timeZoneNote: 'Times are shown in the park time zone ({zone}).',
    },
    roles: { admin: 'Administrator', park_staff: 'Park staff', tenant_officer: 'Tenant compliance officer', evaluator: 'Third-party evaluator', regulator: 'Regulator' },
    home: {
      title: 'Home', welcome: 'Welcome, {name}', activeTenants: 'Active tenants', suspendedTenants: 'Suspended', movedOutTenants: 'Moved out',
      registry: 'Tenant registry', registryHint: 'Find, register, import and export tenants.', registryReadHint: 'Find and read tenants, and export the registry.',
      conventionsHint: 'Draft and publish conventions and credit commitments, follow signing, record breaches.', conventionsReadHint: 'Read conventions and credit commitments and every tenant\'s signing progress.', usersHint: 'Manage accounts, roles and API tokens.',
      auditHint: 'Browse and verify the tamper-evident audit log.', nothingWaiting: 'Nothing is waiting for you.',
    },
  },
};
