import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import * as ts from 'typescript';

/**
 * One owner per table (`npm run boundaries`, after dependency-cruiser): each table belongs to the
 * module whose `entities/` folder declares its entity, and only that module's SQL may name it.
 * Other modules splice the read-only fragments or queries the owner exports (whose text lives in
 * the owner's folder) or call its services. Only string and template literals are read, so
 * comments may name any table. src/database/ (schema drift) and src/cli/ are outside the rule, as
 * are the migrations.
 */

/** A source file: its path from the repository root, with forward slashes, and its text. */
export interface SourceFile {
  path: string;
  text: string;
}

/** A module allowed to read (FROM or JOIN, never write) the tables of the owners listed. */
export interface ReadException {
  module: string;
  owners: readonly string[];
  reason: string;
}

export interface Violation {
  path: string;
  line: number;
  table: string;
  owner: string;
}

/** Tables without an entity: the import's temporary staging table, created by students. */
const TABLES_WITHOUT_ENTITY: Record<string, string> = { import_staging: 'students' };

/** Folders under src/ that own no table and are outside the rule. */
const OUTSIDE_THE_RULE = ['database', 'cli'];

/** The known exceptions, each with its reason. Keep this list short. */
export const READ_EXCEPTIONS: readonly ReadException[] = [
  {
    module: 'analytics',
    owners: ['students', 'predictions', 'notifications'],
    reason: 'read-only aggregates over many rows, in one statement each (see analytics.module.ts)',
  },
];

const ENTITY_NAME = /@Entity\(\s*(?:'([a-z_]+)'|\{\s*name:\s*'([a-z_]+)')/g;
const NAMED_TABLE =
  /\b(DELETE\s+FROM|FROM|JOIN|INTO|UPDATE|TABLE|TRUNCATE|REFERENCES|COPY)\s+(?:ONLY\s+)?(?:public\.)?"?([a-z_]+)\b/gi;
const READS = new Set(['from', 'join']);

const moduleOf = (path: string): string => path.split('/')[1];

/** table -> owning module, from the `@Entity` names under each module's entities/ folders. */
export function tableOwners(files: readonly SourceFile[]): Map<string, string> {
  const owners = new Map(Object.entries(TABLES_WITHOUT_ENTITY));
  for (const file of files.filter((f) =>
    /^src\/[^/]+\/(.+\/)?entities\/[^/]+\.entity\.ts$/.test(f.path),
  )) {
    for (const match of file.text.matchAll(ENTITY_NAME)) {
      owners.set(match[1] ?? match[2], moduleOf(file.path));
    }
  }
  return owners;
}

/** Each string or template literal part of `text`, as its raw source and its offset. */
function literals(path: string, text: string): { raw: string; start: number }[] {
  const found: { raw: string; start: number }[] = [];
  const visit = (node: ts.Node): void => {
    if (
      ts.isStringLiteral(node) ||
      ts.isNoSubstitutionTemplateLiteral(node) ||
      ts.isTemplateHead(node) ||
      ts.isTemplateMiddle(node) ||
      ts.isTemplateTail(node)
    ) {
      found.push({ raw: node.getText(), start: node.getStart() });
    }
    node.forEachChild(visit);
  };
  visit(ts.createSourceFile(path, text, ts.ScriptTarget.Latest, true));
  return found;
}

const lineAt = (text: string, offset: number): number => text.slice(0, offset).split('\n').length;

function allowed(
  module: string,
  owner: string,
  keyword: string,
  exceptions: readonly ReadException[],
) {
  return (
    READS.has(keyword.toLowerCase()) &&
    exceptions.some((e) => e.module === module && e.owners.includes(owner))
  );
}

/** The places where a module's SQL names a table another module owns. */
export function foreignTables(
  files: readonly SourceFile[],
  owners: ReadonlyMap<string, string>,
  exceptions: readonly ReadException[] = READ_EXCEPTIONS,
): Violation[] {
  const violations: Violation[] = [];
  for (const file of files) {
    const module = moduleOf(file.path);
    if (OUTSIDE_THE_RULE.includes(module) || file.path.endsWith('.spec.ts')) continue;
    for (const { raw, start } of literals(file.path, file.text)) {
      for (const match of raw.matchAll(NAMED_TABLE)) {
        const [, keyword, table] = match;
        const owner = owners.get(table.toLowerCase());
        if (!owner || owner === module || allowed(module, owner, keyword, exceptions)) continue;
        const line = lineAt(file.text, start + (match.index ?? 0));
        violations.push({ path: file.path, line, table, owner });
      }
    }
  }
  return violations;
}

/** Every .ts file under src/, read from disk. */
function sourceFiles(root: string): SourceFile[] {
  const dir = join(root, 'src');
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith('.ts'))
    .map((name) => ({
      path: relative(root, join(dir, name)).split(sep).join('/'),
      text: readFileSync(join(dir, name), 'utf8'),
    }));
}

function main(): void {
  const files = sourceFiles(join(__dirname, '..', '..'));
  const violations = foreignTables(files, tableOwners(files));
  for (const v of violations) {
    console.error(
      `${v.path}:${v.line}: names ${v.table}, which ${v.owner} owns: use what ${v.owner} exports`,
    );
  }
  if (violations.length > 0) process.exit(1);
  console.log(`Table ownership: no module names another module's table (${files.length} files).`);
}

if (require.main === module) main();
