export const auditMessages = {
  'zh-CN': {
    audit: {
      title: '审计日志', occurredAt: '时间', actor: '操作人', action: '操作', entity: '对象', ip: '来源 IP', changes: '变更内容',
      before: '变更前', after: '变更后', entityType: '对象类型', entityId: '对象编号', from: '起始日期', to: '截止日期',
      verify: '校验哈希链', verifyHint: '逐条重新计算 SHA-256 哈希链，任何对历史记录的修改或删除都会被发现。',
      intact: '审计日志完整：已校验 {checked} 条记录。', broken: '审计日志已被篡改：第 {id} 条记录处断链（{reason}），之前 {checked} 条完整。',
      reason: { hash: '内容与哈希不符', link: '前序哈希不符', head: '链尾与记录不符', truncated: '签名检查点之后的记录被删除（日志被回滚）', mismatch: '与签名检查点的哈希不符', checkpoint: '检查点文件无法读取或签名无效' },
      anchored: '已与第 {id} 条处的签名检查点核对一致。', noCheckpoint: '尚无签名检查点（每日 02:30 自动生成并发送给管理员）。',
    },
  },
  en: {
    audit: {
      title: 'Audit log', occurredAt: 'Time', actor: 'Actor', action: 'Action', entity: 'Record', ip: 'From IP', changes: 'Changes',
      before: 'Before', after: 'After', entityType: 'Record type', entityId: 'Record id', from: 'From', to: 'To',
      verify: 'Verify hash chain', verifyHint: 'Recomputes the SHA-256 chain entry by entry; any edit or deletion of a past entry is detected.',
      intact: 'The audit log is intact: {checked} entries checked.', broken: 'The audit log was tampered with: the chain breaks at entry {id} ({reason}); the {checked} entries before it are intact.',
      reason: { hash: 'content does not match its hash', link: 'previous hash does not match', head: 'chain end does not match the record', truncated: 'entries after a signed checkpoint were deleted (the log was rewound)', mismatch: 'does not match the signed checkpoint', checkpoint: 'a checkpoint file is unreadable or not validly signed' },
      anchored: 'It matches the signed checkpoint at entry {id}.', noCheckpoint: 'There is no signed checkpoint yet (one is made daily at 02:30 and e-mailed to admins).',
    },
  },
};
