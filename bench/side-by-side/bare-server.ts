/**
 * The limit for reads: a bare node:http server with a pg pool, in its own process, answering
 * GET /api/students/{id} with the query the API runs (one profile by student_id) as JSON. No
 * framework, no authentication, no mapping. Started by the benchmark with BARE_DATABASE_URL; it
 * reports its port over IPC.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Pool } from 'pg';

const PREFIX = '/api/students/';
const pool = new Pool({ connectionString: process.env.BARE_DATABASE_URL, max: 10 });

const server = createServer((req, res) => {
  const id = req.url?.startsWith(PREFIX) ? decodeURIComponent(req.url.slice(PREFIX.length)) : '';
  pool
    .query('SELECT * FROM student_profiles s WHERE s.student_id = $1', [id])
    .then(({ rows }) => {
      const found = rows.length > 0;
      res.writeHead(found ? 200 : 404, { 'content-type': 'application/json' });
      res.end(JSON.stringify(found ? rows[0] : { status: 404 }));
    })
    .catch((error: unknown) => {
      res.writeHead(500, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: String(error) }));
    });
});

server.listen(0, '127.0.0.1', () => {
  process.send?.({ port: (server.address() as AddressInfo).port });
});
process.on('SIGTERM', () => {
  server.close();
  void pool.end().then(() => process.exit(0));
});
