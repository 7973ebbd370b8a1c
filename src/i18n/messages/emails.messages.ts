/** E-mail text. `emails.<template>.subject` is also the title of the in-app notice. */
export const emailsMessages = {
  'zh-CN': {
    emails: {
      greeting: '{name}，您好：',
      footer: '此邮件由园区诚信自律平台自动发送，请勿直接回复。',
      allNotices: '查看全部通知',
      'account-created': {
        subject: '您的园区诚信自律平台账户已开通',
        intro: '管理员已为您开通账户，角色为：{role}。',
        login: '登录邮箱：{email}',
        button: '登录平台',
        password: '初始密码由管理员另行告知；首次登录后请立即修改。',
      },
      'password-reset': {
        subject: '您的登录密码已被重置',
        intro: '管理员 {admin} 重置了您的登录密码，新的临时密码由其另行告知。下次登录时须设置新密码。',
        warning: '如非您本人申请，请立即联系园区管理员。',
      },
      'test-message': {
        subject: '测试邮件',
        body: '这是 {admin} 从平台发出的测试邮件。收到即表示邮件发送正常。',
      },
    },
  },
  en: {
    emails: {
      greeting: 'Dear {name},',
      footer: 'This message was sent automatically by ParkTrust; please do not reply to it.',
      allNotices: 'All notifications',
      'account-created': {
        subject: 'Your ParkTrust account is ready',
        intro: 'An administrator created an account for you with the role: {role}.',
        login: 'Log in with the e-mail address {email}.',
        button: 'Log in to ParkTrust',
        password: 'Your administrator gives you the initial password separately; change it when you first log in.',
      },
      'password-reset': {
        subject: 'Your password was reset',
        intro: 'Administrator {admin} reset your password and will give you a temporary one separately. You must set a new password at your next login.',
        warning: 'If you did not ask for this, contact the park administrator at once.',
      },
      'test-message': {
        subject: 'Test message',
        body: 'This is a test message sent by {admin} from the portal. If you received it, e-mail works.',
      },
    },
  },
};
