import { AuditLogResponseDto } from './dto/audit-log-response.dto';
import { AuditLog } from './entities/audit-log.entity';

export function toAuditLogResponse(log: AuditLog): AuditLogResponseDto {
  return {
    id: String(log.id),
    occurred_at: log.occurredAt.toISOString(),
    actor_id: log.actorId,
    actor_role: log.actorRole,
    action: log.action,
    target_type: log.targetType,
    target_id: log.targetId,
    outcome: log.outcome,
    ip_address: log.ipAddress,
    user_agent: log.userAgent,
    request_id: log.requestId,
    details: log.details,
  };
}
