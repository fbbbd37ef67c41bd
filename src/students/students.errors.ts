import { ConflictError, ForbiddenError, NotFoundError } from '../common/errors/common.errors';

/** No such student, or (for a student caller) not their own: the two are indistinguishable. */
export class StudentNotFoundError extends NotFoundError {
  override readonly code = 'student_not_found';
  constructor(studentId: string) {
    super(`No student ${studentId} was found.`);
  }
}

export class StudentIdTakenError extends ConflictError {
  override readonly code = 'student_id_taken';
  constructor(studentId: string) {
    super(`The student id ${studentId} is already in use.`);
  }
}

/** A student tried to change academic fields of their profile; nothing was changed. */
export class AcademicFieldsForbiddenError extends ForbiddenError {
  override readonly code = 'academic_fields_forbidden';
  constructor(fields: string[]) {
    super(
      `Students may change only first_name, last_name and email; not allowed: ${fields.join(', ')}.`,
      {
        errors: fields.map((field) => ({
          field,
          message: `${field} may be changed only by staff`,
        })),
      },
    );
  }
}

export class PerformanceRecordNotFoundError extends NotFoundError {
  override readonly code = 'performance_record_not_found';
  constructor(recordId: string) {
    super(`No performance record ${recordId} was found for this student.`);
  }
}

export class LinkedUserNotFoundError extends NotFoundError {
  override readonly code = 'user_not_found';
  constructor(userId: string) {
    super(`No user ${userId} was found.`);
  }
}

export class UserNotStudentError extends ConflictError {
  override readonly code = 'user_not_student';
  constructor() {
    super('Only a user with the student role can be linked to a student profile.');
  }
}

export class UserAlreadyLinkedError extends ConflictError {
  override readonly code = 'user_already_linked';
  constructor(otherStudentId: string) {
    super(`This user is already linked to student ${otherStudentId}; unlink it first.`);
  }
}

export class StudentAlreadyLinkedError extends ConflictError {
  override readonly code = 'student_already_linked';
  constructor(studentId: string) {
    super(`Student ${studentId} is already linked to another user; unlink it first.`);
  }
}
