import type { OpenAPIObject } from '@nestjs/swagger';
import { problemCodesFor } from './problem-examples';
import { moveQueryExamplesToDescriptions } from './query-examples-to-descriptions';

describe('error examples', () => {
  it('take the codes a description names, hints at, or the path implies, of that status only', () => {
    expect(problemCodesFor(409, '/api/students', 'already in use (`student_id_taken`).')).toEqual([
      'student_id_taken',
    ]);
    // A code of another status named in the description is not an example of this one.
    expect(problemCodesFor(409, '/api/x', 'see `student_not_found`')).toEqual(['conflict']);
    expect(problemCodesFor(401, '/api/auth/login', 'Wrong email or password.')).toEqual([
      'invalid_credentials',
    ]);
    expect(problemCodesFor(404, '/api/students/{student_id}/performance-records/{id}', '')).toEqual(
      ['student_not_found', 'performance_record_not_found'],
    );
    expect(problemCodesFor(400, '/api/students', 'Bad paging.')).toEqual(['validation_failed']);
    expect(problemCodesFor(503, '/api/auth/login', '`server_busy`: busy')).toEqual([
      'server_busy',
      'database_unavailable',
    ]);
    expect(problemCodesFor(503, '/health/live', 'not healthy')).toEqual(['not_ready']);
  });
});

describe('query examples', () => {
  it('move into the description, so Swagger UI sends nothing it was not given', () => {
    const parameter = {
      in: 'query',
      name: 'gender',
      description: 'Only these genders',
      schema: { type: 'array', items: { type: 'string', example: 'Male' }, example: ['Male'] },
    };
    const page = { in: 'query', name: 'page', schema: { type: 'number', default: 1, example: 1 } };
    const path = { in: 'path', name: 'student_id', schema: { type: 'string', example: 'STU0001' } };
    const document = {
      paths: { '/api/students': { get: { parameters: [parameter, page, path] } } },
    } as unknown as OpenAPIObject;
    moveQueryExamplesToDescriptions(document);
    expect(parameter).toEqual({
      in: 'query',
      name: 'gender',
      description: 'Only these genders. Example: `Male`',
      schema: { type: 'array', items: { type: 'string' } },
    });
    // An example equal to the default says nothing more; a path parameter keeps its example.
    expect(page).toEqual({ in: 'query', name: 'page', schema: { type: 'number', default: 1 } });
    expect(path.schema.example).toBe('STU0001');
  });
});
