import type { StudentProfile } from './entities/student-profile.entity';
import {
  ACADEMIC_FIELDS,
  applyChange,
  FIELD_PROPERTY,
  PERSONAL_FIELDS,
  splitFields,
} from './student-fields';

describe('student fields', () => {
  it('splits a change into personal and academic fields, ignoring absent ones', () => {
    expect(
      splitFields({
        first_name: 'Ada',
        email: null,
        exam_score: 90,
        attendance: undefined,
        teacher_quality: null,
      }),
    ).toEqual({ personal: ['first_name', 'email'], academic: ['exam_score', 'teacher_quality'] });
  });

  it('treats only names and email as personal; every factor and the score are academic', () => {
    expect([...PERSONAL_FIELDS]).toEqual(['first_name', 'last_name', 'email']);
    expect(ACADEMIC_FIELDS).toHaveLength(21);
    expect(ACADEMIC_FIELDS).toEqual(expect.arrayContaining(['exam_score', 'age', 'gender']));
    for (const field of [...PERSONAL_FIELDS, ...ACADEMIC_FIELDS]) {
      expect(FIELD_PROPERTY[field]).toBeDefined();
    }
  });

  it('applies only present fields and reports those whose value changed', () => {
    const profile = {
      firstName: 'Ada',
      lastName: 'Lovelace',
      email: 'ada@school.edu',
      attendance: 80,
      teacherQuality: 'High',
    } as StudentProfile;
    const changed = applyChange(profile, {
      first_name: 'Ada',
      attendance: 85,
      teacher_quality: null,
      last_name: undefined,
    });
    expect(changed).toEqual(['attendance', 'teacher_quality']);
    expect(profile).toMatchObject({
      firstName: 'Ada',
      lastName: 'Lovelace',
      attendance: 85,
      teacherQuality: null,
    });
  });
});
