import { appendFileSync } from 'node:fs';
import fc from 'fast-check';
import { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import { ROLES, type Role } from '../../src/common/auth/role';
import { bearer, createUserAndLogin } from '../helpers/auth';
import { createTestApp } from '../helpers/test-app';
import { DatabaseFingerprint } from './database-fingerprint';
import { attacksFor, type Attack } from './hostile-inputs';
import { isKnownFinding, KNOWN_FINDINGS } from './known-findings';
import { listOperations, loadDocument, type Operation } from './operations';

/**
 * The hostile-input suite: for every operation of the committed openapi.json, generated bad
 * bodies, content types, encodings, query and path parameters, sent as a role the operation
 * allows (so they reach validation). Every answer must be below 500; every answer from 400 up
 * must be problem+json with its code and status; and a refused request must leave the database
 * as it was (row count and checksum of every table, taken before and after).
 *
 * Short and seeded in `npm test` (FUZZ_SEED=42, FUZZ_RUNS=3 per generator family and
 * operation); `npm run fuzz` runs longer with a random seed, printed for replay:
 * `FUZZ_SEED=<seed> FUZZ_RUNS=<runs> npm run fuzz`. With FUZZ_REPORT=<file>, every finding is
 * also appended to that file as one JSON line; with FUZZ_TRACE=<file>, every request and its status.
 */
const longRun = process.env.npm_lifecycle_event === 'fuzz';
const RUNS = Number(process.env.FUZZ_RUNS ?? (longRun ? 60 : 3));
const SEED =
  process.env.FUZZ_SEED && process.env.FUZZ_SEED !== 'random'
    ? Number(process.env.FUZZ_SEED)
    : longRun || process.env.FUZZ_SEED === 'random'
      ? Math.floor(Math.random() * 2 ** 31)
      : 42;

/*
 * Operations with side effects, handled on purpose:
 * - logout and refresh are sent without the suite's cookies or refresh tokens, so a generated
 *   request cannot end the sessions the suite runs on (a valid-looking body carries a random token);
 * - change-password starts from the document's example current password, which is never the
 *   test user's, so no generated request changes a password (and ends the user's sessions);
 * - training: query and path attacks carry a body with an unknown key (see hostile-inputs.ts);
 *   a body the server accepts anyway starts a job, and the suite waits for the database to settle;
 * - ids in paths are random, so no generated request deletes or erases an existing row;
 * - sessions' last_used_at and the mail outbox's worker columns are left out of the fingerprint
 *   (database-fingerprint.ts): both change without a request.
 */

/**
 * Refusals that write on purpose; only these tables may change, and only for these operations.
 * A failed login is audited (its count for the throttle lives in memory or Redis, not here).
 */
const DELIBERATE_WRITES: Record<string, string[]> = {
  'POST /api/auth/login': ['audit_logs'],
  // A wrong current password is a security event: it is audited.
  'POST /api/auth/change-password': ['audit_logs'],
  // A refused import is recorded (its report stays readable at /api/data/imports/{id}) and audited.
  'POST /api/data/import': ['audit_logs', 'data_imports'],
};

const document = loadDocument();
const operations = listOperations(document);

interface Finding {
  operation: string;
  kind: string;
  input: string;
  problem: string;
}

/** A per-operation offset of the seed, so that operations do not all draw the same values. */
function seedFor(key: string): number {
  let hash = SEED | 0;
  for (const char of key) hash = (Math.imul(hash, 31) + char.charCodeAt(0)) | 0;
  return hash >>> 0;
}

function describeFailure(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

describe(`Hostile input on every operation of openapi.json (seed ${SEED}, ${RUNS} runs)`, () => {
  let app: NestExpressApplication;
  let fingerprint: DatabaseFingerprint;
  const sessions = {} as Record<Role, { token: string; at: number }>;

  async function tokenFor(role: Role): Promise<string> {
    const current = sessions[role];
    // Access tokens live 15 minutes at most: a long run logs in again well before.
    if (!current || Date.now() - current.at > 5 * 60_000) {
      sessions[role] = {
        token: (await createUserAndLogin(app, { role })).accessToken,
        at: Date.now(),
      };
    }
    return sessions[role].token;
  }

  beforeAll(async () => {
    if (longRun || process.env.FUZZ_SEED === 'random') {
      process.stdout.write(
        `fuzz seed ${SEED}, ${RUNS} runs: replay with FUZZ_SEED=${SEED} FUZZ_RUNS=${RUNS} npm run fuzz\n`,
      );
    }
    // The file's own database (test/setup/env.ts): no other file writes to it meanwhile.
    app = await createTestApp();
    for (const role of ROLES) await tokenFor(role);
    fingerprint = await DatabaseFingerprint.connect(process.env.DATABASE_URL!);
  });

  afterAll(async () => {
    await fingerprint?.close();
    await app?.close();
  });

  async function send(op: Operation, role: Role | undefined, attack: Attack) {
    const url = attack.query ? `${attack.path}?${attack.query}` : attack.path;
    let req = request(app.getHttpServer())[op.method](url);
    if (role) req = req.set(bearer(await tokenFor(role)));
    for (const [name, value] of Object.entries(attack.headers)) req = req.set(name, value);
    if (attack.parts) {
      for (const [name, value] of attack.parts.fields) req = req.field(name, value);
      for (const [name, filename, content] of attack.parts.files) {
        req = req.attach(name, content, filename);
      }
    } else if (attack.body !== undefined) {
      req = req.send(attack.body);
    }
    return req;
  }

  /**
   * Waits until the database is still: an accepted request may go on writing after its answer
   * (a 202 training job, notifications), which must not count against the next request.
   */
  async function settle(): Promise<void> {
    let last = JSON.stringify(await fingerprint.take());
    for (let i = 0; i < 250; i += 1) {
      await new Promise((r) => setTimeout(r, 100));
      const now = JSON.stringify(await fingerprint.take());
      if (now === last) return;
      last = now;
    }
    throw new Error('the database did not settle within 25 s after an accepted request');
  }

  /** The problem with the answer to a hostile request, or undefined when it is as it must be. */
  async function check(op: Operation, role: Role | undefined, attack: Attack) {
    const before = await fingerprint.take();
    let res: request.Response;
    try {
      res = await send(op, role, attack);
    } catch (error) {
      return `no valid answer: ${describeFailure(error).slice(0, 600)}`;
    }
    if (process.env.FUZZ_TRACE) {
      const line = {
        operation: op.key,
        kind: attack.kind,
        input: attack.description,
        status: res.status,
      };
      appendFileSync(process.env.FUZZ_TRACE, `${JSON.stringify(line)}\n`);
    }
    const body = res.body as { code?: unknown; status?: unknown };
    if (res.status >= 500) {
      return `${res.status} ${JSON.stringify(res.body).slice(0, 300)}`;
    }
    if (res.status < 400) {
      if (op.method !== 'get') await settle();
      return undefined;
    }
    const type = String(res.headers['content-type'] ?? '');
    if (!type.startsWith('application/problem+json')) {
      return `${res.status} with Content-Type "${type}": ${String(res.text).slice(0, 200)}`;
    }
    if (typeof body.code !== 'string' || body.status !== res.status) {
      return `${res.status} problem without code/status: ${JSON.stringify(res.body).slice(0, 200)}`;
    }
    const allowed = DELIBERATE_WRITES[op.key] ?? [];
    const changed = DatabaseFingerprint.changed(before, await fingerprint.take()).filter(
      (table) => !allowed.includes(table),
    );
    if (changed.length)
      return `${res.status} (${String(body.code)}) but changed ${changed.join(', ')}`;
    return undefined;
  }

  it('walks every operation of the document', () => {
    expect(operations.length).toBeGreaterThan(60);
    const missingRoles = operations.filter((o) => o.roles.length === 0).map((o) => o.key);
    expect(missingRoles).toEqual([]);
    // Every known finding names an operation of the document (or all) and a generator.
    for (const finding of KNOWN_FINDINGS) {
      expect(finding.operation === '*' || operations.some((o) => o.key === finding.operation)).toBe(
        true,
      );
      expect(finding.issue.length).toBeGreaterThan(10);
    }
  });

  it.each(operations.map((op) => [op.key, op] as const))(
    '%s: no 5xx, problem+json, nothing changed when refused',
    async (_key, op) => {
      const roles: (Role | undefined)[] = op.roles.includes('public')
        ? [undefined]
        : ROLES.filter((r) => op.roles.includes(r));
      expect(roles.length).toBeGreaterThan(0);
      const generators = attacksFor(document, op).filter(([kind]) => !isKnownFinding(op.key, kind));
      expect(generators.length).toBeGreaterThan(0);
      // One property per family of generators (body, header, multipart, query, path).
      const families = new Map<string, fc.Arbitrary<Attack>[]>();
      for (const [kind, arbitrary] of generators) {
        const family = kind.split(':')[0];
        families.set(family, [...(families.get(family) ?? []), arbitrary]);
      }
      const findings: Finding[] = [];
      for (const [family, arbitraries] of families) {
        const details = await fc.check(
          fc.asyncProperty(
            fc.constantFrom(...roles),
            fc.oneof(...arbitraries),
            async (role, attack) => {
              const problem = await check(op, role, attack);
              if (problem) throw new Error(problem);
            },
          ),
          { seed: seedFor(`${op.key} ${family}`), numRuns: RUNS, endOnFailure: true },
        );
        if (details.failed && details.counterexample) {
          const [role, attack] = details.counterexample;
          findings.push({
            operation: op.key,
            kind: attack.kind,
            input: `${role ?? 'anonymous'}: ${attack.description}`,
            problem: describeFailure(details.errorInstance),
          });
        }
      }
      if (findings.length && process.env.FUZZ_REPORT) {
        appendFileSync(
          process.env.FUZZ_REPORT,
          findings.map((f) => `${JSON.stringify(f)}\n`).join(''),
        );
      }
      expect(findings).toEqual([]);
    },
    Math.max(60_000, RUNS * 6_000),
  );
});
