import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { bearer } from './auth';

export const SEED_CSV = readFileSync(
  join(__dirname, '..', '..', 'seeds', 'StudentPerformanceFactors.csv'),
  'utf8',
);
export const SEED_LINES = SEED_CSV.trimEnd().split('\n');
export const DATA_HEADER = SEED_LINES[0];

/** A short tag unique to one test, put in names so a test finds (and exports) only its rows. */
export function uniqueTag(prefix = 'T'): string {
  return `${prefix}${randomBytes(5).toString('hex')}`;
}

/** A row of the data set (20 columns) by index, 0-based over the data rows. */
export function seedRow(index: number): string {
  return SEED_LINES[1 + index];
}

/** A CSV with identity columns before the data set's 20. */
export function identityCsv(
  rows: {
    id?: string;
    first?: string;
    last?: string;
    age?: string;
    email?: string;
    data?: string;
  }[],
): string {
  const lines = [`Student_ID,First_Name,Last_Name,Age,Email,${DATA_HEADER}`];
  rows.forEach((r, i) =>
    lines.push(
      [
        r.id ?? '',
        r.first ?? '',
        r.last ?? '',
        r.age ?? '',
        r.email ?? '',
        r.data ?? seedRow(i),
      ].join(','),
    ),
  );
  return `${lines.join('\n')}\n`;
}

export interface UploadOptions {
  query?: Record<string, string>;
  key?: string;
  fileName?: string;
}

/** POST /api/data/import with the content as the multipart field `file`. */
export function upload(
  app: INestApplication,
  token: string,
  content: string | Buffer,
  options: UploadOptions = {},
): request.Test {
  const req = request(app.getHttpServer())
    .post('/api/data/import')
    .query(options.query ?? {})
    .set(bearer(token));
  if (options.key !== undefined) req.set('Idempotency-Key', options.key);
  return req.attach('file', Buffer.isBuffer(content) ? content : Buffer.from(content, 'utf8'), {
    filename: options.fileName ?? 'students.csv',
    contentType: 'text/csv',
  });
}

/** GET /api/data/export?format=json, parsed. */
export function exportJson(
  app: INestApplication,
  token: string,
  query: Record<string, string>,
): request.Test {
  return request(app.getHttpServer())
    .get('/api/data/export')
    .query({ ...query, format: 'json' })
    .set(bearer(token));
}

/** GET /api/data/export as text (CSV). */
export function exportText(
  app: INestApplication,
  token: string,
  query: Record<string, string>,
): request.Test {
  return request(app.getHttpServer())
    .get('/api/data/export')
    .query(query)
    .set(bearer(token))
    .buffer(true)
    .parse((res, done) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => done(null, text));
    });
}
