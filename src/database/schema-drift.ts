import { DataSource } from 'typeorm';
import { quoteIdent } from '../common/sql/quote-ident';

export interface SchemaDiff {
  up: string[];
  down: string[];
}

/** A foreign key the migrations create that no entity declares. */
export interface ForeignKeyOutsideEntities {
  table: string;
  name: string;
  /** As PostgreSQL prints it (`pg_get_constraintdef`). */
  definition: string;
  reason: string;
}

/**
 * Foreign keys that are part of the schema but not of the entity metadata, each with its
 * reason. The drift check does not report them as extra while the database has them as stated
 * here, and reports them (with the statements that restore them) when they are missing or
 * differ. Keep this list short: a foreign key belongs in its entity unless naming the other
 * entity would make a module depend on one that depends on it.
 */
export const FOREIGN_KEYS_OUTSIDE_ENTITIES: readonly ForeignKeyOutsideEntities[] = [
  {
    table: 'audit_logs',
    name: 'audit_logs_actor_id_fkey',
    definition: 'FOREIGN KEY (actor_id) REFERENCES users(id) ON DELETE SET NULL',
    reason:
      'Every module records audit entries, users included: the audit entity names no users entity, so that audit depends on no module.',
  },
];

/** The statement TypeORM writes to drop or add `key` (with or without the schema name). */
function isStatementOn(query: string, key: ForeignKeyOutsideEntities): boolean {
  const table = `(?:"[^"]+"\\.)?${escapeRegExp(quoteIdent(key.table))}`;
  const pattern = new RegExp(
    `^ALTER TABLE ${table} (?:DROP|ADD) CONSTRAINT ${escapeRegExp(quoteIdent(key.name))}(?: |$)`,
  );
  return pattern.test(query);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

const addKey = (key: ForeignKeyOutsideEntities, definition = key.definition) =>
  `ALTER TABLE ${quoteIdent(key.table)} ADD CONSTRAINT ${quoteIdent(key.name)} ${definition}`;
const dropKey = (key: ForeignKeyOutsideEntities) =>
  `ALTER TABLE ${quoteIdent(key.table)} DROP CONSTRAINT ${quoteIdent(key.name)}`;

/** The definition of each listed foreign key in the database, by name (absent: missing). */
async function foreignKeysInDatabase(dataSource: DataSource): Promise<Map<string, string>> {
  const rows: { name: string; definition: string }[] = await dataSource.query(
    `SELECT c.conname AS name, pg_get_constraintdef(c.oid) AS definition
       FROM pg_constraint c
       JOIN pg_class t ON t.oid = c.conrelid
      WHERE c.contype = 'f' AND t.relnamespace = current_schema()::regnamespace
        AND (t.relname, c.conname) IN (SELECT * FROM unnest($1::text[], $2::text[]))`,
    [
      FOREIGN_KEYS_OUTSIDE_ENTITIES.map((k) => k.table),
      FOREIGN_KEYS_OUTSIDE_ENTITIES.map((k) => k.name),
    ],
  );
  return new Map(rows.map((row) => [row.name, row.definition]));
}

/** What the entities need that the database (as migrated) does not have, and its reverse. */
export async function schemaDiff(dataSource: DataSource): Promise<SchemaDiff> {
  const sql = await dataSource.driver.createSchemaBuilder().log();
  const listed = (query: string) =>
    FOREIGN_KEYS_OUTSIDE_ENTITIES.some((k) => isStatementOn(query, k));
  const up = sql.upQueries.map((q) => q.query).filter((q) => !listed(q));
  const down = sql.downQueries
    .map((q) => q.query)
    .filter((q) => !listed(q))
    .reverse();
  const present = await foreignKeysInDatabase(dataSource);
  for (const key of FOREIGN_KEYS_OUTSIDE_ENTITIES) {
    const found = present.get(key.name);
    if (found === key.definition) continue;
    if (found === undefined) {
      up.push(addKey(key));
      down.unshift(dropKey(key));
    } else {
      up.push(dropKey(key), addKey(key));
      down.unshift(dropKey(key), addKey(key, found));
    }
  }
  return { up, down };
}
