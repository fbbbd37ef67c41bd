import { NestExpressApplication } from '@nestjs/platform-express';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createUserAndLogin } from '../helpers/auth';
import { createTestApp } from '../helpers/test-app';

const run = promisify(execFile);
const ROOT = join(__dirname, '..', '..');
const SDK = join(ROOT, 'sdk');
const TSC = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');

/** The README's first TypeScript example, pointed at this server and signed in as `email`. */
async function readmeExample(baseUrl: string, email: string, password: string): Promise<string> {
  const readme = await readFile(join(SDK, 'README.md'), 'utf8');
  const example = /```ts\n([\s\S]*?)```/.exec(readme)?.[1];
  if (!example) throw new Error('sdk/README.md has no ts example');
  return example
    .replace("'http://localhost:3000'", JSON.stringify(baseUrl))
    .replace("'teacher1@school.edu'", JSON.stringify(email))
    .replace("'Teacher123!'", JSON.stringify(password));
}

/**
 * The SDK as a client developer gets it: `npm pack` of sdk/ (which builds it), installed into a
 * fresh project, whose copy of the README example compiles under strict TypeScript and runs
 * against the live server, as ES module and through require.
 */
describe('SDK package', () => {
  let app: NestExpressApplication;
  let baseUrl: string;
  let project: string;

  beforeAll(async () => {
    app = await createTestApp();
    await app.listen(0, '127.0.0.1');
    baseUrl = (await app.getUrl()).replace('[::1]', '127.0.0.1');
    project = await mkdtemp(join(tmpdir(), 'sdk-client-'));
  }, 180_000);

  afterAll(async () => {
    await app.close();
    await rm(project, { recursive: true, force: true });
  });

  it('packs, installs into a fresh project, and its README example compiles and runs', async () => {
    const npm = { cwd: project, env: { ...process.env, npm_config_loglevel: 'error' } };
    const packed = await run('npm', ['pack', '--json', '--pack-destination', project], {
      ...npm,
      cwd: SDK,
    });
    const [{ filename, files }] = JSON.parse(packed.stdout) as {
      filename: string;
      files: { path: string }[];
    }[];
    const paths = files.map((f) => f.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        'LICENSE',
        'README.md',
        'package.json',
        'dist/esm/index.js',
        'dist/esm/index.d.ts',
        'dist/cjs/index.js',
        'dist/cjs/index.d.ts',
      ]),
    );
    expect(paths.filter((p) => p.startsWith('src/') || p.endsWith('.map'))).toEqual([]);

    await writeFile(
      join(project, 'package.json'),
      JSON.stringify({ name: 'sdk-client', private: true, type: 'module' }),
    );
    await run('npm', ['install', '--no-audit', '--no-fund', join(project, filename)], npm);
    const teacher = await createUserAndLogin(app, { role: 'teacher' });
    await writeFile(
      join(project, 'example.ts'),
      await readmeExample(baseUrl, teacher.user.email, teacher.password),
    );
    await writeFile(
      join(project, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          strict: true,
          target: 'ES2022',
          module: 'NodeNext',
          moduleResolution: 'NodeNext',
          lib: ['ES2022', 'DOM'],
          types: [],
          outDir: 'out',
        },
        files: ['example.ts'],
      }),
    );
    await run(process.execPath, [TSC, '-p', 'tsconfig.json'], npm);
    const { stdout } = await run(process.execPath, [join('out', 'example.js')], npm);
    expect(stdout).toContain(`signed in as ${teacher.user.first_name} (teacher)`);
    expect(stdout).toMatch(/^Student_ID,First_Name,Last_Name/m);
    expect(stdout).toMatch(/^404 student_not_found: .+ \(request [0-9a-f-]{36}\)$/m);

    // The CommonJS build: the same classes through require, and a clear error without a base URL.
    const cjs = await run(
      process.execPath,
      [
        '-e',
        `const sdk = require('@student-performance/sdk');
         const { version } = require('@student-performance/sdk/package.json');
         sdk.listStudents({}).catch((e) => console.log(version, e instanceof Error, e.name, e.message));`,
      ],
      npm,
    );
    const { version } = JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8')) as {
      version: string;
    };
    expect(cjs.stdout).toContain(`${version} true MissingBaseUrlError The SDK has no base URL`);
  }, 240_000);
});
