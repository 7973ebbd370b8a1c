import { DrawFrameMemberEntity } from './entities/draw-frame-member.entity.js';
import { DrawFrameTextEntity } from './entities/draw-frame-text.entity.js';
import { DrawEntity } from './entities/draw.entity.js';
import { InspectionItemEntity } from './entities/inspection-item.entity.js';
import { InspectionTaskEntity } from './entities/inspection-task.entity.js';
import { InspectorAbsenceEntity } from './entities/inspector-absence.entity.js';
import { InspectorConflictEntity } from './entities/inspector-conflict.entity.js';
import { InspectorEntity } from './entities/inspector.entity.js';
import { ProgrammeCommentEntity } from './entities/programme-comment.entity.js';
import { ProgrammeDepartmentEntity } from './entities/programme-department.entity.js';
import { ProgrammeGradeEntity } from './entities/programme-grade.entity.js';
import { ProgrammeItemEntity } from './entities/programme-item.entity.js';
import { SamplingProgrammeEntity } from './entities/sampling-programme.entity.js';
import { TaskInspectorEntity } from './entities/task-inspector.entity.js';

/** The tables the sampling context owns: items, the inspector pool, programmes, draws with their frozen frames, and inspection tasks. */
export const SAMPLING_ENTITIES = [
  InspectionItemEntity, InspectorEntity, InspectorConflictEntity, InspectorAbsenceEntity,
  SamplingProgrammeEntity, ProgrammeDepartmentEntity, ProgrammeItemEntity, ProgrammeGradeEntity, ProgrammeCommentEntity,
  DrawEntity, DrawFrameMemberEntity, DrawFrameTextEntity, InspectionTaskEntity, TaskInspectorEntity,
];
