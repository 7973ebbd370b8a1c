import { RulebookVersionEntity } from './entities/rulebook-version.entity.js';
import { ScoreErratumEntity } from './entities/score-erratum.entity.js';
import { ScoreMonthEntity } from './entities/score-month.entity.js';
import { ScoreObjectionEntity } from './entities/score-objection.entity.js';
import { ScoreSnapshotEntity } from './entities/score-snapshot.entity.js';
import { SelfReportEntity } from './entities/self-report.entity.js';

/** The tables the scoring context owns. */
export const SCORING_ENTITIES = [RulebookVersionEntity, SelfReportEntity, ScoreMonthEntity, ScoreSnapshotEntity, ScoreObjectionEntity, ScoreErratumEntity];
