export const tenantImportMessages = {
  'zh-CN': {
    tenantImport: {
      title: '批量导入企业', reportTitle: '导入检查结果',
      intro: '上传 CSV（UTF-8 编码）或 Excel（.xlsx）文件，第一行为表头。系统先做检查，不写入任何数据；全部通过后才可确认导入，导入要么全部成功，要么一条也不写入。',
      columnsTitle: '可用的列', columnsHint: '列名可用中文或英文，不区分大小写，顺序不限。入驻日期格式为 YYYY-MM-DD（Excel 中也可使用日期单元格）。',
      required: '必填', optional: '选填', limits: '单次最多 {rows} 行，文件不超过 {size}。',
      file: '导入文件', upload: '上传并检查', template: '下载 CSV 模板',
      fileName: '文件', format: '格式', rows: '数据行', valid: '通过检查', errorCount: '问题', created: '已导入',
      row: '行', column: '列', message: '问题说明', wholeRow: '整行',
      noErrors: '检查通过，共 {rows} 行可以导入。确认后将一次性写入。', hasErrors: '发现 {count} 个问题，请修改文件后重新上传。未写入任何数据。',
      moreErrors: '另有 {count} 个问题未显示。', commit: '确认导入', again: '重新上传',
      imported: '已导入 {count} 家企业。', nothingToCommit: '没有待确认的导入文件，请重新上传。',
      commitFailed: '确认导入时发现问题，未写入任何数据。',
      errors: {
        importUnknownColumn: '无法识别的列“{column}”。', importDuplicateColumn: '列“{column}”重复出现。',
        importMissingColumn: '缺少必需的列“{column}”。', importExtraCells: '第 {column} 列没有表头，但填写了内容。',
        duplicateInFile: '统一社会信用代码 {uscc} 在文件中重复（另见第 {rows} 行）。',
        usccCheck: '校验码错误：按 GB 32100 应为“{expected}”，实际为“{actual}”。批量导入不接受校验例外，如确为早期试点代码，请逐条登记。',
      },
    },
  },
  en: {
    tenantImport: {
      title: 'Import tenants', reportTitle: 'Import check',
      intro: 'Upload a CSV (UTF-8) or Excel (.xlsx) file whose first row is the header. The file is checked first and nothing is written; once every row passes you can commit, and the import is all or nothing.',
      columnsTitle: 'Columns', columnsHint: 'Column names in English or Chinese, in any case and order. Move-in dates as YYYY-MM-DD (or date cells in Excel).',
      required: 'required', optional: 'optional', limits: 'At most {rows} rows and {size} per file.',
      file: 'File to import', upload: 'Upload and check', template: 'Download the CSV template',
      fileName: 'File', format: 'Format', rows: 'Data rows', valid: 'Passed', errorCount: 'Problems', created: 'Imported',
      row: 'Row', column: 'Column', message: 'Problem', wholeRow: 'whole row',
      noErrors: 'All {rows} rows passed the check. Committing writes them in one go.', hasErrors: 'Found {count} problems; correct the file and upload it again. Nothing was written.',
      moreErrors: '{count} more problems are not shown.', commit: 'Commit import', again: 'Upload again',
      imported: '{count} tenants imported.', nothingToCommit: 'There is no checked file to commit; upload it again.',
      commitFailed: 'The commit found problems; nothing was written.',
      errors: {
        importUnknownColumn: 'Unknown column "{column}".', importDuplicateColumn: 'The column "{column}" appears twice.',
        importMissingColumn: 'The required column "{column}" is missing.', importExtraCells: 'Column {column} has no header but holds text.',
        duplicateInFile: 'The code {uscc} appears more than once in the file (see also row {rows}).',
        usccCheck: 'Wrong check character: GB 32100 expects "{expected}", found "{actual}". Imports accept no check override; register a genuine early pilot code on its own.',
      },
    },
  },
};
