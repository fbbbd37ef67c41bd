/**
 * Module boundaries (`npm run boundaries`, run by CI after lint).
 *
 * 1. Each feature folder under src/ is a module. Another module may import only its public
 *    surface: its `*.module.ts`, the files of the services its @Module `exports`, its
 *    `*.errors.ts`, its `dto/` and its `index.ts`. An entity may name another module's entity,
 *    for a relation only.
 * 2. Arrows between modules run one way: each module may import only the modules it declares
 *    below (and common/, config/, database/). The declared arrows are checked to have no cycle.
 *    Relations between entities do not count as arrows: a table may reference another module's.
 * 3. Nothing outside src/predictions/ml/ imports the model library but through its index.ts.
 */
const fs = require('node:fs');
const path = require('node:path');

/** The allowed arrows: module -> the modules it may import (besides common, config, database). */
const DECLARED = {
  audit: [],
  mail: ['audit'],
  users: ['audit'],
  auth: ['users', 'mail', 'audit'],
  students: ['users', 'audit'],
  predictions: ['students', 'users', 'audit'],
  notifications: ['predictions', 'students', 'users', 'mail', 'audit'],
  health: ['predictions'],
  // Reads students', predictions' and alerts' tables in read-only aggregate SQL: the one
  // justified exception to one owner per table (see analytics.module.ts).
  analytics: ['students', 'predictions', 'notifications'],
  'import-export': ['students', 'users', 'audit'],
  privacy: ['students', 'predictions', 'notifications', 'users', 'auth', 'audit'],
  // The demo data: the demo accounts (users), the data set read with the model library's
  // parser (predictions/ml), written by the students module.
  'demo-seed': ['students', 'predictions', 'users'],
};
const BASE = ['common', 'config', 'database'];

/**
 * Files a module offers besides its module, exported services, errors, dto/ and index.ts: the
 * types its exported services take, and the read-only queries and writers it lends to other
 * modules' set-based SQL.
 */
const ALSO_PUBLIC = {
  // The parameters of AuditService.record.
  audit: ['audit-entry.ts', 'audit-context.ts'],
  // What mails written by other modules are made of, and the outbox INSERT for SQL that queues them.
  mail: ['html.ts', 'mail-text.ts', 'mail-message.ts', 'outbox-sql.ts'],
  // Who receives alert mails, and the accounts as auth's session checks and the demo accounts'
  // link read them: read-only fragments over users.
  users: ['alert-email-recipients-sql.ts', 'accounts-sql.ts'],
  // The one factor catalogue, the API's student fields and row shape, the student id rule, the
  // read-only filter and row query over student_profiles that lists, the export and the
  // analytics share, StudentStaging, the students-owned writer imports load through, and the
  // profiles as a read-only fragment for other modules' SQL (predictions, notifications).
  students: [
    'factor-catalogue.ts',
    'student-filters.ts',
    'student-fields.ts',
    'student-row.ts',
    'student-id.ts',
    'student-rows-query.ts',
    'student-staging.ts',
    'student-profiles-sql.ts',
  ],
  // The model library's public API (the training entry point and the seeder use it), and the
  // stored predictions as alert evaluation reads them: a read-only fragment over predictions.
  predictions: ['ml/index.ts', 'stored-predictions-sql.ts'],
};

/**
 * Known exceptions, each with its reason: files exempt from one rule. Keep this list to a few
 * lines, and remove an entry as soon as its reason is gone.
 */
const EXCEPTIONS = [
  // The command-line import and export run import-export's importer and exporter, and build
  // AuditService on its repository, outside the Nest container.
  { rules: ['module-internals', 'foreign-entity'], from: '^src/cli/(import|export)\\.ts$' },
  // A test of the catalogue against the model's encoding internals.
  {
    rules: ['undeclared-module-arrow', 'module-internals', 'ml-through-index'],
    from: '^src/students/factor-catalogue\\.spec\\.ts$',
  },
];

const FEATURES = Object.keys(DECLARED);
const esc = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function assertAcyclic() {
  const state = {};
  const visit = (name, trail) => {
    if (state[name] === 'done') return;
    if (state[name] === 'open')
      throw new Error(`Declared module arrows form a cycle: ${[...trail, name].join(' -> ')}`);
    state[name] = 'open';
    for (const next of DECLARED[name] ?? []) visit(next, [...trail, name]);
    state[name] = 'done';
  };
  for (const name of FEATURES) visit(name, []);
}
assertAcyclic();

/** The files whose classes a module's @Module lists in `exports`. */
function exportedServiceFiles(feature) {
  const dir = path.join(__dirname, 'src', feature);
  const files = [];
  for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.module.ts'))) {
    const text = fs.readFileSync(path.join(dir, file), 'utf8');
    const exported = /exports:\s*\[([^\]]*)\]/.exec(text);
    if (!exported) continue;
    for (const name of exported[1]
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean)) {
      const from = new RegExp(
        `import\\s*\\{[^}]*\\b${name}\\b[^}]*\\}\\s*from\\s*'(\\.[^']+)'`,
      ).exec(text);
      if (from) files.push(path.posix.join('src', feature, from[1]) + '.ts');
    }
  }
  return files;
}

function publicSurface(feature) {
  const root = `^src/${esc(feature)}/`;
  const services = exportedServiceFiles(feature).map((file) => `^${esc(file)}$`);
  const declared = (ALSO_PUBLIC[feature] ?? []).map((file) => `${root}${esc(file)}$`);
  return [
    ...declared,
    `${root}[^/]+\\.module\\.ts$`,
    `${root}[^/]+\\.errors\\.ts$`,
    `${root}dto/`,
    `${root}index\\.ts$`,
    ...services,
  ];
}

const forbidden = [];

for (const feature of FEATURES) {
  const root = `^src/${esc(feature)}/`;
  const surface = publicSurface(feature);
  forbidden.push({
    name: 'module-internals',
    severity: 'error',
    comment: `Only ${feature}'s public surface (module, exported services, errors, dto/, index.ts) may be imported from outside src/${feature}/.`,
    from: { path: '^src/', pathNot: [root, '^src/[^/]+/entities/'] },
    to: { path: root, pathNot: [...surface, `${root}entities/`] },
  });
  forbidden.push({
    name: 'foreign-entity',
    severity: 'error',
    comment: `Only src/${feature}/ reads or writes its tables: others ask its exported services. Naming its entity as a type (import type) is allowed.`,
    from: { path: '^src/', pathNot: [root, '^src/[^/]+/entities/'] },
    to: { path: `${root}entities/`, dependencyTypesNot: ['type-only'] },
  });
  forbidden.push({
    name: 'module-internals',
    severity: 'error',
    comment: `An entity may name ${feature}'s entities (for a relation) or its public surface, nothing else.`,
    from: { path: '^src/[^/]+/entities/', pathNot: root },
    to: { path: root, pathNot: [...surface, `${root}entities/`] },
  });
  const allowed = [feature, ...DECLARED[feature], ...BASE].map(esc).join('|');
  forbidden.push({
    name: 'undeclared-module-arrow',
    severity: 'error',
    comment: `src/${feature}/ may import only ${[...DECLARED[feature], ...BASE].join(', ')} (see DECLARED).`,
    from: { path: root, pathNot: `${root}entities/` },
    to: { path: '^src/[^/]+/', pathNot: `^src/(${allowed})/` },
  });
}

forbidden.push({
  name: 'ml-through-index',
  severity: 'error',
  comment: 'The model library is used through src/predictions/ml/index.ts only.',
  from: { path: '^src/', pathNot: '^src/predictions/ml/' },
  to: { path: '^src/predictions/ml/', pathNot: '^src/predictions/ml/index\\.ts$' },
});

forbidden.push({
  name: 'no-circular',
  severity: 'error',
  comment: 'No import cycles between files.',
  from: { path: '^src/' },
  to: { circular: true },
});

for (const { rules, from } of EXCEPTIONS) {
  for (const r of forbidden.filter((candidate) => rules.includes(candidate.name))) {
    r.from.pathNot = [r.from.pathNot ?? []].flat().concat(from);
  }
}

module.exports = {
  forbidden,
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(node_modules|dist)/' },
    includeOnly: '^src/',
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default'],
    },
    reporterOptions: {
      dot: { collapsePattern: '^src/[^/]+/' },
    },
  },
};
