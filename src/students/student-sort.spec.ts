import { ValidationFailedError } from '../common/errors/validation-failed.error';
import { studentIdOrderKey, studentOrderBy } from './student-sort';

describe('studentOrderBy', () => {
  it('defaults to student id by number', () => {
    expect(studentOrderBy(undefined, 's')).toEqual([
      { expression: studentIdOrderKey('s'), direction: 'ASC' },
      { expression: 's.student_id', direction: 'ASC' },
    ]);
  });

  it('sorts by several fields and breaks ties by student id', () => {
    expect(studentOrderBy('-exam_score,last_name', 's')).toEqual([
      { expression: 's.exam_score', direction: 'DESC', nulls: 'NULLS LAST' },
      { expression: 's.last_name', direction: 'ASC' },
      { expression: studentIdOrderKey('s'), direction: 'ASC' },
      { expression: 's.student_id', direction: 'ASC' },
    ]);
  });

  it('sorts by student id descending by number', () => {
    expect(studentOrderBy('-student_id', 's')).toEqual([
      { expression: studentIdOrderKey('s'), direction: 'DESC' },
      { expression: 's.student_id', direction: 'DESC' },
    ]);
  });

  it('refuses fields outside the allow-list', () => {
    expect(() => studentOrderBy('password_hash', 's')).toThrow(ValidationFailedError);
    expect(() => studentOrderBy('exam_score;drop table x', 's')).toThrow(ValidationFailedError);
    expect(() => studentOrderBy('email', 's')).toThrow(ValidationFailedError);
  });
});
