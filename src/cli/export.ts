import 'reflect-metadata';
import { createWriteStream } from 'node:fs';
import { Transform, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Presets, SingleBar } from 'cli-progress';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { DataSource } from 'typeorm';
import { AuditLogRepository } from '../audit/audit-log.repository';
import { AuditService } from '../audit/audit.service';
import { AuditLog } from '../audit/entities/audit-log.entity';
import { describeError } from '../common/errors/describe-error';
import { flattenValidationErrors } from '../common/errors/flatten-validation-errors';
import { ExportQueryDto } from '../import-export/dto/export-query.dto';
import { StudentExporter } from '../import-export/student-exporter';
import { withDataSource } from './cli-database';

const USAGE = `Usage: npm run export -- [--format csv|json|xlsx] [--bom true|false] [--output <file>] [--<filter> <value> ...] > out.csv

Writes the students as CSV (the columns the import accepts), JSON or an XLSX workbook (the CSV's
columns; best with --output students.xlsx) to stdout, or to --output. Takes
the students list's filters, e.g. --gender Male --min_attendance 80 --search STU00. Progress goes to
stderr. --bom true starts a CSV with a UTF-8 byte-order mark, so Excel reads accents (default false).
Reads DATABASE_URL, or the embedded database when it is unset.`;

/** `--name value` and `--name=value` pairs; a repeated name gives a list. */
function parseOptions(argv: string[]): Record<string, string | string[]> | null {
  const out: Record<string, string | string[]> = {};
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i];
    if (!arg.startsWith('--')) return null;
    const eq = arg.indexOf('=');
    const name = (eq > 0 ? arg.slice(2, eq) : arg.slice(2)).replace(/-/g, '_');
    let value: string;
    if (eq > 0) value = arg.slice(eq + 1);
    else if (i + 1 < argv.length && !argv[i + 1].startsWith('--')) value = argv[(i += 1)];
    else return null;
    const previous = out[name];
    out[name] = previous === undefined ? value : [...[previous].flat(), value];
  }
  return out;
}

/** An export asked for on the command line, its filters checked by the API's DTO. */
interface ExportRequest {
  output: string | undefined;
  /** The filters as given, for the audit entry. */
  query: Record<string, string | string[]>;
  dto: ExportQueryDto;
}

/** The request in `args`, or the exit code when it is a request for help or is refused. */
async function readRequest(args: string[]): Promise<ExportRequest | number> {
  if (args.includes('--help') || args.includes('-h')) {
    console.error(USAGE);
    return 0;
  }
  const options = parseOptions(args);
  if (!options) {
    console.error(USAGE);
    return 2;
  }
  const { output, ...query } = options;
  const dto = plainToInstance(ExportQueryDto, query);
  const errors = await validate(dto, { whitelist: true, forbidNonWhitelisted: true });
  if (errors.length > 0) {
    for (const e of flattenValidationErrors(errors)) console.error(`--${e.field}: ${e.message}`);
    return 2;
  }
  if (Array.isArray(output)) {
    console.error('--output may be given once');
    return 2;
  }
  return { output, query, dto };
}

/** Opens the export, audits it, then streams it to the file or stdout with progress on `bar`. */
async function writeExport(
  dataSource: DataSource,
  { output, query, dto }: ExportRequest,
  bar: SingleBar,
): Promise<void> {
  const { format, bom, ...filters } = dto;
  const exported = await new StudentExporter(dataSource).open(filters, format, {
    count: true,
    bom: bom === true,
  });
  await new AuditService(new AuditLogRepository(dataSource.getRepository(AuditLog))).recordSafely({
    action: 'data.export',
    target_type: 'student_profiles',
    details: { format, filters: query, via: 'cli' },
    request: { user_agent: 'npm run export' },
  });
  bar.start(exported.total ?? 0, 0);
  const progress = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      bar.update(exported.rowCount());
      callback(null, chunk);
    },
  });
  const target: Writable = output ? createWriteStream(output) : process.stdout;
  await pipeline(exported.stream, progress, target);
  bar.update(exported.rowCount());
  bar.stop();
  console.error(
    `Exported ${exported.rowCount()} students as ${format}${output ? ` to ${output}` : ''}.`,
  );
}

/**
 * npm run export: the same export as GET /api/data/export, with the same filters (checked by
 * the same DTO), streamed from a database cursor to stdout or a file.
 */
async function main(): Promise<number> {
  const request = await readRequest(process.argv.slice(2));
  if (typeof request === 'number') return request;
  const bar = new SingleBar(
    {
      format: 'Export {bar} {percentage}% | {value}/{total} students',
      hideCursor: true,
      stream: process.stderr,
    },
    Presets.shades_classic,
  );
  await withDataSource((dataSource) => writeExport(dataSource, request, bar), {
    migrationsRun: true,
  });
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`Export failed: ${describeError(error)}`);
    process.exit(2);
  },
);
