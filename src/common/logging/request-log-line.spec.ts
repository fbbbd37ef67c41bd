import type { IncomingMessage, ServerResponse } from 'node:http';
import { requestLogFields, requestLogMessage, routeOf } from './request-log-line';

function request(extra: Record<string, unknown>): IncomingMessage {
  return { method: 'GET', url: '/api/students/STU0001?token=secret', ...extra } as never;
}
const response = { statusCode: 404 } as ServerResponse;

describe('request log line', () => {
  it('names the declared route, never the ids or the query', () => {
    const req = request({ route: { path: '/api/students/:student_id' }, baseUrl: '' });
    expect(routeOf(req)).toBe('/api/students/:student_id');
    expect(requestLogMessage(req, response, 12)).toBe('GET /api/students/:student_id 404 12 ms');
  });

  it('an unmatched path (the catch-all 404) is logged by its path, without the query', () => {
    const req = request({ route: { path: '/api/{*path}' }, originalUrl: '/api/nowhere?token=x' });
    expect(routeOf(req)).toBe('/api/nowhere');
  });

  it('has method, route, status, duration and the user, and nothing else', () => {
    const req = request({ route: { path: '/api/students' }, user: { id: 'u-1' } });
    expect(requestLogFields(req, response, 7)).toEqual({
      method: 'GET',
      route: '/api/students',
      status: 404,
      duration_ms: 7,
      user_id: 'u-1',
    });
  });
});
