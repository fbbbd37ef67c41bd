import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../../src/database/data-source-options';
import { FOREIGN_KEYS_OUTSIDE_ENTITIES, schemaDiff } from '../../src/database/schema-drift';

const ACTOR_FK = 'audit_logs_actor_id_fkey';
const RESTORE_ACTOR_FK =
  'ALTER TABLE "audit_logs" ADD CONSTRAINT "audit_logs_actor_id_fkey" FOREIGN KEY (actor_id) REFERENCES users(id) ON DELETE SET NULL';
const DROP_ACTOR_FK = 'ALTER TABLE "audit_logs" DROP CONSTRAINT "audit_logs_actor_id_fkey"';

/**
 * The audit entity names no users entity; the foreign key from audit_logs.actor_id to users is
 * created by the migrations and declared to the drift check in its list of foreign keys outside
 * the entities. These tests run the drift check on this file's own migrated database.
 */
describe('Schema drift check and the audit actor foreign key', () => {
  let dataSource: DataSource;

  beforeAll(async () => {
    dataSource = new DataSource(dataSourceOptions(process.env.DATABASE_URL ?? ''));
    await dataSource.initialize();
  });

  afterAll(async () => {
    await dataSource.destroy();
  });

  /** Runs the statements the check proposes, as a generated migration's `up` would. */
  async function apply(statements: string[]): Promise<void> {
    for (const statement of statements) await dataSource.query(statement);
  }

  it('finds no drift on the migrated schema, which has the actor foreign key', async () => {
    expect(FOREIGN_KEYS_OUTSIDE_ENTITIES.map((key) => key.name)).toEqual([ACTOR_FK]);
    expect(await schemaDiff(dataSource)).toEqual({ up: [], down: [] });
    const rows: { definition: string }[] = await dataSource.query(
      `SELECT pg_get_constraintdef(oid) AS definition FROM pg_constraint WHERE conname = $1`,
      [ACTOR_FK],
    );
    expect(rows).toEqual([
      { definition: 'FOREIGN KEY (actor_id) REFERENCES users(id) ON DELETE SET NULL' },
    ]);
  });

  it('reports the actor foreign key going missing, with the statement that restores it', async () => {
    await dataSource.query(DROP_ACTOR_FK);
    const diff = await schemaDiff(dataSource);
    expect(diff).toEqual({ up: [RESTORE_ACTOR_FK], down: [DROP_ACTOR_FK] });
    await apply(diff.up);
    expect(await schemaDiff(dataSource)).toEqual({ up: [], down: [] });
  });

  it('reports the actor foreign key when it differs from the declared one', async () => {
    await dataSource.query(DROP_ACTOR_FK);
    await dataSource.query(
      `ALTER TABLE audit_logs ADD CONSTRAINT ${ACTOR_FK} FOREIGN KEY (actor_id) REFERENCES users(id) ON DELETE CASCADE`,
    );
    const diff = await schemaDiff(dataSource);
    expect(diff.up).toEqual([DROP_ACTOR_FK, RESTORE_ACTOR_FK]);
    expect(diff.down).toEqual([
      DROP_ACTOR_FK,
      'ALTER TABLE "audit_logs" ADD CONSTRAINT "audit_logs_actor_id_fkey" FOREIGN KEY (actor_id) REFERENCES users(id) ON DELETE CASCADE',
    ]);
    await apply(diff.up);
    expect(await schemaDiff(dataSource)).toEqual({ up: [], down: [] });
  });

  it('still reports drift of everything else: another foreign key and an audit index', async () => {
    await dataSource.query('ALTER TABLE user_sessions DROP CONSTRAINT user_sessions_user_id_fkey');
    await dataSource.query('DROP INDEX audit_logs_action_idx');
    const diff = await schemaDiff(dataSource);
    expect(diff.up).toHaveLength(2);
    expect(diff.up).toEqual(
      expect.arrayContaining([
        expect.stringMatching(
          /^ALTER TABLE "user_sessions" ADD CONSTRAINT "user_sessions_user_id_fkey" /,
        ),
        expect.stringMatching(/^CREATE INDEX "audit_logs_action_idx" ON "audit_logs" \("action"\)/),
      ]),
    );
    await apply(diff.up);
    expect(await schemaDiff(dataSource)).toEqual({ up: [], down: [] });
  });
});
