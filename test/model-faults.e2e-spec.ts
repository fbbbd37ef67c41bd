import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { onnx } from 'onnx-proto';
import { Client } from 'pg';
import request from 'supertest';
import { DataSource } from 'typeorm';
import type { ActiveModelPointer, ModelCard } from '../src/predictions/ml';
import { META } from '../src/predictions/ml/onnx-format';
import { bearer, createUserAndLogin, LoggedInUser } from './helpers/auth';
import { createDatabaseOn } from './helpers/owned-postgres';
import { createTestApp } from './helpers/test-app';
import { studentFactors } from './students/student-factory';
import { eventually } from './helpers/eventually';

const SHIPPED_DIR = join(__dirname, '..', 'ml-models');

/** The 19 factors of a student, as POST /api/predictions/estimate takes them. */
const FACTORS = studentFactors();

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Models that must not be trusted: a shipped file that does not load although its checksum
 * matches, a stored version this build cannot load made active behind the instances' backs,
 * and activation of a stored version that fails its proof. Each scenario runs on its own
 * database on the run's server (the shared database's active model is never touched), with the
 * real ONNX model and onnxruntime; MODEL_REFRESH_SECONDS=0 makes every request check the active
 * version, as an instance does at each tick.
 */
describe('Model faults', () => {
  const apps: NestExpressApplication[] = [];
  const databases: string[] = [];
  const dirs: string[] = [];
  let adminUrl: string;
  let pointer: ActiveModelPointer;
  let shippedOnnx: Buffer;
  let shippedCard: ModelCard;

  beforeAll(async () => {
    const url = new URL(process.env.SPP_TEST_DATABASE_URL as string);
    url.pathname = '/postgres';
    adminUrl = url.toString();
    pointer = JSON.parse(
      await readFile(join(SHIPPED_DIR, 'active.json'), 'utf8'),
    ) as ActiveModelPointer;
    shippedOnnx = await readFile(join(SHIPPED_DIR, pointer.onnx));
    shippedCard = JSON.parse(await readFile(join(SHIPPED_DIR, pointer.card), 'utf8')) as ModelCard;
  });

  afterAll(async () => {
    for (const app of apps) await app.close();
    const admin = new Client({ connectionString: adminUrl });
    await admin.connect();
    try {
      for (const name of databases) {
        await admin.query(`DROP DATABASE IF EXISTS ${admin.escapeIdentifier(name)} WITH (FORCE)`);
      }
    } finally {
      await admin.end();
    }
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  });

  /** A new, migrated, empty database on the run's server. */
  async function emptyDatabase(): Promise<string> {
    const name = `model_faults_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
    databases.push(name);
    return createDatabaseOn(adminUrl, name, true);
  }

  /** A copy of ml-models whose model is cut in half, with active.json's checksum matching it. */
  async function corruptModelDir(): Promise<string> {
    const dir = await mkdtemp(join(tmpdir(), 'spp-model-faults-'));
    dirs.push(dir);
    await copyFile(join(SHIPPED_DIR, pointer.card), join(dir, pointer.card));
    const truncated = shippedOnnx.subarray(0, shippedOnnx.length >> 1);
    await writeFile(join(dir, pointer.onnx), truncated);
    const sha256 = createHash('sha256').update(truncated).digest('hex');
    await writeFile(join(dir, 'active.json'), JSON.stringify({ ...pointer, sha256 }, null, 2));
    return dir;
  }

  async function repairModelDir(dir: string): Promise<void> {
    await copyFile(join(SHIPPED_DIR, pointer.onnx), join(dir, pointer.onnx));
    await copyFile(join(SHIPPED_DIR, 'active.json'), join(dir, 'active.json'));
  }

  async function startApp(databaseUrl: string, modelDir: string): Promise<NestExpressApplication> {
    const app = await createTestApp({
      DATABASE_URL: databaseUrl,
      MODEL_DIR: modelDir,
      MODEL_REFRESH_SECONDS: '0',
    });
    apps.push(app);
    return app;
  }

  const ready = (app: NestExpressApplication) => request(app.getHttpServer()).get('/health/ready');
  /**
   * Readiness once the instance has become ready: a readiness check waits a bounded time for a
   * model load it starts, and a load takes longer on a busy machine, so poll (at most 30 s).
   */
  const becomesReady = (app: NestExpressApplication): Promise<request.Response> =>
    eventually(() => ready(app).expect(200), 30_000, 200);
  const estimate = (app: NestExpressApplication, user: LoggedInUser) =>
    request(app.getHttpServer())
      .post('/api/predictions/estimate')
      .set(bearer(user.accessToken))
      .send(FACTORS);

  const modelRows = (app: NestExpressApplication) =>
    app
      .get(DataSource)
      .query<{ version: string; is_active: boolean; sha256: string }[]>(
        `SELECT version, is_active, encode(sha256(onnx), 'hex') AS sha256 FROM models ORDER BY version`,
      );

  /** Stores a model row directly (as another build or a manual change would), inactive. */
  async function storeRow(app: NestExpressApplication, bytes: Buffer, card: ModelCard) {
    await app.get(DataSource).query(
      `INSERT INTO models (version, metrics, card, file_hash, onnx, training_rows)
       VALUES ($1, $2, $3, $4, $5, $6)`,
      [
        card.version,
        JSON.stringify(card.metrics.heldOut?.forest ?? {}),
        JSON.stringify(card),
        createHash('sha256').update(bytes).digest('hex'),
        bytes,
        card.data.trainRows,
      ],
    );
  }

  /** Makes `version` the active one directly in the database. */
  async function activateInDatabase(app: NestExpressApplication, version: string) {
    await app.get(DataSource).transaction(async (manager) => {
      await manager.query('UPDATE models SET is_active = false WHERE is_active');
      await manager.query(
        'UPDATE models SET is_active = true, activated_at = now() WHERE version = $1',
        [version],
      );
    });
  }

  const cardOf = (version: string): ModelCard => ({ ...structuredClone(shippedCard), version });

  /**
   * The shipped model renamed `version` (its metadata and embedded card too), with its score
   * shifted by 7 points in the graph only (the ensemble's base value): it loads and passes every
   * structural check, but onnxruntime no longer computes what its embedded trees (and its card)
   * say.
   */
  function loadableButWrong(version: string): Buffer {
    const model = onnx.ModelProto.decode(shippedOnnx);
    for (const p of model.metadataProps ?? []) {
      if (p.key === META.version) p.value = version;
      if (p.key === META.card) {
        p.value = JSON.stringify({ ...(JSON.parse(p.value ?? '{}') as ModelCard), version });
      }
    }
    const ensemble = model.graph?.node?.find((n) => n.name === 'score_trees');
    const base = ensemble?.attribute?.find((a) => a.name === 'base_values');
    if (!base) throw new Error('the shipped model has no score_trees base value');
    base.floats = (base.floats ?? []).map((v) => v + 7);
    return Buffer.from(onnx.ModelProto.encode(model).finish());
  }

  it('never registers a shipped model that does not load though its checksum matches; ready once a good one is there', async () => {
    const database = await emptyDatabase();
    const broken = await startApp(database, await corruptModelDir());

    const notReady = await ready(broken).expect(503);
    expect(notReady.body.code).toBe('not_ready');
    expect(notReady.body.checks.model).toEqual({
      status: 'down',
      message: expect.stringMatching(
        new RegExp(
          `^no prediction model can be served: no model is active, and the shipped model in MODEL_DIR is invalid and was not registered: Model ${pointer.version} cannot be served: `,
        ),
      ),
      active: null,
      since: expect.any(String),
    });
    expect(notReady.body.detail).toMatch(/shipped model in MODEL_DIR is invalid/);
    // Nothing was stored, so nothing is active.
    expect(await modelRows(broken)).toEqual([]);
    const registered = await broken
      .get(DataSource)
      .query(`SELECT 1 FROM audit_logs WHERE action = 'model.registered'`);
    expect(registered).toEqual([]);
    const teacher = await createUserAndLogin(broken, { role: 'teacher' });
    const unavailable = await estimate(broken, teacher).expect(503);
    expect(unavailable.body.code).toBe('model_unavailable');
    expect(unavailable.body.detail).toMatch(/shipped model in MODEL_DIR is invalid/);

    // A fresh instance with the good files registers and serves the shipped model.
    const good = await startApp(database, SHIPPED_DIR);
    const goodReady = await becomesReady(good);
    expect(goodReady.body.details.model).toEqual({ status: 'up', version: pointer.version });
    expect(await modelRows(good)).toEqual([
      { version: pointer.version, is_active: true, sha256: pointer.sha256 },
    ]);

    // The broken instance picks it up without a restart.
    const healed = await becomesReady(broken);
    expect(healed.body.details.model).toEqual({ status: 'up', version: pointer.version });
    const served = await estimate(broken, teacher).expect(200);
    expect(served.body.model_version).toBe(pointer.version);
  });

  it('becomes ready without a restart once its shipped files are repaired', async () => {
    const dir = await corruptModelDir();
    const app = await startApp(await emptyDatabase(), dir);
    await ready(app).expect(503);
    await ready(app).expect(503);
    expect(await modelRows(app)).toEqual([]);

    await repairModelDir(dir);
    const res = await becomesReady(app);
    expect(res.body.details.model).toEqual({ status: 'up', version: pointer.version });
    expect(await modelRows(app)).toEqual([
      { version: pointer.version, is_active: true, sha256: pointer.sha256 },
    ]);
  });

  it('keeps serving the last good model when the active version cannot be loaded, says so, and switches once a good one is activated', async () => {
    const database = await emptyDatabase();
    const serving = await startApp(database, SHIPPED_DIR);
    const [teacher, admin] = await Promise.all([
      createUserAndLogin(serving, { role: 'teacher' }),
      createUserAndLogin(serving, { role: 'administrator' }),
    ]);
    expect((await estimate(serving, teacher).expect(200)).body.model_version).toBe(pointer.version);

    // Another build (or a manual change) makes a version active that this build cannot load.
    const bad = 'at-20261201-0badf00d';
    await storeRow(serving, randomBytes(4096), cardOf(bad));
    await activateInDatabase(serving, bad);

    const still = await estimate(serving, teacher).expect(200);
    expect(still.body.model_version).toBe(pointer.version);
    const degraded = await ready(serving).expect(200);
    expect(degraded.body.details.model).toEqual({
      status: 'up',
      version: pointer.version,
      active: bad,
      degraded: true,
      error: expect.stringMatching(new RegExp(`^Model ${bad} cannot be served: `)),
      since: expect.any(String),
    });
    // The failure is remembered: the same bytes are not parsed again at every check.
    const since: string = degraded.body.details.model.since;
    await pause(20);
    for (let i = 0; i < 3; i++) {
      expect((await estimate(serving, teacher).expect(200)).body.model_version).toBe(
        pointer.version,
      );
    }
    expect((await ready(serving).expect(200)).body.details.model.since).toBe(since);

    // An instance that never had a model cannot serve one: 503 with the reason.
    const fresh = await startApp(database, SHIPPED_DIR);
    const notReady = await ready(fresh).expect(503);
    expect(notReady.body.checks.model).toEqual({
      status: 'down',
      message: expect.stringMatching(
        new RegExp(`^no prediction model can be served: Model ${bad} cannot be served: `),
      ),
      active: bad,
      since: expect.any(String),
    });
    expect(await estimate(fresh, teacher).expect(503)).toHaveProperty(
      'body.code',
      'model_unavailable',
    );
    expect((await modelRows(fresh)).filter((m) => m.is_active).map((m) => m.version)).toEqual([
      bad,
    ]);

    // An administrator activates a good version: both instances serve it, neither restarted.
    await request(serving.getHttpServer())
      .post(`/api/models/${pointer.version}/activate`)
      .set(bearer(admin.accessToken))
      .expect(200);
    for (const app of [serving, fresh]) {
      const res = await becomesReady(app);
      expect(res.body.details.model).toEqual({ status: 'up', version: pointer.version });
      expect((await estimate(app, teacher).expect(200)).body.model_version).toBe(pointer.version);
    }
  });

  it('refuses to activate a stored version that fails its proof (422 model_invalid); the active version stays', async () => {
    const app = await startApp(await emptyDatabase(), SHIPPED_DIR);
    const [teacher, admin] = await Promise.all([
      createUserAndLogin(app, { role: 'teacher' }),
      createUserAndLogin(app, { role: 'administrator' }),
    ]);
    const garbage = 'at-20261201-0badf00d';
    const wrong = 'at-20261201-0000beef';
    await storeRow(app, randomBytes(4096), cardOf(garbage));
    await storeRow(app, loadableButWrong(wrong), cardOf(wrong));

    const activate = (version: string) =>
      request(app.getHttpServer())
        .post(`/api/models/${version}/activate`)
        .set(bearer(admin.accessToken))
        .expect(422);
    const refusedGarbage = await activate(garbage);
    expect(refusedGarbage.body.code).toBe('model_invalid');
    expect(refusedGarbage.body.detail).toMatch(new RegExp(`^Model ${garbage} cannot be served: `));
    // It loads, but onnxruntime does not compute what its trees say: the probe refuses it.
    const refusedWrong = await activate(wrong);
    expect(refusedWrong.body.code).toBe('model_invalid');
    expect(refusedWrong.body.detail).toMatch(
      new RegExp(
        `^Model ${wrong} cannot be served: probe: onnxruntime and the embedded trees differ by up to 7`,
      ),
    );

    const active = (await modelRows(app)).filter((m) => m.is_active).map((m) => m.version);
    expect(active).toEqual([pointer.version]);
    const activations = await app
      .get(DataSource)
      .query(`SELECT 1 FROM audit_logs WHERE action = 'model.activated'`);
    expect(activations).toEqual([]);
    expect((await estimate(app, teacher).expect(200)).body.model_version).toBe(pointer.version);
    expect((await ready(app).expect(200)).body.details.model).toEqual({
      status: 'up',
      version: pointer.version,
    });
  });
});
