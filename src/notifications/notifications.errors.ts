import { ConflictError, NotFoundError, UnprocessableError } from '../common/errors/common.errors';

/** No such notification, or not the caller's: the two are indistinguishable. */
export class NotificationNotFoundError extends NotFoundError {
  override readonly code = 'notification_not_found';
  constructor(id: string) {
    super(`No notification ${id} was found.`);
  }
}

/** No such alert, or (for a student) not about them. */
export class AlertNotFoundError extends NotFoundError {
  override readonly code = 'alert_not_found';
  constructor(id: string) {
    super(`No alert ${id} was found.`);
  }
}

/** A resolved alert is closed: its status cannot change (a recurrence opens a new alert). */
export class AlertTransitionError extends ConflictError {
  override readonly code = 'invalid_alert_transition';
  constructor(from: string, to: string) {
    super(
      `A ${from} alert cannot become ${to}: resolved alerts are closed, and a recurrence opens a new alert.`,
    );
  }
}

export class InterventionNotFoundError extends NotFoundError {
  override readonly code = 'intervention_not_found';
  constructor(id: string) {
    super(`No intervention ${id} was found.`);
  }
}

/** An intervention named an alert that does not exist or is about another student. */
export class InterventionAlertMismatchError extends UnprocessableError {
  override readonly code = 'alert_not_for_student';
  constructor(alertId: string, studentId: string) {
    super(`Alert ${alertId} is not an alert about student ${studentId}.`, {
      errors: [{ field: 'alert_id', message: `alert_id must name an alert about ${studentId}` }],
    });
  }
}
