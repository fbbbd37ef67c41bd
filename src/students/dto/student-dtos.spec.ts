import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { flattenValidationErrors } from '../../common/errors/flatten-validation-errors';
import { CreateStudentDto } from './create-student.dto';
import { ListStudentsQueryDto } from './list-students-query.dto';
import { UpdateStudentDto } from './update-student.dto';

const OPTIONS = { whitelist: true, forbidNonWhitelisted: true, forbidUnknownValues: true };

async function problems(cls: new () => object, plain: object): Promise<Record<string, string[]>> {
  const errors = await validate(plainToInstance<object, object>(cls, plain), OPTIONS);
  const out: Record<string, string[]> = {};
  for (const { field, message } of flattenValidationErrors(errors)) {
    (out[field] ??= []).push(message);
  }
  return out;
}

const VALID_STUDENT = {
  first_name: 'Ada',
  last_name: 'Lovelace',
  gender: 'Female',
  hours_studied: 23,
  attendance: 84,
  parental_involvement: 'Low',
  access_to_resources: 'High',
  extracurricular_activities: false,
  sleep_hours: 7,
  previous_scores: 73,
  motivation_level: 'Low',
  internet_access: true,
  tutoring_sessions: 0,
  family_income: 'Low',
  school_type: 'Public',
  peer_influence: 'Positive',
  physical_activity: 3,
  learning_disabilities: false,
};

describe('CreateStudentDto', () => {
  it('accepts the 18 required fields alone (nullable ones may be omitted)', async () => {
    expect(await problems(CreateStudentDto, VALID_STUDENT)).toEqual({});
  });

  it('accepts null for nullable fields and exam scores up to 105', async () => {
    expect(
      await problems(CreateStudentDto, {
        ...VALID_STUDENT,
        teacher_quality: null,
        parental_education_level: null,
        distance_from_home: null,
        exam_score: 105,
        email: null,
        age: null,
        student_id: 'STU12345',
      }),
    ).toEqual({});
  });

  it('names each field that is out of range, of the wrong type or not allowed', async () => {
    const result = await problems(CreateStudentDto, {
      ...VALID_STUDENT,
      hours_studied: 61,
      attendance: -1,
      sleep_hours: '7',
      exam_score: 106,
      tutoring_sessions: 1.5,
      gender: 'Other',
      teacher_quality: 'Excellent',
      internet_access: 'Yes',
      email: 'not-an-email',
      student_id: 'S 1',
      first_name: '   ',
      password: 'x',
    });
    expect(Object.keys(result).sort()).toEqual(
      [
        'attendance',
        'email',
        'exam_score',
        'first_name',
        'gender',
        'hours_studied',
        'internet_access',
        'password',
        'sleep_hours',
        'student_id',
        'teacher_quality',
        'tutoring_sessions',
      ].sort(),
    );
    expect(result.hours_studied).toContain('hours_studied must be at most 60');
    expect(result.exam_score).toContain('exam_score must be at most 105');
    expect(result.gender).toContain('gender must be one of: Male, Female, Non-binary, Not stated');
    expect(result.password).toContain('is not allowed');
  });

  it('requires the non-nullable factors', async () => {
    const { hours_studied: _h, gender: _g, ...rest } = VALID_STUDENT;
    const result = await problems(CreateStudentDto, { ...rest, school_type: null });
    expect(result.hours_studied).toContain('hours_studied is required');
    expect(result.gender).toContain('gender is required');
    expect(result.school_type).toContain('school_type is required');
  });

  it('lower-cases and trims the email', () => {
    const dto = plainToInstance(CreateStudentDto, { email: '  Ada@School.EDU ' });
    expect(dto.email).toBe('ada@school.edu');
  });
});

describe('UpdateStudentDto', () => {
  it('accepts any subset', async () => {
    expect(await problems(UpdateStudentDto, {})).toEqual({});
    expect(await problems(UpdateStudentDto, { attendance: 90 })).toEqual({});
  });

  it('allows null only for nullable fields', async () => {
    expect(await problems(UpdateStudentDto, { exam_score: null, teacher_quality: null })).toEqual(
      {},
    );
    const result = await problems(UpdateStudentDto, { attendance: null, first_name: null });
    expect(Object.keys(result).sort()).toEqual(['attendance', 'first_name']);
  });

  it('does not accept a new student_id', async () => {
    expect(await problems(UpdateStudentDto, { student_id: 'STU9999' })).toEqual({
      student_id: ['is not allowed'],
    });
  });
});

describe('ListStudentsQueryDto', () => {
  it('converts query strings: lists, booleans, numbers and paging', async () => {
    const dto = plainToInstance(ListStudentsQueryDto, {
      motivation_level: 'Low,High',
      gender: ['Male'],
      internet_access: 'false',
      min_exam_score: '60.5',
      page: '2',
    });
    expect(dto).toMatchObject({
      motivation_level: ['Low', 'High'],
      gender: ['Male'],
      internet_access: false,
      min_exam_score: 60.5,
      page: 2,
      per_page: 20,
    });
    expect(await validate(dto, OPTIONS)).toEqual([]);
  });

  it('refuses bad enum values, non-numbers, bad booleans and per_page above 100', async () => {
    const result = await problems(ListStudentsQueryDto, {
      motivation_level: 'Low,Extreme',
      min_age: 'ten',
      max_age: '',
      learning_disabilities: 'yes',
      per_page: '101',
      unknown_filter: 'x',
    });
    expect(Object.keys(result).sort()).toEqual(
      [
        'learning_disabilities',
        'max_age',
        'min_age',
        'motivation_level',
        'per_page',
        'unknown_filter',
      ].sort(),
    );
  });
});
