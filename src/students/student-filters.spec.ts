import { ValidationFailedError } from '../common/errors/validation-failed.error';
import { escapeLike } from '../common/sql/escape-like';
import { studentFilterConditions } from './student-filters';

describe('studentFilterConditions', () => {
  it('adds nothing without filters', () => {
    expect(studentFilterConditions({}, 's')).toEqual([]);
  });

  it('searches first name, last name, full name and id case-insensitively, LIKE-escaped', () => {
    const [condition] = studentFilterConditions({ search: '  50%_off\\ ' }, 's');
    expect(condition.sql).toBe(
      `("s"."first_name" || ' ' || "s"."last_name" || ' ' || "s"."student_id") ILIKE :sf_search`,
    );
    expect(condition.params).toEqual({ sf_search: '%50\\%\\_off\\\\%' });
  });

  it('ignores a blank search', () => {
    expect(studentFilterConditions({ search: '   ' }, 's')).toEqual([]);
  });

  it('filters enum fields with IN and booleans with =', () => {
    const conditions = studentFilterConditions(
      { motivation_level: ['Low', 'Medium'], gender: ['Female'], internet_access: false },
      'p',
    );
    // In the factor catalogue's order.
    expect(conditions).toEqual([
      {
        sql: '"p"."motivation_level" IN (:...sf_motivation_level)',
        params: { sf_motivation_level: ['Low', 'Medium'] },
      },
      { sql: '"p"."gender" IN (:...sf_gender)', params: { sf_gender: ['Female'] } },
      { sql: '"p"."internet_access" = :sf_internet_access', params: { sf_internet_access: false } },
    ]);
  });

  it('skips an empty list', () => {
    expect(studentFilterConditions({ school_type: [] }, 's')).toEqual([]);
  });

  it('turns min_/max_ into inclusive bounds, zero included', () => {
    const conditions = studentFilterConditions(
      { min_exam_score: 0, max_exam_score: 65, max_age: 17 },
      's',
    );
    expect(conditions).toEqual([
      { sql: '"s"."exam_score" >= :sf_min_exam_score', params: { sf_min_exam_score: 0 } },
      { sql: '"s"."exam_score" <= :sf_max_exam_score', params: { sf_max_exam_score: 65 } },
      { sql: '"s"."age" <= :sf_max_age', params: { sf_max_age: 17 } },
    ]);
  });

  it('refuses a min above its max with a 400 naming the parameter', () => {
    expect(() => studentFilterConditions({ min_attendance: 90, max_attendance: 80 }, 's')).toThrow(
      ValidationFailedError,
    );
    try {
      studentFilterConditions({ min_attendance: 90, max_attendance: 80 }, 's');
    } catch (error) {
      expect((error as ValidationFailedError).errors).toEqual([
        { field: 'min_attendance', message: 'min_attendance must not exceed max_attendance' },
      ]);
    }
  });

  it('quotes the alias', () => {
    const [condition] = studentFilterConditions({ min_age: 10 }, 'Odd"Alias');
    expect(condition.sql).toBe('"Odd""Alias"."age" >= :sf_min_age');
  });

  it('never puts values into the SQL text', () => {
    const conditions = studentFilterConditions(
      { search: "x' OR 1=1 --", gender: ["Male' --" as never], min_age: 3 },
      's',
    );
    for (const c of conditions) expect(c.sql).not.toMatch(/OR 1=1|Male'|\b3\b/);
  });
});

describe('escapeLike', () => {
  it('escapes the LIKE wildcards and the escape character', () => {
    expect(escapeLike('a%b_c\\d')).toBe('a\\%b\\_c\\\\d');
  });
});
