import { ValidationFailedError } from '../common/errors/validation-failed.error';
import { escapeLike } from '../common/sql/escape-like';
import { SqlParams } from '../common/sql/sql-params';
import { studentFilterSql, type StudentFilters } from './student-filters';

/** The conditions and the values they bind, for one call on fresh parameters. */
function filterSql(filters: StudentFilters, alias = 's'): { sql: string[]; values: unknown[] } {
  const params = new SqlParams();
  const sql = studentFilterSql(filters, alias, params);
  return { sql, values: params.values };
}

describe('studentFilterSql', () => {
  it('adds nothing without filters', () => {
    expect(filterSql({})).toEqual({ sql: [], values: [] });
  });

  it('searches first name, last name, full name and id case-insensitively, LIKE-escaped', () => {
    expect(filterSql({ search: '  50%_off\\ ' })).toEqual({
      sql: [`("s"."first_name" || ' ' || "s"."last_name" || ' ' || "s"."student_id") ILIKE $1`],
      values: ['%50\\%\\_off\\\\%'],
    });
  });

  it('ignores a blank search', () => {
    expect(filterSql({ search: '   ' })).toEqual({ sql: [], values: [] });
  });

  it('filters enum fields with IN (one parameter per value) and booleans with =', () => {
    // In the factor catalogue's order.
    expect(
      filterSql(
        { motivation_level: ['Low', 'Medium'], gender: ['Female'], internet_access: false },
        'p',
      ),
    ).toEqual({
      sql: [
        '"p"."motivation_level" IN ($1, $2)',
        '"p"."gender" IN ($3)',
        '"p"."internet_access" = $4',
      ],
      values: ['Low', 'Medium', 'Female', false],
    });
  });

  it('numbers its placeholders after those the statement already has', () => {
    const params = new SqlParams();
    params.add('teacher');
    expect(studentFilterSql({ min_age: 10 }, 's', params)).toEqual(['"s"."age" >= $2']);
    expect(params.values).toEqual(['teacher', 10]);
  });

  it('skips an empty list', () => {
    expect(filterSql({ school_type: [] })).toEqual({ sql: [], values: [] });
  });

  it('turns min_/max_ into inclusive bounds, zero included', () => {
    expect(filterSql({ min_exam_score: 0, max_exam_score: 65, max_age: 17 })).toEqual({
      sql: ['"s"."exam_score" >= $1', '"s"."exam_score" <= $2', '"s"."age" <= $3'],
      values: [0, 65, 17],
    });
  });

  it('compares integer columns with whole numbers: at least 1.5 is at least 2', () => {
    // Hours studied may be fractional; age is whole years.
    expect(filterSql({ min_age: 15.5, max_age: 17.5, min_hours_studied: 1.5 }).values).toEqual([
      1.5, 16, 17,
    ]);
  });

  it('refuses a min above its max with a 400 naming the parameter', () => {
    const refusal = (): unknown => {
      try {
        filterSql({ min_attendance: 90, max_attendance: 80 });
      } catch (error: unknown) {
        return error;
      }
      return undefined;
    };
    const error = refusal();
    expect(error).toBeInstanceOf(ValidationFailedError);
    expect((error as ValidationFailedError).errors).toEqual([
      { field: 'min_attendance', message: 'min_attendance must not exceed max_attendance' },
    ]);
  });

  it('quotes the alias', () => {
    expect(filterSql({ min_age: 10 }, 'Odd"Alias').sql).toEqual(['"Odd""Alias"."age" >= $1']);
  });

  it('never puts values into the SQL text', () => {
    const { sql } = filterSql({
      search: "x' OR 1=1 --",
      gender: ["Male' --" as never],
      min_age: 13,
    });
    for (const condition of sql) expect(condition).not.toMatch(/OR 1=1|Male'|13/);
    expect(sql).toHaveLength(3);
  });
});

describe('escapeLike', () => {
  it('escapes the LIKE wildcards and the escape character', () => {
    expect(escapeLike('a%b_c\\d')).toBe('a\\%b\\_c\\\\d');
  });
});
