import { Client } from 'pg';
import { getMetadataArgsStorage } from 'typeorm';
import { StudentProfile } from '../../src/students/entities/student-profile.entity';
import { FACTOR_CHECKS } from '../../src/students/entities/factor-checks';
import type { StudentRow } from '../../src/students/student-row';
import { StudentsRepository } from '../../src/students/students.repository';
import { sampleStudent } from '../../src/predictions/ml/testing/fixtures';

/**
 * The migrations' CHECK constraints state what the entity states (TypeORM's drift check
 * compares constraints by name only): each entity check, added to an empty copy of the table,
 * reads back exactly as the migrated constraint of the same name.
 */
describe('student_profiles CHECK constraints', () => {
  const client = new Client({ connectionString: process.env.DATABASE_URL });
  const checks = getMetadataArgsStorage()
    .checks.filter((c) => c.target === StudentProfile)
    .map((c) => ({ name: c.name as string, expression: c.expression }));

  const runner = {
    query: async <T>(sql: string, parameters?: unknown[]) =>
      (await client.query(sql, parameters)).rows as T,
  };

  beforeAll(() => client.connect());
  afterAll(() => client.end());

  async function definitionOf(table: string, name: string): Promise<string | undefined> {
    const { rows } = await client.query<{ def: string }>(
      `SELECT pg_get_constraintdef(c.oid) AS def FROM pg_constraint c
        WHERE c.conrelid = $1::regclass AND c.conname = $2`,
      [table, name],
    );
    return rows[0]?.def;
  }

  it('declares every factor check of the catalogue on the entity', () => {
    expect(checks.map((c) => c.name)).toEqual(
      expect.arrayContaining(FACTOR_CHECKS.map((c) => c.name)),
    );
    expect(checks).toHaveLength(FACTOR_CHECKS.length + 3);
  });

  it('has the migrated constraints equal to the entity’s expressions', async () => {
    await client.query('BEGIN');
    try {
      await client.query('CREATE TEMP TABLE check_copy (LIKE student_profiles) ON COMMIT DROP');
      for (const { name, expression } of checks) {
        await client.query(`ALTER TABLE check_copy ADD CONSTRAINT "${name}" CHECK (${expression})`);
        const expected = await definitionOf('check_copy', name);
        expect({ name, def: await definitionOf('student_profiles', name) }).toEqual({
          name,
          def: expected,
        });
      }
    } finally {
      await client.query('ROLLBACK');
    }
  });

  it('inserts through the repository, and refuses a value outside the catalogue', async () => {
    // The repository runs its SQL on whatever the transaction host holds: here, the client.
    const profiles = new StudentsRepository({ tx: runner } as never);
    const row: StudentRow = {
      student_id: 'STU9990001',
      first_name: 'Ada',
      last_name: 'Lovelace',
      age: 16,
      email: null,
      ...sampleStudent,
      exam_score: null,
    };
    await client.query('BEGIN');
    try {
      const inserted = await profiles.insert([row]);
      expect(inserted).toEqual([{ id: expect.any(String), student_id: 'STU9990001' }]);
      const { rows } = await client.query<Record<string, unknown>>(
        'SELECT * FROM student_profiles WHERE student_id = $1',
        ['STU9990001'],
      );
      expect(rows[0]).toMatchObject({ ...sampleStudent, first_name: 'Ada', age: 16 });
      expect(await profiles.insert([row])).toEqual([]);
      await expect(
        profiles.insert([{ ...row, student_id: 'STU9990002', peer_influence: 'Hostile' }]),
      ).rejects.toMatchObject({
        code: '23514',
        constraint: 'student_profiles_peer_influence_check',
      });
    } finally {
      await client.query('ROLLBACK');
    }
  });
});
