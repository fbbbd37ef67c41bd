import type { EntityManager } from 'typeorm';
import type { AutoLinkContext } from './auto-link-context';

/**
 * What the students module (the owner of student_profiles) gives StudentLinker: the automatic
 * link of a student account to the profile with its email, and the linked `student_id`s.
 */
export interface StudentLinkProvider {
  /** Links in `manager`'s transaction; returns the linked student_id, or null. */
  linkByEmail(
    user: { id: string; email: string },
    context: AutoLinkContext,
    manager: EntityManager,
  ): Promise<string | null>;
  studentIdsOf(userIds: string[], manager?: EntityManager): Promise<Map<string, string>>;
}
