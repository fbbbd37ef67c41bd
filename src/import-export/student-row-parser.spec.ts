import type { CsvRecord } from './csv/csv-record-parser';
import { mapHeader } from './header-mapping';
import { STUDENT_CSV_COLUMNS } from './student-csv-columns';
import { parseStudentRow, VALUE_INDEX } from './student-row-parser';

const HEADER = STUDENT_CSV_COLUMNS.map((c) => c.header);
const { mapping } = mapHeader(HEADER);

const VALID: Record<string, string> = {
  Student_ID: 'STU0042',
  First_Name: 'Ada',
  Last_Name: 'Lovelace',
  Age: '16',
  Email: 'Ada@School.edu',
  Hours_Studied: '19',
  Attendance: '64.5',
  Parental_Involvement: 'Low',
  Access_to_Resources: 'Medium',
  Extracurricular_Activities: 'No',
  Sleep_Hours: '8',
  Previous_Scores: '59',
  Motivation_Level: 'Low',
  Internet_Access: 'Yes',
  Tutoring_Sessions: '2',
  Family_Income: 'Medium',
  Teacher_Quality: 'Medium',
  School_Type: 'Public',
  Peer_Influence: 'Negative',
  Physical_Activity: '4',
  Learning_Disabilities: 'No',
  Parental_Education_Level: 'College',
  Distance_from_Home: 'Moderate',
  Gender: 'Female',
  Exam_Score: '61',
};

function record(changes: Record<string, string> = {}, row = 2): CsvRecord {
  const fields = HEADER.map((h) => (h in changes ? changes[h] : VALID[h]));
  return { row, fields, fieldCount: fields.length };
}

function parse(changes: Record<string, string> = {}, decimalComma = false) {
  return parseStudentRow(record(changes), mapping, { decimalComma });
}

describe('parseStudentRow', () => {
  it('reads a valid row into typed values', () => {
    const { row, problems } = parse();
    expect(problems).toEqual([]);
    const v = row!.values;
    expect(v[VALUE_INDEX.student_id]).toBe('STU0042');
    expect(v[VALUE_INDEX.email]).toBe('ada@school.edu');
    expect(v[VALUE_INDEX.age]).toBe(16);
    expect(v[VALUE_INDEX.attendance]).toBe(64.5);
    expect(v[VALUE_INDEX.extracurricular_activities]).toBe(false);
    expect(v[VALUE_INDEX.internet_access]).toBe(true);
    expect(v[VALUE_INDEX.exam_score]).toBe(61);
  });

  it('reads blanks as unknown where the API allows null, and blank ids and names as absent', () => {
    const { row, problems } = parse({
      Student_ID: '',
      First_Name: ' ',
      Last_Name: '',
      Age: '',
      Email: '',
      Teacher_Quality: '',
      Parental_Education_Level: '',
      Distance_from_Home: '',
      Exam_Score: '',
    });
    expect(problems).toEqual([]);
    for (const field of [
      'student_id',
      'first_name',
      'last_name',
      'age',
      'email',
      'teacher_quality',
      'exam_score',
    ] as const) {
      expect(row!.values[VALUE_INDEX[field]]).toBeNull();
    }
  });

  it('matches choices and Yes/No case-insensitively to their canonical spelling', () => {
    const { row } = parse({
      Parental_Education_Level: 'high school',
      Gender: 'MALE',
      Internet_Access: 'no',
    });
    expect(row!.values[VALUE_INDEX.parental_education_level]).toBe('High School');
    expect(row!.values[VALUE_INDEX.gender]).toBe('Male');
    expect(row!.values[VALUE_INDEX.internet_access]).toBe(false);
  });

  it('accepts scores up to 105 (the data set has a 101)', () => {
    expect(parse({ Exam_Score: '101' }).problems).toEqual([]);
    expect(parse({ Exam_Score: '106' }).problems[0].message).toMatch(/between 0 and 105/);
  });
});

describe('parseStudentRow problems', () => {
  it('reports every problem of a row with its column and row', () => {
    const { row, problems } = parse({
      Student_ID: 'S 1',
      Attendance: '120',
      Gender: 'Other',
      Tutoring_Sessions: '1.5',
      Hours_Studied: 'abc',
      Internet_Access: 'maybe',
      Motivation_Level: '',
      Email: 'not-an-email',
      Age: '3',
    });
    expect(row).toBeNull();
    expect(problems.map((p) => [p.row, p.column, p.code])).toEqual([
      [2, 'Student_ID', 'invalid_value'],
      [2, 'Age', 'invalid_value'],
      [2, 'Email', 'invalid_value'],
      [2, 'Hours_Studied', 'invalid_value'],
      [2, 'Attendance', 'invalid_value'],
      [2, 'Motivation_Level', 'required_value'],
      [2, 'Internet_Access', 'invalid_value'],
      [2, 'Tutoring_Sessions', 'invalid_value'],
      [2, 'Gender', 'invalid_value'],
    ]);
    expect(problems[4].message).toBe('Attendance must be between 0 and 100 (got "120").');
  });

  it('refuses numbers in other notations', () => {
    for (const text of ['1e1', '0x10', 'Infinity', '7,5', '1 000']) {
      expect(parse({ Sleep_Hours: text }).problems).toHaveLength(1);
    }
  });

  it('reads decimal commas in ;-separated files', () => {
    const { row } = parse({ Sleep_Hours: '7,5' }, true);
    expect(row!.values[VALUE_INDEX.sleep_hours]).toBe(7.5);
  });
});

describe('parseStudentRow text and cells', () => {
  it('removes the formula guard the export adds to text', () => {
    const { row } = parse({ First_Name: "'=Ada", Last_Name: "'+Smith", Email: "'-x@school.edu" });
    expect(row!.values[VALUE_INDEX.first_name]).toBe('=Ada');
    expect(row!.values[VALUE_INDEX.last_name]).toBe('+Smith');
    expect(row!.values[VALUE_INDEX.email]).toBe('-x@school.edu');
  });

  it('refuses names longer than the API allows', () => {
    expect(parse({ Last_Name: 'x'.repeat(101) }).problems[0].column).toBe('Last_Name');
  });

  it('refuses a row with too few cells, or extra cells with values', () => {
    const short: CsvRecord = { row: 7, fields: ['a'], fieldCount: 1 };
    expect(parseStudentRow(short, mapping, { decimalComma: false }).problems).toEqual([
      expect.objectContaining({ row: 7, column: null, code: 'cell_count' }),
    ]);
    const extra = record();
    extra.fields.push('surprise');
    extra.fieldCount += 1;
    expect(parseStudentRow(extra, mapping, { decimalComma: false }).problems[0].code).toBe(
      'cell_count',
    );
    const blankExtra = record();
    blankExtra.fields.push('');
    blankExtra.fieldCount += 1;
    expect(parseStudentRow(blankExtra, mapping, { decimalComma: false }).problems).toEqual([]);
  });
});
