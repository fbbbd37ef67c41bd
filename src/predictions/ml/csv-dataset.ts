import * as Papa from 'papaparse';
import { EXAM_SCORE, FACTORS } from '../../students/factor-catalogue';
import { EncodingError, FEATURE_SPECS } from './features';
import { LabelledStudent } from './labelled-student';
import { FactorName, FactorValue, StudentFactors } from './student-factors';

/**
 * Parser for the dataset's raw CSV (`seeds/StudentPerformanceFactors.csv`):
 * Title_Case headers, "Yes"/"No" booleans, blank cells for unknown categories.
 */

/** CSV header of each factor (from the factor catalogue). */
export const CSV_HEADERS = Object.fromEntries(FACTORS.map((f) => [f.name, f.header])) as Readonly<
  Record<FactorName, string>
>;

export const CSV_TARGET_HEADER = EXAM_SCORE.header;

export class CsvRowError extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(`line ${line}: ${message}`);
    this.name = 'CsvRowError';
  }
}

function parseNumber(raw: string, what: string): number {
  const text = raw.trim();
  const value = text === '' ? NaN : Number(text);
  if (!Number.isFinite(value)) throw new EncodingError(`${what}: not a number: "${raw}"`);
  return value;
}

/** Parses one raw CSV record (header → cell text) into StudentFactors. */
export function parseCsvFactors(
  record: Readonly<Record<string, string | undefined>>,
): StudentFactors {
  const out: Partial<Record<FactorName, FactorValue>> = {};
  for (const spec of FEATURE_SPECS) {
    const header = CSV_HEADERS[spec.name];
    const raw = record[header];
    if (raw === undefined) throw new EncodingError(`missing column ${header}`);
    const text = raw.trim();
    switch (spec.kind) {
      case 'numeric':
        out[spec.name] = parseNumber(text, header);
        break;
      case 'boolean':
        if (text !== 'Yes' && text !== 'No') {
          throw new EncodingError(`${header}: expected Yes or No, got "${raw}"`);
        }
        out[spec.name] = text === 'Yes';
        break;
      case 'ordinal':
        if (text === '') {
          if (!spec.nullable) throw new EncodingError(`${header}: value required`);
          out[spec.name] = null;
        } else if ([...(spec.levels ?? []), ...(spec.unlearnt ?? [])].includes(text)) {
          out[spec.name] = text as FactorValue;
        } else {
          throw new EncodingError(`${header}: unknown value "${raw}"`);
        }
        break;
    }
  }
  return out as StudentFactors;
}

export function parseCsvRecord(
  record: Readonly<Record<string, string | undefined>>,
): LabelledStudent {
  const rawScore = record[CSV_TARGET_HEADER];
  if (rawScore === undefined) throw new EncodingError(`missing column ${CSV_TARGET_HEADER}`);
  return { factors: parseCsvFactors(record), examScore: parseNumber(rawScore, CSV_TARGET_HEADER) };
}

/**
 * Parses the whole CSV text. Throws CsvRowError naming the first bad line
 * (line numbers count the header as line 1).
 */
export function parseStudentCsv(text: string): LabelledStudent[] {
  const parsed = Papa.parse<Record<string, string>>(text, {
    header: true,
    skipEmptyLines: 'greedy',
  });
  if (parsed.errors.length > 0) {
    const e = parsed.errors[0];
    throw new CsvRowError((e.row ?? 0) + 2, e.message);
  }
  return parsed.data.map((record, i) => {
    try {
      return parseCsvRecord(record);
    } catch (err) {
      throw new CsvRowError(i + 2, err instanceof Error ? err.message : String(err));
    }
  });
}
