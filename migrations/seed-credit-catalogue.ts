import type { QueryRunner } from 'typeorm';
import { insertRows, seedNow } from './seed-rows.js';

type Publicity = 'never' | 'while_listed' | 'results' | 'publicity_period';
type Category = 'registry' | 'commitments' | 'supervision' | 'scoring' | 'lists' | 'incentives' | 'system';

interface Item {
  code: string;
  category: Category;
  nameZh: string; nameEn: string;
  descriptionZh: string; descriptionEn: string;
  producerZh: string; producerEn: string;
  legalBasis: string; legalBasisEn: string;
  audienceZh: string; audienceEn: string;
  publicity: Publicity;
  countsZh: string; countsEn: string;
  retentionZh: string; retentionEn: string;
}

const PARK_RULES = '《园区信用管理办法》';
const PARK_RULES_EN = 'Park credit management rules';
const GUIDANCE_49 = '《国务院办公厅关于进一步完善失信约束制度构建诚信建设长效机制的指导意见》（国办发〔2020〕49号）';
const GUIDANCE_49_EN = 'State Council General Office guidance on improving credit-loss constraints (Guo Ban Fa [2020] No. 49)';
const STAFF_REGULATORS_TENANT_ZH = '园区工作人员、监管部门、本企业信用联络员';
const STAFF_REGULATORS_TENANT_EN = 'Park staff, regulators and the tenant\'s own officers';

/**
 * The credit information catalogue (信用目录) as ParkTrust ships it: one row per kind of record it
 * keeps — what it is, who produces it, its legal basis, who may see it, whether it is ever public,
 * how long it counts in the score and how long it is kept. Admins maintain it at /credit-catalogue;
 * the windows quoted are the default rulebook's and shared/domain/rules.md's.
 */
export const CREDIT_CATALOGUE: readonly Item[] = [
  {
    code: 'tenant_registry', category: 'registry',
    nameZh: '企业登记信息', nameEn: 'Tenant registry record',
    descriptionZh: '入驻企业的名称、统一社会信用代码、所属行业、楼栋、入驻与迁出日期和在园状态。',
    descriptionEn: 'Each tenant\'s name, unified social credit code, industry, building, move-in and move-out dates and status in the park.',
    producerZh: '园区管理公司（企业服务部）', producerEn: 'Park management company (tenant services)',
    legalBasis: `《企业信息公示暂行条例》；${PARK_RULES}`, legalBasisEn: `Interim Regulations on Enterprise Information Disclosure; ${PARK_RULES_EN}`,
    audienceZh: STAFF_REGULATORS_TENANT_ZH, audienceEn: STAFF_REGULATORS_TENANT_EN,
    publicity: 'while_listed',
    countsZh: '不计分（基础信息）；名称和信用代码仅在列入红名单或黑名单期间公开', countsEn: 'Not scored (basic information); name and code are public only while on the red or black list',
    retentionZh: '迁出后 5 年', retentionEn: '5 years after moving out',
  },
  {
    code: 'officer_accounts', category: 'registry',
    nameZh: '企业信用联络员账户', nameEn: 'Tenant officer accounts',
    descriptionZh: '企业指定的合规负责人的姓名、电子邮箱、所属企业，以及登录和会话记录。',
    descriptionEn: 'Name, e-mail address and tenant of each compliance officer a tenant appoints, with their logins and sessions.',
    producerZh: '园区系统管理员（开户），本人（维护）', producerEn: 'Park system administrators (opening), the officer (upkeep)',
    legalBasis: `《中华人民共和国个人信息保护法》第十三条；${PARK_RULES}`, legalBasisEn: `Personal Information Protection Law, art. 13; ${PARK_RULES_EN}`,
    audienceZh: '系统管理员、本人', audienceEn: 'System administrators and the officer',
    publicity: 'never',
    countsZh: '不计分', countsEn: 'Not scored',
    retentionZh: '账户停用后 3 年；登录记录 1 年', retentionEn: '3 years after the account is disabled; login records 1 year',
  },
  {
    code: 'convention_signatures', category: 'commitments',
    nameZh: '公约签署记录', nameEn: 'Convention signatures',
    descriptionZh: '企业对园区管理公约各版本的在线或纸质签署：签署人、职务、时间和回执核验码。',
    descriptionEn: 'Online or paper signatures of each version of the park convention: signer, title, time and the receipt\'s verification code.',
    producerZh: '入驻企业（签署），园区管理公司（发布公约、登记纸质签署）', producerEn: 'Tenants (signing); park management (publishing, recording paper signatures)',
    legalBasis: `《中华人民共和国电子签名法》；园区管理公约；${PARK_RULES}`, legalBasisEn: `Electronic Signature Law; the park convention; ${PARK_RULES_EN}`,
    audienceZh: `${STAFF_REGULATORS_TENANT_ZH}；持回执核验码者可核验回执真伪`, audienceEn: `${STAFF_REGULATORS_TENANT_EN}; holders of a receipt code can check the receipt`,
    publicity: 'never',
    countsZh: '按期签署计入正面清单（P01）；逾期未签署计入负面清单（N01），直至签署', countsEn: 'Signed in time: positive item P01; unsigned after the deadline: negative item N01 until signed',
    retentionZh: '该公约版本失效后 5 年', retentionEn: '5 years after the convention version is superseded',
  },
  {
    code: 'commitment_letters', category: 'commitments',
    nameZh: '信用承诺书', nameEn: 'Credit commitment letters',
    descriptionZh: '企业在园区系统签署的信用承诺书，包括申请信用修复时作出的承诺。',
    descriptionEn: 'Credit commitment letters tenants sign in ParkTrust, including those given when applying for credit repair.',
    producerZh: '入驻企业', producerEn: 'Tenants',
    legalBasis: `《国务院办公厅关于加快推进社会信用体系建设构建以信用为基础的新型监管机制的指导意见》（国办发〔2019〕35号）；${GUIDANCE_49}`,
    legalBasisEn: `State Council General Office guidance on credit-based supervision (Guo Ban Fa [2019] No. 35); ${GUIDANCE_49_EN}`,
    audienceZh: STAFF_REGULATORS_TENANT_ZH, audienceEn: STAFF_REGULATORS_TENANT_EN,
    publicity: 'never',
    countsZh: '在档且有效时计入正面清单（P02）；是申请信用修复的必备材料', countsEn: 'On file and current: positive item P02; required for a credit-repair application',
    retentionZh: '签署后 5 年', retentionEn: '5 years after signing',
  },
  {
    code: 'clause_breaches', category: 'commitments',
    nameZh: '公约违约记录', nameEn: 'Convention clause breaches',
    descriptionZh: '园区认定的违反公约条款的行为，附企业的回复和确认或撤销的决定。',
    descriptionEn: 'Breaches of convention clauses the park records, with the tenant\'s response and the decision to confirm or withdraw.',
    producerZh: '园区管理公司（登记、认定），入驻企业（回复）', producerEn: 'Park management (recording, confirming); tenants (responding)',
    legalBasis: `园区管理公约；${PARK_RULES}`, legalBasisEn: `The park convention; ${PARK_RULES_EN}`,
    audienceZh: STAFF_REGULATORS_TENANT_ZH, audienceEn: STAFF_REGULATORS_TENANT_EN,
    publicity: 'never',
    countsZh: '确认后 12 个月计入负面清单（N02）', countsEn: 'Once confirmed: negative item N02 for 12 months',
    retentionZh: '确认或撤销后 5 年', retentionEn: '5 years after confirmation or withdrawal',
  },
  {
    code: 'training_attendance', category: 'commitments',
    nameZh: '培训出勤记录', nameEn: 'Training attendance',
    descriptionZh: '企业参加园区要求的信用与合规培训的报名、签到、请假和缺席记录，以及结业证明。',
    descriptionEn: 'Registrations, check-ins, excuses and absences at the credit and compliance trainings the park requires, and completion certificates.',
    producerZh: '园区管理公司（培训组织方）', producerEn: 'Park management (training organiser)',
    legalBasis: PARK_RULES, legalBasisEn: PARK_RULES_EN,
    audienceZh: `${STAFF_REGULATORS_TENANT_ZH}；培训讲师可见本场名单`, audienceEn: `${STAFF_REGULATORS_TENANT_EN}; trainers see their own session's roll`,
    publicity: 'never',
    countsZh: '12 个月内出勤率计入正面清单（P07），无故缺席计入负面清单（N03）；结业证明可用于信用修复', countsEn: 'Attendance over 12 months: P07; unexcused absences: N03; certificates support credit repair',
    retentionZh: '培训结束后 3 年', retentionEn: '3 years after the training',
  },
  {
    code: 'third_party_evaluations', category: 'supervision',
    nameZh: '第三方信用评价', nameEn: 'Third-party evaluations',
    descriptionZh: '经园区认定的第三方机构对企业的信用评价：各维度得分、等级、报告，以及企业的异议和处理结果。',
    descriptionEn: 'Credit evaluations of tenants by accredited third-party institutions: dimension scores, grade, report, and any dispute and its outcome.',
    producerZh: '经认定的第三方评价机构', producerEn: 'Accredited third-party institutions',
    legalBasis: `《社会信用体系建设规划纲要（2014—2020年）》；${PARK_RULES}`, legalBasisEn: `Outline of the Social Credit System (2014–2020); ${PARK_RULES_EN}`,
    audienceZh: `${STAFF_REGULATORS_TENANT_ZH}；作出评价的机构`, audienceEn: `${STAFF_REGULATORS_TENANT_EN}; the evaluating institution`,
    publicity: 'never',
    countsZh: '最近一次有效评价：A/B 级计入正面清单（P06），C/D 级计入负面清单（N07）', countsEn: 'The latest valid evaluation: grade A/B positive item P06, grade C/D negative item N07',
    retentionZh: '评价有效期届满后 5 年', retentionEn: '5 years after the evaluation expires',
  },
  {
    code: 'administrative_penalties', category: 'supervision',
    nameZh: '行政处罚信息', nameEn: 'Administrative penalties',
    descriptionZh: '监管部门对企业作出的行政处罚决定：严重程度、处罚种类、决定日期、整改要求和整改情况。',
    descriptionEn: 'Penalty decisions regulators take against tenants: severity, kind of penalty, decision date, required rectification and its progress.',
    producerZh: '市场监管、税务、应急管理、生态环境等监管部门', producerEn: 'Regulators (market supervision, tax, emergency management, ecology and environment …)',
    legalBasis: '《中华人民共和国行政处罚法》第四十八条；《失信行为纠正后的信用信息修复管理办法（试行）》（国家发展改革委令2023年第58号）',
    legalBasisEn: 'Administrative Penalty Law, art. 48; NDRC Order No. 58 (2023) on repairing credit information after corrected conduct',
    audienceZh: STAFF_REGULATORS_TENANT_ZH, audienceEn: STAFF_REGULATORS_TENANT_EN,
    publicity: 'publicity_period',
    countsZh: '公示期内且未修复时计入负面清单（N04）：轻微至多 3 个月，一般 3 个月至 1 年，严重 1 至 3 年；整改逾期计入 N05', countsEn: 'While in its publicity period and not repaired: N04 — minor up to 3 months, general 3 months to 1 year, serious 1 to 3 years; overdue rectification: N05',
    retentionZh: '公示期届满后 5 年（修复后不删除）', retentionEn: '5 years after the publicity period (kept after repair)',
  },
  {
    code: 'abnormal_operations', category: 'supervision',
    nameZh: '经营异常名录', nameEn: 'Abnormal-operations listings',
    descriptionZh: '企业被列入经营异常名录的事由（未按期年报、未公示信息、公示信息虚假、通过登记住所无法联系）及列入、移出日期。',
    descriptionEn: 'Listings in the abnormal-operations list with their cause (missing annual report, undisclosed or false information, unreachable at the registered address) and dates listed and removed.',
    producerZh: '市场监督管理部门', producerEn: 'Market supervision authority',
    legalBasis: '《企业经营异常名录管理暂行办法》；《企业信息公示暂行条例》', legalBasisEn: 'Interim Measures on the Abnormal-Operations List; Interim Regulations on Enterprise Information Disclosure',
    audienceZh: STAFF_REGULATORS_TENANT_ZH, audienceEn: STAFF_REGULATORS_TENANT_EN,
    publicity: 'while_listed',
    countsZh: '列入期间计入负面清单（N06），等级至多为 C；满 3 年未移出的列入黑名单候选', countsEn: 'While listed: N06 and a grade of at most C; listed for 3 years uncured: a black-list candidate',
    retentionZh: '移出后 5 年', retentionEn: '5 years after removal',
  },
  {
    code: 'complaints', category: 'supervision',
    nameZh: '投诉信息', nameEn: 'Complaints',
    descriptionZh: '针对企业的投诉及其认定结果（成立或不成立）。',
    descriptionEn: 'Complaints about a tenant and whether they were substantiated.',
    producerZh: '投诉人（消费者、相关企业），监管部门或园区管理公司（认定）', producerEn: 'Complainants (consumers, other firms); regulators or park management (substantiation)',
    legalBasis: `《优化营商环境条例》；${PARK_RULES}`, legalBasisEn: `Regulations on Optimising the Business Environment; ${PARK_RULES_EN}`,
    audienceZh: STAFF_REGULATORS_TENANT_ZH, audienceEn: STAFF_REGULATORS_TENANT_EN,
    publicity: 'never',
    countsZh: '认定成立后 12 个月计入负面清单（N08）；近 90 天内成立的投诉使企业成为定向检查对象', countsEn: 'Substantiated: N08 for 12 months; one in the last 90 days makes the tenant a target for inspection',
    retentionZh: '认定后 3 年', retentionEn: '3 years after substantiation',
  },
  {
    code: 'inspection_results', category: 'supervision',
    nameZh: '检查结果', nameEn: 'Inspection results',
    descriptionZh: '“双随机、一公开”抽查和定向检查的对象、检查人员、日期和结果。',
    descriptionEn: 'Random (“double random, one public”) and targeted inspections: tenant, inspectors, date and result.',
    producerZh: '监管部门（检查），园区管理公司（协助抽取）', producerEn: 'Regulators (inspecting); park management (assisting the draw)',
    legalBasis: '《国务院关于在市场监管领域全面推行部门联合“双随机、一公开”监管的意见》（国发〔2019〕5号）',
    legalBasisEn: 'State Council opinion on joint “double random, one public” supervision (Guo Fa [2019] No. 5)',
    audienceZh: `${STAFF_REGULATORS_TENANT_ZH}；检查结果向社会公示`, audienceEn: `${STAFF_REGULATORS_TENANT_EN}; results are published`,
    publicity: 'results',
    countsZh: '结果在检查结束后 20 个工作日内公示；发现问题的按行政处罚或整改要求计分', countsEn: 'Results are published within 20 working days of the inspection\'s end; problems found count as penalties or rectifications',
    retentionZh: '检查后 5 年', retentionEn: '5 years after the inspection',
  },
  {
    code: 'annual_reports', category: 'supervision',
    nameZh: '企业年度报告', nameEn: 'Annual reports',
    descriptionZh: '企业上一年度年报的报送日期（每年 6 月 30 日前）。',
    descriptionEn: 'When each tenant filed its annual report for the previous year (due 30 June).',
    producerZh: '入驻企业（报送），市场监督管理部门（核对）', producerEn: 'Tenants (filing); market supervision authority (checking)',
    legalBasis: '《企业信息公示暂行条例》第八条', legalBasisEn: 'Interim Regulations on Enterprise Information Disclosure, art. 8',
    audienceZh: STAFF_REGULATORS_TENANT_ZH, audienceEn: STAFF_REGULATORS_TENANT_EN,
    publicity: 'results',
    countsZh: '当年按期报送计入正面清单（P04）；未报送可导致列入经营异常名录', countsEn: 'Filed on time this year: P04; not filed can lead to the abnormal-operations list',
    retentionZh: '5 年', retentionEn: '5 years',
  },
  {
    code: 'self_reported_items', category: 'scoring',
    nameZh: '正面信息自主申报', nameEn: 'Self-reported positive items',
    descriptionZh: '企业申报的荣誉、公益活动、帮扶周边企业和被采纳的园区治理建议，附证明材料和审核结果。',
    descriptionEn: 'Honours, public-welfare work, help to neighbouring firms and adopted suggestions tenants report, with evidence and the review\'s outcome.',
    producerZh: '入驻企业（申报），园区管理公司（审核）', producerEn: 'Tenants (reporting); park management (review)',
    legalBasis: PARK_RULES, legalBasisEn: PARK_RULES_EN,
    audienceZh: STAFF_REGULATORS_TENANT_ZH, audienceEn: STAFF_REGULATORS_TENANT_EN,
    publicity: 'never',
    countsZh: '审核通过后 12 个月计入正面清单（P09–P11，各有上限）', countsEn: 'Once approved: P09–P11 for 12 months (each capped)',
    retentionZh: '审核后 3 年', retentionEn: '3 years after the review',
  },
  {
    code: 'monthly_scores', category: 'scoring',
    nameZh: '月度信用评分', nameEn: 'Monthly scores',
    descriptionZh: '每月末按评分规则计算的分数、等级、明细和园区调整，经会签后公示。',
    descriptionEn: 'The score, grade, breakdown and any park adjustment computed at each month\'s end under the rulebook, published after countersignature.',
    producerZh: '园区管理公司（计算、调整），监管部门（会签）', producerEn: 'Park management (computing, adjusting); regulators (countersigning)',
    legalBasis: `${PARK_RULES}；园区信用评分规则（按生效版本）`, legalBasisEn: `${PARK_RULES_EN}; the park scoring rulebook in force`,
    audienceZh: '园区工作人员、监管部门可见全部；企业仅见本企业分数、等级和园区百分位', audienceEn: 'Park staff and regulators see all; a tenant sees its own score, grade and percentile',
    publicity: 'never',
    countsZh: '作为检查抽取的风险分级依据；年度分数用于红名单提名', countsEn: 'Sets the risk class for inspection draws; the annual score drives red-list nominations',
    retentionZh: '5 年', retentionEn: '5 years',
  },
  {
    code: 'score_objections', category: 'scoring',
    nameZh: '评分异议', nameEn: 'Score objections',
    descriptionZh: '企业在异议期内对月度评分提出的异议、材料和答复。',
    descriptionEn: 'Objections tenants raise to a monthly score within the objection window, their evidence and the answer.',
    producerZh: '入驻企业（提出），园区管理公司（答复）', producerEn: 'Tenants (raising); park management (answering)',
    legalBasis: PARK_RULES, legalBasisEn: PARK_RULES_EN,
    audienceZh: STAFF_REGULATORS_TENANT_ZH, audienceEn: STAFF_REGULATORS_TENANT_EN,
    publicity: 'never',
    countsZh: '不计分；异议成立时更正当月评分', countsEn: 'Not scored; an upheld objection corrects the month\'s score',
    retentionZh: '5 年', retentionEn: '5 years',
  },
  {
    code: 'red_list', category: 'lists',
    nameZh: '诚信主体名单（红名单）', nameEn: 'Red list (trustworthy tenants)',
    descriptionZh: '列入的企业、依据的标准、相关记录和起止日期。',
    descriptionEn: 'The tenants listed, the criterion met, the records behind it and the start and planned end.',
    producerZh: '园区管理公司（提名），监管部门（审定，提名人以外的人员）', producerEn: 'Park management (proposing); a regulator other than the proposer (deciding)',
    legalBasis: `${GUIDANCE_49}；${PARK_RULES}`, legalBasisEn: `${GUIDANCE_49_EN}; ${PARK_RULES_EN}`,
    audienceZh: '公众可见名称、信用代码、名单、依据和起止日期；其余仅园区工作人员、监管部门和本企业可见', audienceEn: 'The public sees name, code, list, basis and dates; the rest only park staff, regulators and the tenant',
    publicity: 'while_listed',
    countsZh: '12 个月，期间计入正面清单（P12）', countsEn: '12 months, positive item P12 meanwhile',
    retentionZh: '移出后 5 年', retentionEn: '5 years after it ends',
  },
  {
    code: 'black_list', category: 'lists',
    nameZh: '严重失信主体名单（黑名单）', nameEn: 'Black list (seriously untrustworthy tenants)',
    descriptionZh: '列入的企业、列入理由、法律依据、相关记录、告知和异议情况，以及起止日期。',
    descriptionEn: 'The tenants listed, the reasons, legal basis, records, the notice and any objection, and the start and planned end.',
    producerZh: '园区管理公司或监管部门（提出），提出人以外的监管人员（决定）', producerEn: 'Park management or a regulator (proposing); another regulator (deciding)',
    legalBasis: `${GUIDANCE_49}；《中华人民共和国行政处罚法》`, legalBasisEn: `${GUIDANCE_49_EN}; Administrative Penalty Law`,
    audienceZh: '公众可见名称、信用代码、名单、依据和起止日期；其余仅园区工作人员、监管部门和本企业可见', audienceEn: 'The public sees name, code, list, basis and dates; the rest only park staff, regulators and the tenant',
    publicity: 'while_listed',
    countsZh: '3 年（满 1 年可提前移出或申请信用修复）；期间计入负面清单（N09），等级为 D', countsEn: '3 years (early exit or credit repair from 1 year); N09 and grade D meanwhile',
    retentionZh: '移出后 5 年', retentionEn: '5 years after it ends',
  },
  {
    code: 'watch_list', category: 'lists',
    nameZh: '重点关注名单', nameEn: 'Watch list',
    descriptionZh: '因评分为 D 级或多次整改逾期而重点关注的企业、理由和起止日期。',
    descriptionEn: 'Tenants watched for a D grade or repeated overdue rectifications, the reasons and dates.',
    producerZh: '园区管理公司（提出），监管部门（决定）', producerEn: 'Park management (proposing); regulators (deciding)',
    legalBasis: `${GUIDANCE_49}；${PARK_RULES}`, legalBasisEn: `${GUIDANCE_49_EN}; ${PARK_RULES_EN}`,
    audienceZh: STAFF_REGULATORS_TENANT_ZH, audienceEn: STAFF_REGULATORS_TENANT_EN,
    publicity: 'never',
    countsZh: '12 个月（满 3 个月可申请信用修复）；作为联合奖惩和检查的参考', countsEn: '12 months (credit repair from 3 months); informs joint measures and inspections',
    retentionZh: '移出后 5 年', retentionEn: '5 years after it ends',
  },
  {
    code: 'credit_repair', category: 'lists',
    nameZh: '信用修复申请', nameEn: 'Credit-repair applications',
    descriptionZh: '企业对行政处罚或名单的信用修复申请：承诺书、整改证明、培训结业证明、受理答复和决定。',
    descriptionEn: 'Tenants\' applications to repair a penalty or a list entry: commitment letter, rectification evidence, training certificates, the reply and the decision.',
    producerZh: '入驻企业（申请），园区管理公司（受理答复），监管部门（决定）', producerEn: 'Tenants (applying); park management (replying); regulators (deciding)',
    legalBasis: '《失信行为纠正后的信用信息修复管理办法（试行）》（国家发展改革委令2023年第58号）', legalBasisEn: 'NDRC Order No. 58 (2023) on repairing credit information after corrected conduct',
    audienceZh: STAFF_REGULATORS_TENANT_ZH, audienceEn: STAFF_REGULATORS_TENANT_EN,
    publicity: 'never',
    countsZh: '修复通过后，被修复的记录不再计分、不再公示（记录本身不删除）', countsEn: 'Once approved, the repaired record stops counting and stops being shown publicly (it is never deleted)',
    retentionZh: '决定后 5 年', retentionEn: '5 years after the decision',
  },
  {
    code: 'joint_checks', category: 'incentives',
    nameZh: '联合奖惩核查记录（逢办必查）', nameEn: 'Joint-check log',
    descriptionZh: '其他政府部门或园区系统办理业务时查询企业信用状况的记录：查询方、用途、返回结果和采取措施的反馈。',
    descriptionEn: 'Each status check by another government or park system during a transaction: requester, purpose, the answer and the feedback on measures applied.',
    producerZh: '查询方系统（政府部门、园区业务系统）', producerEn: 'Requesting systems (government departments, park services)',
    legalBasis: `${GUIDANCE_49}；${PARK_RULES}`, legalBasisEn: `${GUIDANCE_49_EN}; ${PARK_RULES_EN}`,
    audienceZh: '系统管理员、园区工作人员、监管部门', audienceEn: 'Administrators, park staff and regulators',
    publicity: 'never',
    countsZh: '不计分', countsEn: 'Not scored',
    retentionZh: '3 年', retentionEn: '3 years',
  },
  {
    code: 'measure_claims', category: 'incentives',
    nameZh: '信易+ 激励申领与惩戒措施', nameEn: '信易+ benefit claims and restrictions',
    descriptionZh: '企业申领的守信激励（租金或服务费优惠、快速办理、信易贷推荐等）及审核、兑现记录，以及对黑名单企业实施的惩戒措施。',
    descriptionEn: 'Benefits tenants claim (rent or fee discounts, fast-track services, credit-loan recommendations …) with review and delivery, and restrictions applied to black-listed tenants.',
    producerZh: '入驻企业（申领），园区管理公司（审核、兑现、实施惩戒）', producerEn: 'Tenants (claiming); park management (reviewing, delivering, applying restrictions)',
    legalBasis: `${GUIDANCE_49}；${PARK_RULES}`, legalBasisEn: `${GUIDANCE_49_EN}; ${PARK_RULES_EN}`,
    audienceZh: STAFF_REGULATORS_TENANT_ZH, audienceEn: STAFF_REGULATORS_TENANT_EN,
    publicity: 'never',
    countsZh: '不计分', countsEn: 'Not scored',
    retentionZh: '措施结束后 5 年', retentionEn: '5 years after the measure ends',
  },
  {
    code: 'audit_log', category: 'system',
    nameZh: '审计日志', nameEn: 'Audit log',
    descriptionZh: '系统中每一项有法律意义的操作：操作人、时间、对象、变更前后内容和来源 IP，以哈希链防篡改。',
    descriptionEn: 'Every action of legal weight: who, when, on what, before and after, and the source IP, hash-chained against tampering.',
    producerZh: 'ParkTrust 系统自动记录', producerEn: 'Recorded by ParkTrust automatically',
    legalBasis: '《中华人民共和国网络安全法》第二十一条', legalBasisEn: 'Cybersecurity Law, art. 21',
    audienceZh: '系统管理员', audienceEn: 'System administrators',
    publicity: 'never',
    countsZh: '不计分', countsEn: 'Not scored',
    retentionZh: '永久保存（不少于 6 个月的法定要求之上）', retentionEn: 'Kept permanently (beyond the legal minimum of 6 months)',
  },
];

/** The ListsCore migration's credit information catalogue (信用目录): every kind of record ParkTrust keeps. */
export async function seedCreditCatalogue(queryRunner: QueryRunner): Promise<void> {
  const now = seedNow();
  await insertRows(queryRunner, 'credit_catalogue_items', CREDIT_CATALOGUE.map((item, i) => ({
    ...item, sortOrder: (i + 1) * 10, updatedById: null, updatedAt: now,
  })));
}
