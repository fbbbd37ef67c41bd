import { mapHeader } from './header-mapping';
import { STUDENT_CSV_COLUMNS } from './student-csv-columns';

const DATA_SET_HEADER =
  'Hours_Studied,Attendance,Parental_Involvement,Access_to_Resources,Extracurricular_Activities,Sleep_Hours,Previous_Scores,Motivation_Level,Internet_Access,Tutoring_Sessions,Family_Income,Teacher_Quality,School_Type,Peer_Influence,Physical_Activity,Learning_Disabilities,Parental_Education_Level,Distance_from_Home,Gender,Exam_Score'.split(
    ',',
  );

describe('mapHeader', () => {
  it("accepts the data set's own header", () => {
    const { mapping, problems } = mapHeader(DATA_SET_HEADER);
    expect(problems).toEqual([]);
    expect(mapping.positions.map((c) => c?.header)).toEqual(DATA_SET_HEADER);
    expect(mapping.present.has('student_id')).toBe(false);
  });

  it('ignores case, spaces and underscores, in any order', () => {
    const header = [...DATA_SET_HEADER].reverse().map((h) => h.toUpperCase().replace(/_/g, ' '));
    const { mapping, problems } = mapHeader([' student id ', 'firstname', ...header]);
    expect(problems).toEqual([]);
    expect(mapping.positions[0]?.field).toBe('student_id');
    expect(mapping.positions[1]?.field).toBe('first_name');
    expect(mapping.positions[2]?.field).toBe('exam_score');
  });

  it('exports headers that import back to the same columns', () => {
    const { mapping, problems } = mapHeader(STUDENT_CSV_COLUMNS.map((c) => c.header));
    expect(problems).toEqual([]);
    expect(mapping.positions.map((c) => c?.field)).toEqual(STUDENT_CSV_COLUMNS.map((c) => c.field));
  });

  it('names unknown (unknownColumns error), repeated and missing columns', () => {
    const header = DATA_SET_HEADER.filter((h) => h !== 'Gender' && h !== 'Attendance');
    const { problems } = mapHeader([...header, 'Shoe_Size', 'hours studied'], 'error');
    expect(problems).toEqual(
      expect.arrayContaining([
        { column: 'Shoe_Size', code: 'unknown_column', message: 'Unknown column "Shoe_Size".' },
        { column: 'Hours_Studied', code: 'duplicate_column', message: expect.any(String) },
        {
          column: 'Attendance',
          code: 'missing_column',
          message: 'Required column Attendance is missing.',
        },
        { column: 'Gender', code: 'missing_column', message: 'Required column Gender is missing.' },
      ]),
    );
    expect(problems).toHaveLength(4);
  });
});

describe('mapHeader with optional, headerless and unknown columns', () => {
  it('allows Exam_Score and the identity columns to be absent', () => {
    const { problems } = mapHeader(DATA_SET_HEADER.filter((h) => h !== 'Exam_Score'));
    expect(problems).toEqual([]);
  });

  it('allows cells without a header (a trailing separator)', () => {
    const { mapping, problems } = mapHeader([...DATA_SET_HEADER, '']);
    expect(problems).toEqual([]);
    expect(mapping.positions.at(-1)).toBeNull();
  });

  it('skips unknown columns with a warning by default, and lists the columns', () => {
    const header = ['Student_ID', 'Grade', ...DATA_SET_HEADER.filter((h) => h !== 'Exam_Score')];
    const { mapping, problems, warnings, columns } = mapHeader([...header, ' Homeroom ']);
    expect(problems).toEqual([]);
    expect(warnings).toEqual([
      { column: 'Grade', code: 'unknown_column', message: 'Unknown column "Grade" was ignored.' },
      {
        column: 'Homeroom',
        code: 'unknown_column',
        message: 'Unknown column "Homeroom" was ignored.',
      },
    ]);
    expect([...mapping.ignored]).toEqual([1, header.length]);
    expect(mapping.positions[1]).toBeNull();
    expect(columns.used).toEqual([
      'Student_ID',
      ...DATA_SET_HEADER.filter((h) => h !== 'Exam_Score'),
    ]);
    expect(columns.ignored).toEqual(['Grade', 'Homeroom']);
    expect(columns.missing).toEqual(['First_Name', 'Last_Name', 'Age', 'Email', 'Exam_Score']);
  });

  it('lists a missing required column as missing too', () => {
    const { columns, problems } = mapHeader(DATA_SET_HEADER.filter((h) => h !== 'Gender'));
    expect(problems.map((p) => p.code)).toEqual(['missing_column']);
    expect(columns.missing).toContain('Gender');
  });
});
