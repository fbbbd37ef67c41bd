import { Role } from './role';

/** Who is calling, as established from a valid access token of a live session. */
export interface AuthenticatedUser {
  id: string;
  email: string;
  role: Role;
  sessionId: string;
}
