import { NotificationEntity } from './entities/notification.entity.js';
import { OutboxMessageEntity } from './entities/outbox-message.entity.js';

/** The tables the notifications context owns. */
export const NOTIFICATIONS_ENTITIES = [NotificationEntity, OutboxMessageEntity];
