export const accountsMessages = {
  'zh-CN': {
    auth: {
      loginTitle: '登录', email: '电子邮箱', password: '密码', submit: '登录', invalidCredentials: '邮箱或密码不正确。',
      throttledSeconds: '登录失败次数过多，请 {seconds} 秒后再试。', throttledMinutes: '登录失败次数过多，请 {minutes} 分钟后再试。',
      mustChangePassword: '请先设置新密码。',
      forgotLink: '忘记密码？', verifyLink: '验证签署回执',
      forgot: {
        title: '找回密码', intro: '输入您的登录邮箱，我们会向该邮箱发送一个重设密码的链接。', submit: '发送重设链接',
        sent: '如果该邮箱对应一个有效账户，重设密码的链接已发送，{minutes} 分钟内有效。请查收邮件（含垃圾邮件箱）。', backToLogin: '返回登录',
      },
      reset: {
        title: '设置新密码', intro: '请为账户设置新密码。设置后，您在所有浏览器和设备上的登录都将结束，请用新密码重新登录。', submit: '设置新密码',
        done: '新密码已设置，请用新密码登录。', invalid: '该重设链接无效、已使用、已被更新的链接取代或已过期。请重新申请。', again: '重新申请重设链接',
      },
    },
    account: {
      passwordTitle: '修改密码', currentPassword: '当前密码', newPassword: '新密码', confirmPassword: '确认新密码',
      passwordRule: '至少 10 个字符。', mustChange: '您正在使用临时密码，请设置新密码后继续。', passwordChanged: '密码已修改。',
      revokeTokens: '同时吊销我的全部 API 令牌', revokeTokensHint: '使用这些令牌的外部系统将无法再调用接口，需由管理员签发新令牌。',
      endsOtherSessions: '修改密码后，您在其他浏览器和设备上的登录会话将全部结束，当前会话保留。', tokensRevoked: '已吊销 {count} 个 API 令牌。',
    },
    sessions: {
      title: '登录会话', intro: '您当前在以下浏览器和设备上处于登录状态。如有不认识的会话，请结束它并修改密码。',
      device: '浏览器与系统', ip: 'IP 地址', createdAt: '登录时间', lastSeenAt: '最近活动', current: '当前会话', end: '结束',
      endOthers: '结束其他全部会话', noOthers: '没有其他会话。', unknownBrowser: '未知浏览器', limited: '仅显示最近使用的 {limit} 个会话。',
      ended: '会话已结束。', endedOthers: '已结束 {count} 个其他会话。', endedOnPasswordChange: '您在其他地方的 {count} 个登录会话已结束。',
    },
    users: {
      title: '用户管理', newTitle: '新建用户', editTitle: '用户详情', email: '电子邮箱', name: '姓名', role: '角色', tenant: '所属企业（统一社会信用代码）',
      department: '所属部门', institution: '评价机构编号', active: '启用', disabled: '已停用', lastLogin: '最近登录', password: '初始密码',
      mustChangePassword: '首次登录须修改密码', created: '已创建用户 {email}。', saved: '用户已保存。', disabledDone: '用户已停用。',
      disable: '停用', enable: '启用', enabled: '用户已启用。', resetPassword: '重置密码', resetHint: '设置一个临时密码，用户下次登录时必须修改。',
      passwordReset: '密码已重置，用户下次登录须修改。', emailTaken: '邮箱 {email} 已被使用。', cannotDisableSelf: '不能停用自己的账户。',
      searchPlaceholder: '邮箱或姓名', bindingHint: '企业合规专员须绑定企业；监管部门人员须绑定部门。',
      addOfficer: '添加合规专员',
    },
    tokens: {
      title: 'API 令牌', label: '用途', prefix: '前缀', createdAt: '签发时间', lastUsed: '最近使用', revokedAt: '已吊销', revoke: '吊销',
      issue: '签发令牌', issued: '新令牌（只显示这一次，请立即复制保存）：', revoked: '令牌已吊销。', none: '尚无令牌。', never: '从未使用',
      usage: '调用方式：Authorization: Bearer <令牌>',
    },
    departments: {
      title: '监管部门', newTitle: '新增部门', editTitle: '编辑部门', code: '代码', nameZh: '中文名称', nameEn: '英文名称', active: '启用',
      saved: '部门已保存。', codeTaken: '部门代码 {code} 已存在。',
      delegatesVerification: '委托园区核验整改', delegatesVerificationHint: '勾选后，园区管理人员也可以核验并关闭本部门监管发现的整改（本部门监管人员始终可以）。', delegatesShort: '委托核验',
    },
  },
  en: {
    auth: {
      loginTitle: 'Log in', email: 'E-mail', password: 'Password', submit: 'Log in', invalidCredentials: 'E-mail or password is not correct.',
      throttledSeconds: 'Too many failed logins; try again in {seconds} seconds.', throttledMinutes: 'Too many failed logins; try again in {minutes} minutes.',
      mustChangePassword: 'Please set a new password first.',
      forgotLink: 'Forgot your password?', verifyLink: 'Check a signature receipt',
      forgot: {
        title: 'Reset your password', intro: 'Enter the e-mail address you log in with and we will send a link to set a new password to it.', submit: 'Send the link',
        sent: 'If this address belongs to an active account, a link to set a new password is on its way; it works for {minutes} minutes. Check your inbox (and spam folder).', backToLogin: 'Back to login',
      },
      reset: {
        title: 'Set a new password', intro: 'Choose a new password. Afterwards you are logged out everywhere; log in again with the new password.', submit: 'Set new password',
        done: 'Your new password is set. Log in with it.', invalid: 'This reset link is not valid: it was used, replaced by a newer link, or it expired. Ask for a new one.', again: 'Ask for a new link',
      },
    },
    account: {
      passwordTitle: 'Change password', currentPassword: 'Current password', newPassword: 'New password', confirmPassword: 'Confirm new password',
      passwordRule: 'At least 10 characters.', mustChange: 'You are using a temporary password; set a new one to continue.', passwordChanged: 'Your password was changed.',
      revokeTokens: 'Also revoke all my API tokens', revokeTokensHint: 'Systems using them can no longer call the API until an admin issues new tokens.',
      endsOtherSessions: 'Changing the password ends your sessions in every other browser and device; this one stays.', tokensRevoked: '{count} API tokens revoked.',
    },
    sessions: {
      title: 'Sessions', intro: 'You are logged in on these browsers and devices. If you do not recognise one, end it and change your password.',
      device: 'Browser and system', ip: 'IP address', createdAt: 'Logged in', lastSeenAt: 'Last active', current: 'This session', end: 'End',
      endOthers: 'End all other sessions', noOthers: 'No other sessions.', unknownBrowser: 'Unknown browser', limited: 'Only the {limit} most recently used sessions are shown.',
      ended: 'Session ended.', endedOthers: '{count} other sessions ended.', endedOnPasswordChange: '{count} of your sessions elsewhere were ended.',
    },
    users: {
      title: 'Users', newTitle: 'New user', editTitle: 'User', email: 'E-mail', name: 'Name', role: 'Role', tenant: 'Tenant (USCC)',
      department: 'Department', institution: 'Institution id', active: 'Active', disabled: 'Disabled', lastLogin: 'Last login', password: 'Initial password',
      mustChangePassword: 'Must change password at first login', created: 'User {email} created.', saved: 'User saved.', disabledDone: 'User disabled.',
      disable: 'Disable', enable: 'Enable', enabled: 'User enabled.', resetPassword: 'Reset password', resetHint: 'Set a temporary password; the user must change it at next login.',
      passwordReset: 'Password reset; the user must change it at next login.', emailTaken: 'The e-mail {email} is already in use.', cannotDisableSelf: 'You cannot disable your own account.',
      searchPlaceholder: 'E-mail or name', bindingHint: 'A tenant officer needs a tenant; a regulator needs a department.',
      addOfficer: 'Add compliance officer',
    },
    tokens: {
      title: 'API tokens', label: 'Label', prefix: 'Prefix', createdAt: 'Issued', lastUsed: 'Last used', revokedAt: 'Revoked', revoke: 'Revoke',
      issue: 'Issue token', issued: 'New token (shown only this once; copy it now):', revoked: 'Token revoked.', none: 'No tokens yet.', never: 'never',
      usage: 'Use as: Authorization: Bearer <token>',
    },
    departments: {
      title: 'Departments', newTitle: 'New department', editTitle: 'Edit department', code: 'Code', nameZh: 'Chinese name', nameEn: 'English name', active: 'Active',
      saved: 'Department saved.', codeTaken: 'Department code {code} already exists.',
      delegatesVerification: 'Delegates verification to the park', delegatesVerificationHint: "When ticked, park staff may also verify and close the rectification of this department's findings (its regulators always may).", delegatesShort: 'Delegates verification',
    },
  },
};
