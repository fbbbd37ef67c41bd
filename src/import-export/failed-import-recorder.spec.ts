import type { AuditEntry } from '../audit/audit-entry';
import type { AuditService } from '../audit/audit.service';
import { CLS_ID, ClsServiceManager } from 'nestjs-cls';
import { RequestContext } from '../common/request-context/request-context';
import type { MainTransactionHost } from '../database/transactions';
import type { DataImportsRepository } from './data-imports.repository';
import { DataImport } from './entities/data-import.entity';
import { FailedImportRecorder, RECORD_RETRY_FIRST_MS } from './failed-import-recorder';

const refused = () =>
  Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });

/** A database whose transactions fail while `down` is true, and keep what they saved. */
function fakeDatabase() {
  const state = {
    down: true,
    attempts: 0,
    imports: [] as DataImport[],
    audits: [] as AuditEntry[],
  };
  const txHost = {
    withTransaction: async (run: () => Promise<void>) => {
      state.attempts += 1;
      if (state.down) throw refused();
      await run();
    },
  } as unknown as MainTransactionHost;
  const imports = {
    save: async (report: DataImport) => {
      const saved = Object.assign(report, { id: `import-${state.imports.length + 1}` });
      state.imports.push(saved);
      return saved;
    },
  } as unknown as DataImportsRepository;
  const audit = {
    record: async (entry: AuditEntry) => {
      state.audits.push(entry);
    },
  } as unknown as AuditService;
  const recorder = () =>
    new FailedImportRecorder(imports, txHost, audit, RequestContext.outsideContainer());
  return { state, recorder };
}

function failedReport(fileName: string): DataImport {
  return Object.assign(new DataImport(), {
    fileName,
    status: 'failed',
    errors: [{ row: 1, column: null, code: 'database_unavailable', message: 'gone' }],
  });
}

const entry: AuditEntry = {
  actor: { id: 'admin-1', role: 'administrator' },
  action: 'data.import',
  outcome: 'failure',
  details: { status: 'failed' },
  request: { ip_address: '10.0.0.1', user_agent: 'test', request_id: 'req-1' },
};

describe('FailedImportRecorder', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('records at once when the database answers', async () => {
    const db = fakeDatabase();
    db.state.down = false;
    const recorder = db.recorder();
    await recorder.record(failedReport('a.csv'), entry);
    expect(db.state.imports.map((r) => r.fileName)).toEqual(['a.csv']);
    expect(db.state.audits).toEqual([
      expect.objectContaining({
        action: 'data.import',
        target_type: 'data_import',
        target_id: 'import-1',
        details: { status: 'failed', error: 'database_unavailable' },
        request: { ip_address: '10.0.0.1', user_agent: 'test', request_id: 'req-1' },
      }),
    ]);
    expect(recorder.waiting()).toBe(0);
  });

  it('takes the current request context, read at once, for an entry that names no request', async () => {
    const db = fakeDatabase();
    db.state.down = false;
    const recorder = db.recorder();
    const cls = ClsServiceManager.getClsService();
    const { request: _request, ...withoutRequest } = entry;
    await cls.run(async () => {
      cls.set(CLS_ID, 'req-9');
      cls.set('ip_address', '203.0.113.9');
      cls.set('user_agent', 'agent/9');
      await recorder.record(failedReport('d.csv'), withoutRequest);
    });
    expect(db.state.audits).toEqual([
      expect.objectContaining({
        request: { ip_address: '203.0.113.9', user_agent: 'agent/9', request_id: 'req-9' },
      }),
    ]);
  });
});

describe('FailedImportRecorder while the database is down', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('keeps the record while the database is down and writes it, once, when it answers', async () => {
    const db = fakeDatabase();
    const recorder = db.recorder();
    (recorder as unknown as { logger: Record<string, unknown> }).logger.warn = () => undefined;
    await recorder.record(failedReport('b.csv'), entry);
    expect(recorder.waiting()).toBe(1);

    // Retries with backoff while it stays down.
    await jest.advanceTimersByTimeAsync(RECORD_RETRY_FIRST_MS);
    await jest.advanceTimersByTimeAsync(RECORD_RETRY_FIRST_MS * 2);
    expect(db.state.attempts).toBe(3);
    expect(db.state.imports).toHaveLength(0);

    db.state.down = false;
    await jest.advanceTimersByTimeAsync(RECORD_RETRY_FIRST_MS * 4);
    expect(db.state.imports.map((r) => r.fileName)).toEqual(['b.csv']);
    expect(db.state.audits).toHaveLength(1);
    expect(recorder.waiting()).toBe(0);

    await jest.advanceTimersByTimeAsync(60_000);
    expect(db.state.imports).toHaveLength(1);
  });

  it('tries once more at shutdown and logs what it could not record', async () => {
    const db = fakeDatabase();
    const recorder = db.recorder();
    const errors: unknown[] = [];
    const logger = (recorder as unknown as { logger: Record<string, unknown> }).logger;
    logger.warn = () => undefined;
    logger.error = (detail: unknown) => errors.push(detail);
    await recorder.record(failedReport('c.csv'), entry);
    await recorder.onApplicationShutdown();
    expect(recorder.waiting()).toBe(0);
    expect(db.state.imports).toHaveLength(0);
    expect(errors).toEqual([expect.objectContaining({ file_name: 'c.csv' })]);
  });
});
