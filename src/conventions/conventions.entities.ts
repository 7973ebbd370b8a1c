import { BreachResponseEntity } from './entities/breach-response.entity.js';
import { BreachEntity } from './entities/breach.entity.js';
import { ConventionClauseEntity } from './entities/convention-clause.entity.js';
import { ConventionVersionEntity } from './entities/convention-version.entity.js';
import { ConventionEntity } from './entities/convention.entity.js';
import { SignatureEntity } from './entities/signature.entity.js';
import { SigningObligationEntity } from './entities/signing-obligation.entity.js';

/** The tables the conventions context owns. */
export const CONVENTIONS_ENTITIES = [
  ConventionEntity, ConventionVersionEntity, ConventionClauseEntity, SigningObligationEntity, SignatureEntity, BreachEntity, BreachResponseEntity,
];
