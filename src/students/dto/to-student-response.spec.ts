import { StudentProfile } from '../entities/student-profile.entity';
import { FIELD_PROPERTY, WRITABLE_FIELDS } from '../student-fields';
import { toStudentResponse } from './to-student-response';

function profile(): StudentProfile {
  const p = new StudentProfile();
  const values = p as unknown as Record<string, unknown>;
  WRITABLE_FIELDS.forEach((field, i) => (values[FIELD_PROPERTY[field]] = `${field}-${i}`));
  Object.assign(p, {
    studentId: 'S12345',
    userId: '6f1c3a0e-3a57-4b7e-9a4e-1f2d3c4b5a69',
    createdAt: new Date('2026-01-02T03:04:05.678Z'),
    updatedAt: new Date('2026-02-03T04:05:06.789Z'),
  });
  return p;
}

describe('toStudentResponse', () => {
  it('names student_id, every writable field in its order, then the account and timestamps', () => {
    expect(Object.keys(toStudentResponse(profile()))).toEqual([
      'student_id',
      ...WRITABLE_FIELDS,
      'user_id',
      'created_at',
      'updated_at',
    ]);
  });

  it('takes each field from its entity property, timestamps as ISO text', () => {
    const response = toStudentResponse(profile()) as unknown as Record<string, unknown>;
    WRITABLE_FIELDS.forEach((field, i) => expect(response[field]).toBe(`${field}-${i}`));
    expect(response).toMatchObject({
      student_id: 'S12345',
      user_id: '6f1c3a0e-3a57-4b7e-9a4e-1f2d3c4b5a69',
      created_at: '2026-01-02T03:04:05.678Z',
      updated_at: '2026-02-03T04:05:06.789Z',
    });
  });
});
