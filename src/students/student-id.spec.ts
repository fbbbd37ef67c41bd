import {
  STUDENT_ID_PATTERN,
  formatStudentId,
  nextStudentNumber,
  studentNumberOf,
  syncStudentNumberSequence,
} from './student-id';

describe('student ids', () => {
  it('formats at least four digits without truncating', () => {
    expect(formatStudentId(1)).toBe('STU0001');
    expect(formatStudentId(5607)).toBe('STU5607');
    expect(formatStudentId(12345)).toBe('STU12345');
  });

  it('refuses numbers that cannot be ids', () => {
    expect(() => formatStudentId(0)).toThrow(RangeError);
    expect(() => formatStudentId(1.5)).toThrow(RangeError);
  });

  it("accepts the school's own ids: 1 to 32 letters, digits, '-', '_' or '.'", () => {
    for (const id of ['2024-0012', 'S12345', 'a.b_c-1', 'STU0001', 'x', 'A'.repeat(32)]) {
      expect([id, STUDENT_ID_PATTERN.test(id)]).toEqual([id, true]);
    }
    for (const id of ['', 'A'.repeat(33), 'bad id', 'é', 'S12345\n', 'a/b', "O'Brien"]) {
      expect([id, STUDENT_ID_PATTERN.test(id)]).toEqual([id, false]);
    }
  });

  it('reads the number back from a well-formed id only', () => {
    expect(studentNumberOf('2024-0012')).toBeUndefined();
    expect(studentNumberOf('S12345')).toBeUndefined();
    expect(studentNumberOf('STU0042')).toBe(42);
    expect(studentNumberOf('STU100000')).toBe(100000);
    expect(studentNumberOf('STU042')).toBeUndefined();
    expect(studentNumberOf('stu0042')).toBeUndefined();
    expect(studentNumberOf('X')).toBeUndefined();
  });

  it('takes numbers from the sequence and moves it to the first free number when syncing', async () => {
    const queries: string[] = [];
    const db = {
      query: jest.fn(async (sql: string) => {
        queries.push(sql);
        return [{ n: '17' }];
      }),
    };
    expect(await nextStudentNumber(db as never)).toBe(17);
    expect(queries[0]).toMatch(/nextval\('student_profiles_student_number_seq'\)/);
    await syncStudentNumberSequence(db as never);
    expect(queries[1]).toMatch(/setval\('student_profiles_student_number_seq', \(/);
    expect(queries[1]).toMatch(/NOT EXISTS/);
    expect(queries[1]).toMatch(/, false\)$/);
  });
});
