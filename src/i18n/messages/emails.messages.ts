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
      'password-reset-link': {
        subject: '重设您的登录密码',
        intro: '有人（希望是您本人）申请重设您在园区诚信自律平台的登录密码。请点击下面的按钮设置新密码，链接 {minutes} 分钟内有效，只能使用一次。',
        button: '设置新密码',
        ignore: '如果不是您本人申请，请忽略本邮件，您的密码不会改变。',
      },
      'breach-recorded': {
        subject: '您的企业被记录违反《{title}》第 {clauseNumber} 条',
        intro: '园区管理方记录了贵企业于 {occurredOn} 违反《{title}》第 {clauseNumber} 条的行为。',
        respond: '您可以查看情况说明和证据材料，并提交书面回复及附件。',
        rectifyBy: '整改期限：{rectifyBy}（含）。',
        button: '查看并回复',
      },
      'breach-responded': {
        subject: '{tenantName} 回复了违约记录（第 {clauseNumber} 条）',
        intro: '{tenantName} 对您记录的 {occurredOn} 违反第 {clauseNumber} 条的行为提交了书面回复。',
        button: '查看回复',
      },
      'breach-confirmed': {
        subject: '违约已确认：第 {clauseNumber} 条（{occurredOn}）',
        intro: '园区管理方确认了贵企业 {occurredOn} 违反第 {clauseNumber} 条的行为。该违约将计入企业信用评分。',
        reason: '理由：{reason}',
        rectifyBy: '请在 {rectifyBy}（含）前完成整改。',
        button: '查看违约记录',
      },
      'breach-withdrawn': {
        subject: '违约记录已撤销：第 {clauseNumber} 条（{occurredOn}）',
        intro: '园区管理方撤销了贵企业 {occurredOn} 违反第 {clauseNumber} 条的记录，不计入企业信用评分。',
        reason: '理由：{reason}',
        button: '查看违约记录',
      },
      'convention-published': {
        subject: '请签署《{title}》（第 {versionNo} 版）',
        intro: '园区已发布《{title}》第 {versionNo} 版，请贵企业的合规专员阅读全文并在线签署。',
        deadline: '签署截止日：{deadline}（含）。',
        button: '阅读并签署',
      },
      'signing-reminder': {
        subject: '提醒：《{title}》还有 {days} 天截止签署',
        intro: '贵企业尚未签署《{title}》第 {versionNo} 版，距截止日 {deadline} 还有 {days} 天，请及时签署。',
      },
      'signing-overdue': {
        subject: '已逾期：《{title}》尚未签署',
        intro: '贵企业未在截止日 {deadline} 前签署《{title}》第 {versionNo} 版，现已逾期。',
        consequence: '逾期未签将计入企业自律评分的负面清单，请尽快签署。',
      },
      'overdue-digest': {
        subject: '逾期未签汇总（{date}）：{total} 家企业',
        intro: '截至 {date}，共有 {total} 家企业逾期未签署 {versions} 个现行版本。各版本逾期企业数：',
        button: '查看签署进度',
      },
      'audit-checkpoint': {
        subject: '审计日志检查点：第 {entryId} 条',
        body: '平台已为审计日志生成签名检查点（{at}，截至第 {entryId} 条）。请保存本邮件：如怀疑日志被篡改或回滚，可运行 npm run cli -- audit:verify --checkpoint 并填入下面这一行核对。',
        button: '查看审计日志',
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
      'password-reset-link': {
        subject: 'Set a new ParkTrust password',
        intro: 'Someone (we hope you) asked to reset your ParkTrust password. Use the button below to set a new one; the link works for {minutes} minutes and only once.',
        button: 'Set a new password',
        ignore: 'If you did not ask for this, ignore this message; your password does not change.',
      },
      'breach-recorded': {
        subject: 'A breach of clause {clauseNumber} of “{title}” was recorded for your company',
        intro: 'The park management recorded a breach by your company of clause {clauseNumber} of “{title}” on {occurredOn}.',
        respond: 'You can read the description and the evidence, and respond in writing with files.',
        rectifyBy: 'Rectify by {rectifyBy} (inclusive).',
        button: 'View and respond',
      },
      'breach-responded': {
        subject: '{tenantName} responded to a breach record (clause {clauseNumber})',
        intro: '{tenantName} responded in writing to the breach of clause {clauseNumber} on {occurredOn} that you recorded.',
        button: 'View the response',
      },
      'breach-confirmed': {
        subject: 'Breach confirmed: clause {clauseNumber} ({occurredOn})',
        intro: 'The park management confirmed your company’s breach of clause {clauseNumber} on {occurredOn}. It counts in your company’s credit score.',
        reason: 'Reason: {reason}',
        rectifyBy: 'Please put it right by {rectifyBy} (inclusive).',
        button: 'View the breach',
      },
      'breach-withdrawn': {
        subject: 'Breach record withdrawn: clause {clauseNumber} ({occurredOn})',
        intro: 'The park management withdrew the record of your company’s breach of clause {clauseNumber} on {occurredOn}; it does not count in your credit score.',
        reason: 'Reason: {reason}',
        button: 'View the breach',
      },
      'convention-published': {
        subject: 'Please sign "{title}" (version {versionNo})',
        intro: 'The park has published version {versionNo} of "{title}". Your company\'s compliance officer is asked to read the full text and sign it online.',
        deadline: 'Deadline for signing: {deadline} (inclusive).',
        button: 'Read and sign',
      },
      'signing-reminder': {
        subject: 'Reminder: {days} days left to sign "{title}"',
        intro: 'Your company has not yet signed version {versionNo} of "{title}". The deadline, {deadline}, is {days} days away.',
      },
      'signing-overdue': {
        subject: 'Overdue: "{title}" is not signed',
        intro: 'Your company did not sign version {versionNo} of "{title}" by the deadline, {deadline}; it is now overdue.',
        consequence: 'An overdue signature counts on the negative list of your self-discipline score; please sign as soon as possible.',
      },
      'overdue-digest': {
        subject: 'Overdue signatures on {date}: {total} tenants',
        intro: 'As of {date}, {total} tenants have not signed one of {versions} current versions after the deadline. Overdue tenants per version:',
        button: 'See signing progress',
      },
      'audit-checkpoint': {
        subject: 'Audit log checkpoint: entry {entryId}',
        body: 'The portal signed a checkpoint of the audit log ({at}, up to entry {entryId}). Keep this message: if you suspect the log was edited or rewound, run npm run cli -- audit:verify --checkpoint with the line below.',
        button: 'Open the audit log',
      },
      'test-message': {
        subject: 'Test message',
        body: 'This is a test message sent by {admin} from the portal. If you received it, e-mail works.',
      },
    },
  },
};
