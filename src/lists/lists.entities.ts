import { CatalogueItemEntity } from './entities/catalogue-item.entity.js';
import { CheckPurposeEntity } from './entities/check-purpose.entity.js';
import { CreditMeasureEntity } from './entities/credit-measure.entity.js';
import { JointCheckFeedbackEntity } from './entities/joint-check-feedback.entity.js';
import { JointCheckEntity } from './entities/joint-check.entity.js';
import { ListChangeEntity } from './entities/list-change.entity.js';
import { ListEntryEntity } from './entities/list-entry.entity.js';
import { ListObjectionEntity } from './entities/list-objection.entity.js';
import { ListRuleEntity } from './entities/list-rule.entity.js';
import { MeasureClaimEntity } from './entities/measure-claim.entity.js';
import { RepairApplicationEntity } from './entities/repair-application.entity.js';
import { RepairRuleEntity } from './entities/repair-rule.entity.js';

/** The tables the lists context owns: lists, credit repair, joint checks, incentives and the credit information catalogue. */
export const LISTS_ENTITIES = [
  ListRuleEntity, ListEntryEntity, ListObjectionEntity, ListChangeEntity,
  RepairRuleEntity, RepairApplicationEntity,
  CheckPurposeEntity, JointCheckEntity, JointCheckFeedbackEntity,
  CreditMeasureEntity, MeasureClaimEntity,
  CatalogueItemEntity,
];
