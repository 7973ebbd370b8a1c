import { AttachmentEntity } from './entities/attachment.entity.js';

/** The tables the files context owns. */
export const FILES_ENTITIES = [AttachmentEntity];
