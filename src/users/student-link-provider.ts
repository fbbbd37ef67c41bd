import type { AutoLinkContext } from './auto-link-context';

/**
 * What the students module (the owner of student_profiles) gives StudentLinker: the automatic
 * link of a student account to the profile with its email, and the linked `student_id`s.
 */
export interface StudentLinkProvider {
  /** Links in the current transaction; returns the linked student_id, or null. */
  linkByEmail(
    user: { id: string; email: string },
    context: AutoLinkContext,
  ): Promise<string | null>;
  /** Read in the current transaction, if any. */
  studentIdsOf(userIds: string[]): Promise<Map<string, string>>;
}
