import { AnnualReportEntity } from './entities/annual-report.entity.js';
import { FindingRectificationEntity } from './entities/finding-rectification.entity.js';
import { FindingEntity } from './entities/finding.entity.js';
import { PublicityRuleEntity } from './entities/publicity-rule.entity.js';

/** The tables the findings context owns. */
export const FINDINGS_ENTITIES = [FindingEntity, FindingRectificationEntity, PublicityRuleEntity, AnnualReportEntity];
