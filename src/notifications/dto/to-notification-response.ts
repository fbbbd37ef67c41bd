import type { Notification } from '../entities/notification.entity';
import type { NotificationResponseDto } from './notification-response.dto';

export function toNotificationResponse(n: Notification): NotificationResponseDto {
  return {
    id: n.id,
    type: n.type,
    title: n.title,
    message: n.message,
    data: n.data,
    read: n.readAt !== null,
    read_at: n.readAt ? n.readAt.toISOString() : null,
    created_at: n.createdAt.toISOString(),
  };
}
