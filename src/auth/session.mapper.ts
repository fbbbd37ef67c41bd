import { SessionResponseDto } from './dto/session-response.dto';
import { UserSession } from './entities/user-session.entity';

export function toSessionResponse(session: UserSession, currentId: string): SessionResponseDto {
  return {
    id: session.id,
    ip_address: session.ipAddress,
    user_agent: session.userAgent,
    created_at: session.createdAt.toISOString(),
    last_used_at: session.lastUsedAt.toISOString(),
    current: session.id === currentId,
  };
}
