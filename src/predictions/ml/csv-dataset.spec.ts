import { CSV_HEADERS, CsvRowError, parseStudentCsv } from './csv-dataset';
import { FEATURE_NAMES } from './features';
import { seedRows } from './testing/fixtures';

const HEADER = [...FEATURE_NAMES.map((n) => CSV_HEADERS[n]), 'Exam_Score'].join(',');

describe('dataset CSV parser', () => {
  it('maps Yes/No to booleans and blank categories to null', () => {
    const csv = [
      HEADER,
      '19,64,Low,Medium,No,8,59,Low,Yes,2,Medium,,Public,Negative,4,No,,,Female,61',
      '24,98,Medium,High,Yes,7,91,High,No,0,High,High,Private,Positive,3,Yes,Postgraduate,Far,Male,74',
    ].join('\n');
    const rows = parseStudentCsv(csv);
    expect(rows).toHaveLength(2);
    expect(rows[0].examScore).toBe(61);
    expect(rows[0].factors).toMatchObject({
      hours_studied: 19,
      extracurricular_activities: false,
      internet_access: true,
      teacher_quality: null,
      parental_education_level: null,
      distance_from_home: null,
      gender: 'Female',
    });
    expect(rows[1].factors).toMatchObject({
      access_to_resources: 'High',
      learning_disabilities: true,
      school_type: 'Private',
      peer_influence: 'Positive',
      distance_from_home: 'Far',
    });
  });

  it('reports the line of a bad row', () => {
    const csv = [
      HEADER,
      '19,64,Low,Medium,No,8,59,Low,Yes,2,Medium,Medium,Public,Negative,4,No,College,Near,Female,61',
      '19,64,Low,Medium,Maybe,8,59,Low,Yes,2,Medium,Medium,Public,Negative,4,No,College,Near,Female,61',
    ].join('\n');
    expect(() => parseStudentCsv(csv)).toThrow(CsvRowError);
    expect(() => parseStudentCsv(csv)).toThrow(/line 3: Extracurricular_Activities/);
    expect(() => parseStudentCsv(HEADER + '\n' + '1,2,Low')).toThrow(CsvRowError);
  });

  it('rejects a blank in a required category', () => {
    const csv = [
      HEADER,
      '19,64,,Medium,No,8,59,Low,Yes,2,Medium,Medium,Public,Negative,4,No,College,Near,Female,61',
    ];
    expect(() => parseStudentCsv(csv.join('\n'))).toThrow(/Parental_Involvement: value required/);
  });

  it('reads the seed dataset with its known blanks', () => {
    const rows = seedRows();
    expect(rows).toHaveLength(5607);
    const blanks = (
      k: 'teacher_quality' | 'parental_education_level' | 'distance_from_home',
    ): number => rows.filter((r) => r.factors[k] === null).length;
    expect(blanks('teacher_quality')).toBe(70);
    expect(blanks('parental_education_level')).toBe(74);
    expect(blanks('distance_from_home')).toBe(63);
    expect(Math.max(...rows.map((r) => r.examScore))).toBe(101);
  });
});
