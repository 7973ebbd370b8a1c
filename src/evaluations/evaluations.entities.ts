import { EvaluationDimensionEntity } from './entities/evaluation-dimension.entity.js';
import { EvaluationDisputeEntity } from './entities/evaluation-dispute.entity.js';
import { EvaluationEngagementEntity } from './entities/evaluation-engagement.entity.js';
import { EvaluationInstitutionEntity } from './entities/evaluation-institution.entity.js';
import { EvaluationScoreEntity } from './entities/evaluation-score.entity.js';
import { EvaluationEntity } from './entities/evaluation.entity.js';

/** The tables the evaluations context owns. */
export const EVALUATIONS_ENTITIES = [
  EvaluationInstitutionEntity, EvaluationEngagementEntity, EvaluationDimensionEntity, EvaluationEntity, EvaluationScoreEntity, EvaluationDisputeEntity,
];
