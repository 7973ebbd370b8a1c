export const errorsMessages = {
  'zh-CN': {
    errors: {
      titleGeneric: '出错了', title400: '请求有误', title401: '需要登录', title403: '无权访问', title404: '页面不存在', title409: '操作冲突',
      title413: '文件过大', title415: '文件类型不支持', title429: '请求过于频繁', title500: '服务器内部错误',
      badRequest: '请求无法处理，请检查输入。', unauthenticated: '请先登录。', forbidden: '您没有权限执行此操作。',
      csrf: '表单已过期或来源无效，请刷新页面后重试。', notFound: '找不到您要的内容。', conflict: '该操作与现有数据冲突。',
      tooLarge: '上传内容超过了 {limit} 的上限。', unsupportedType: '不支持该文件类型。', tooManyRequests: '请求过于频繁，请稍后再试。',
      internal: '服务器出现意外错误，已记录。请稍后重试。', validation: '请更正标出的字段。', malformedBody: '请求内容格式错误。',
      backHome: '返回首页',
    },
    validation: {
      required: '此项必填。', unknownField: '不接受此字段。', maxLength: '最多 {limit} 个字符。', minLength: '至少 {limit} 个字符。',
      email: '请输入有效的电子邮箱。', oneOf: '请从列表中选择。', integer: '请输入整数。', min: '不能小于 {limit}。', max: '不能大于 {limit}。',
      date: '请输入 YYYY-MM-DD 格式的有效日期。', boolean: '请选择是或否。', text: '请输入文字。', format: '格式不正确。', invalid: '此值无效。',
      usccLength: '统一社会信用代码应为 18 位（当前 {length} 位）。', usccAlphabet: '第 {position} 位字符不允许出现在统一社会信用代码中（不含 I、O、S、V、Z）。',
      usccCheck: '校验码错误：按 GB 32100 应为“{expected}”，实际为“{actual}”。如确为早期试点代码，请填写例外理由。',
      duplicateUscc: '统一社会信用代码 {uscc} 已登记。', taken: '已被占用。', unknownTenant: '找不到该企业。', unknownDepartment: '找不到该部门。',
      wrongPassword: '当前密码不正确。', samePassword: '新密码不能与当前密码相同。', mismatch: '两次输入的密码不一致。',
      statusTransition: '不允许的状态变更。',
    },
  },
  en: {
    errors: {
      titleGeneric: 'Something went wrong', title400: 'Bad request', title401: 'Login required', title403: 'Access denied', title404: 'Not found', title409: 'Conflict',
      title413: 'File too large', title415: 'Unsupported file type', title429: 'Too many requests', title500: 'Server error',
      badRequest: 'The request could not be processed; please check the input.', unauthenticated: 'Please log in.', forbidden: 'You are not allowed to do this.',
      csrf: 'The form has expired or came from elsewhere; reload the page and try again.', notFound: 'We could not find what you asked for.', conflict: 'This conflicts with existing data.',
      tooLarge: 'The upload exceeds the {limit} limit.', unsupportedType: 'This file type is not supported.', tooManyRequests: 'Too many requests; please try again later.',
      internal: 'An unexpected error occurred and was logged. Please try again later.', validation: 'Please correct the marked fields.', malformedBody: 'The request body is malformed.',
      backHome: 'Back to home',
    },
    validation: {
      required: 'This field is required.', unknownField: 'This field is not accepted.', maxLength: 'At most {limit} characters.', minLength: 'At least {limit} characters.',
      email: 'Enter a valid e-mail address.', oneOf: 'Choose one of the listed values.', integer: 'Enter a whole number.', min: 'Must be at least {limit}.', max: 'Must be at most {limit}.',
      date: 'Enter a valid date as YYYY-MM-DD.', boolean: 'Choose yes or no.', text: 'Enter text.', format: 'The format is not valid.', invalid: 'This value is not valid.',
      usccLength: 'A unified social credit code has 18 characters (this one has {length}).', usccAlphabet: 'Character {position} is not allowed in a unified social credit code (no I, O, S, V, Z).',
      usccCheck: 'Wrong check character: GB 32100 expects "{expected}", found "{actual}". If this is a genuine early pilot code, give an override reason.',
      duplicateUscc: 'The code {uscc} is already registered.', taken: 'Already taken.', unknownTenant: 'No such tenant.', unknownDepartment: 'No such department.',
      wrongPassword: 'The current password is not correct.', samePassword: 'The new password must differ from the current one.', mismatch: 'The passwords do not match.',
      statusTransition: 'This status change is not allowed.',
    },
  },
};
